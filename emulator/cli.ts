#!/usr/bin/env node
// `cloudrun-emulator`: a local Cloud Run Jobs (Admin API v2, gRPC) emulator.
import { parseArgs } from "node:util";
import { startEmulator } from "./server";

const HELP = `Usage: cloudrun-emulator [options]

A local emulator of the Cloud Run Admin API v2 (gRPC) for Jobs.
Point @google-cloud/run (or this project's provider) at it with
  CLOUD_RUN_EMULATOR_HOST=127.0.0.1:<port>

Options:
  --port <n>    port to listen on; 0 picks a free one (default 8090)
  --host <ip>   interface to bind (default 127.0.0.1, loopback only)
  --quiet       no log line per RPC
  -h, --help    this help
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "8090" },
      host: { type: "string", default: "127.0.0.1" },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`cloudrun-emulator: --port must be an integer from 0 to 65535, got "${values.port}"`);
    process.exit(2);
  }
  const emulator = await startEmulator({ host: values.host, port, quiet: values.quiet });
  console.log(`cloudrun-emulator ready on ${emulator.address} (export CLOUD_RUN_EMULATOR_HOST=${emulator.address})`);
  const shutdown = async (signal: string) => {
    console.log(`cloudrun-emulator: ${signal}, shutting down`);
    await emulator.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((err: unknown) => {
  console.error(`cloudrun-emulator: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
