// `cloudrun-emulator`: a local Cloud Run Jobs (Admin API v2, gRPC) emulator, and
// `cloudrun-emulator control <address> …` to change a running one's faults.
import { mkdirSync } from "node:fs";
import { parseArgs } from "node:util";
import type { FaultKind, FaultSpec } from "../state/faults";
import { parseProjectNumber } from "../state/projects";
import { DEFAULT_GCLOUD_PROJECT, exportLines, gcloudEnv } from "../rest/gcloud";
import { connectControl } from "../rpc/control";
import { connectIdentityControl } from "../rpc/identity-control";
import { startEmulator } from "../server";

const HELP = `Usage: cloudrun-emulator [options]
       cloudrun-emulator control <host:port> <command> [argument]
       cloudrun-emulator env gcloud [--port <n>] [--project <id>] [--region <r>]

A local emulator of the Cloud Run Admin API v2 (gRPC) for Jobs: Jobs, Executions, Tasks and
google.longrunning.Operations on one port. Point @google-cloud/run (or this project's
provider) at it with CLOUD_RUN_EMULATOR_HOST=127.0.0.1:<port>.

Options:
  --port <n>              port to listen on; 0 picks a free one (default 8090)
  --host <ip>             interface to bind (default 127.0.0.1, loopback only)
  --state-file <path>     keep jobs and executions in this JSON file across restarts
  --task-duration <d>     how long a simulated task attempt takes (default 1s)
  --start-delay <d>       time from an execution's creation to its start (default 0)
  --exec                  run each container's command + args as a local process with
                          Cloud Run's task environment; its exit code decides the outcome
                          (containers without a command stay simulated)
  --speed <factor>        run the execution clock faster: 60 makes 10 minutes take 10 s
  --fault <spec>          inject a fault from the start (repeatable), e.g.
                            rpc=GetJob,code=UNAVAILABLE,times=2
                            rpc=ListJobs,code=INTERNAL,fraction=0.5
                            rpc=*,latency=200ms
                            rpc=RunJob,kind=operation,code=INTERNAL
                            rpc=GetOperation,kind=drop
  --location <region>     accept this region too (repeatable)
  --project-number <id=n> the project number of a project id (repeatable; default: a
                          stable number derived from the id). v1 answers name it.
  --deny-permission <p>   refuse this IAM permission to every caller (repeatable), e.g.
                          run.jobs.runWithOverrides: testIamPermissions leaves it out and
                          the calls that need it fail with PERMISSION_DENIED
  --max-log-entries <n>   task log entries kept per project (default 10000; the oldest
                          are dropped first). Tasks' output is served as Cloud Logging
                          entries: ListLogEntries (gRPC), POST /v2/entries:list (REST)
  --token <token>=<who>   a bearer token stands for this identity (repeatable): the creator
                          and last modifier of what its calls make. Other tokens: see README
  --deny-identity <sa>    no one may impersonate this service account (repeatable): IAM
                          Credentials generateAccessToken answers PERMISSION_DENIED
  --quiet                 no log line per RPC
  --exit-with-parent      stop when the process that started it is gone (for scripts
                          that start it as a child: it never outlives them)
  -h, --help              this help

Control commands (against a running emulator):
  add-fault <spec>  remove-fault <id>  clear-faults  list-faults  calls  reset-calls  reset
  deny-permissions <p1,p2,…>   (an empty argument grants everything again)
  deny-identity <sa>  allow-identity <sa>  register-token <token>=<who>  list-identities

gcloud against the emulator (prints export lines; the emulator is gcloud's HTTP proxy and
answers the hosts they name, Run's and Logging's, and refuses everything else):
  eval "$(cloudrun-emulator env gcloud --port 8090)"
  gcloud run jobs create hello --image us-docker.pkg.dev/cloudrun/container/job --region europe-west1
  gcloud run jobs logs read hello --region europe-west1
  options: --port (default 8090), --host (default 127.0.0.1), --project (default
  ${DEFAULT_GCLOUD_PROJECT}), --region (sets CLOUDSDK_RUN_REGION), --config-dir (default: a
  directory per port under the temp dir; created)
`;

/** `cloudrun-emulator env gcloud`: the export lines that point gcloud at an emulator. */
function envCommand(args: string[]): void {
  const [tool, ...rest] = args;
  if (tool !== "gcloud")
    throw new Error(`usage: cloudrun-emulator env gcloud [--port <n>] [--project <id>] [--region <r>] (got "${tool ?? ""}")`);
  const { values } = parseArgs({
    args: rest,
    options: {
      port: { type: "string", default: "8090" },
      host: { type: "string", default: "127.0.0.1" },
      project: { type: "string", default: DEFAULT_GCLOUD_PROJECT },
      region: { type: "string" },
      "config-dir": { type: "string" },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port <= 0 || port > 65535)
    throw new Error(`--port must be the emulator's port (1 to 65535), got "${values.port}"`);
  const env = gcloudEnv({
    port,
    host: values.host,
    project: values.project,
    logging: true,
    ...(values.region ? { region: values.region } : {}),
    ...(values["config-dir"] ? { configDir: values["config-dir"] } : {}),
  });
  mkdirSync(env.CLOUDSDK_CONFIG!, { recursive: true });
  process.stdout.write(exportLines(env));
}

async function control(args: string[]): Promise<void> {
  const [address, command, argument] = args;
  if (!address || !command) throw new Error("usage: cloudrun-emulator control <host:port> <command> [argument]");
  if (IDENTITY_COMMANDS.has(command)) return identityControl(address, command, argument);
  const client = connectControl(address);
  try {
    const result = await (async () => {
      switch (command) {
        case "add-fault":
          return client.addFault(parseFaultSpec(argument ?? ""));
        case "remove-fault":
          return client.removeFault(argument ?? "");
        case "clear-faults":
          return client.clearFaults();
        case "list-faults":
          return client.listFaults();
        case "calls":
          return client.calls();
        case "reset-calls":
          return client.resetCalls();
        case "reset":
          return client.reset();
        case "deny-permissions":
          return client.denyPermissions((argument ?? "").split(",").filter(Boolean));
        default:
          throw new Error(`unknown control command "${command}"`);
      }
    })();
    process.stdout.write(`${JSON.stringify(result ?? { ok: true }, null, 2)}\n`);
  } finally {
    client.close();
  }
}

const IDENTITY_COMMANDS = new Set(["deny-identity", "allow-identity", "register-token", "list-identities"]);

/** The control commands about who calls (rpc/identity-control.ts). */
async function identityControl(address: string, command: string, argument: string | undefined): Promise<void> {
  const client = connectIdentityControl(address);
  try {
    const result = await (async () => {
      switch (command) {
        case "deny-identity":
          return client.denyIdentity(argument ?? "");
        case "allow-identity":
          return { allowed: await client.allowIdentity(argument ?? "") };
        case "register-token": {
          const [token, identity] = parseTokenSpec(argument ?? "");
          return client.registerToken(token, identity);
        }
        default:
          return client.listIdentities();
      }
    })();
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    client.close();
  }
}

async function serve(): Promise<void> {
  const startedBy = process.ppid; // before the server starts: the parent may go meanwhile
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "8090" },
      host: { type: "string", default: "127.0.0.1" },
      "state-file": { type: "string" },
      "task-duration": { type: "string", default: "1s" },
      "start-delay": { type: "string", default: "0" },
      exec: { type: "boolean", default: false },
      speed: { type: "string", default: "1" },
      fault: { type: "string", multiple: true, default: [] },
      location: { type: "string", multiple: true, default: [] },
      quiet: { type: "boolean", default: false },
      "exit-with-parent": { type: "boolean", default: false },
      "project-number": { type: "string", multiple: true, default: [] },
      "max-log-entries": { type: "string", default: "10000" },
      "deny-permission": { type: "string", multiple: true, default: [] },
      token: { type: "string", multiple: true, default: [] },
      "deny-identity": { type: "string", multiple: true, default: [] },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be an integer from 0 to 65535, got "${values.port}"`);
  const maxLogEntries = Number(values["max-log-entries"]);
  if (!Number.isInteger(maxLogEntries) || maxLogEntries <= 0)
    throw new Error(`--max-log-entries must be a positive integer, got "${values["max-log-entries"]}"`);
  const speed = Number(values.speed);
  if (!(speed > 0)) throw new Error(`--speed must be a positive number, got "${values.speed}"`);
  const emulator = await startEmulator({
    host: values.host,
    port,
    quiet: values.quiet,
    exec: values.exec,
    speed,
    taskDurationMs: parseDurationMs(values["task-duration"], "--task-duration"),
    startDelayMs: parseDurationMs(values["start-delay"], "--start-delay"),
    faults: values.fault.map(parseFaultSpec),
    extraLocations: values.location,
    projectNumbers: Object.fromEntries(values["project-number"].map(parseProjectNumber)),
    maxLogEntries,
    deniedPermissions: values["deny-permission"],
    tokens: Object.fromEntries(values.token.map(parseTokenSpec)),
    deniedIdentities: values["deny-identity"],
    ...(values["state-file"] ? { stateFile: values["state-file"] } : {}),
  });
  console.log(`cloudrun-emulator ready on ${emulator.address} (export CLOUD_RUN_EMULATOR_HOST=${emulator.address})`);
  console.log(`cloudrun-emulator: for gcloud, eval "$(cloudrun-emulator env gcloud --port ${emulator.port})"`);
  const shutdown = async (signal: string) => {
    console.log(`cloudrun-emulator: ${signal}, shutting down`);
    await emulator.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  if (values["exit-with-parent"]) {
    // Reparented (to 1 or a subreaper) once the parent has exited, however it exited (SIGKILL
    // included). The timer is unref'd: the server, not this check, keeps the process alive.
    const watch = setInterval(() => {
      if (process.ppid === startedBy) return;
      clearInterval(watch);
      void shutdown(`parent ${startedBy} gone`);
    }, 1000).unref();
  }
}

const argv = process.argv.slice(2);
(argv[0] === "control"
  ? control(argv.slice(1))
  : argv[0] === "env"
    ? Promise.resolve().then(() => envCommand(argv.slice(1)))
    : serve()
).catch((err: unknown) => {
  console.error(`cloudrun-emulator: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(argv[0] === "control" || argv[0] === "env" ? 1 : 2);
});

// Parsing helpers for the CLI: durations ("500ms", "2s", "1m", bare numbers are ms) and
// fault specs ("rpc=GetJob,code=UNAVAILABLE,times=2" or a JSON object).

export function parseDurationMs(text: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new Error(`${flag} must be a duration like 500ms, 2s or 1m, got "${text}"`);
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] ?? "ms"]!;
  return Number(m[1]) * factor;
}

/** `<token>=<identity>` (split at the last `=`: a token may end in base64 padding). */
export function parseTokenSpec(text: string): [string, string] {
  const i = text.lastIndexOf("=");
  const token = text.slice(0, i).trim();
  const identity = text.slice(i + 1).trim();
  // The token is not echoed: it is a credential.
  if (i <= 0 || !token || !identity) throw new Error("expected <token>=<identity>, e.g. my-token=someone@example.com");
  return [token, identity];
}

export function parseFaultSpec(text: string): FaultSpec {
  if (text.trim().startsWith("{")) return JSON.parse(text) as FaultSpec;
  const spec: Record<string, string> = {};
  for (const part of text.split(",")) {
    const i = part.indexOf("=");
    if (i <= 0) throw new Error(`fault "${text}": expected key=value pairs, got "${part}"`);
    spec[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  if (!spec.rpc) throw new Error(`fault "${text}": rpc= is required`);
  return {
    rpc: spec.rpc,
    ...(spec.kind ? { kind: spec.kind as FaultKind } : {}),
    ...(spec.code ? { code: spec.code } : {}),
    ...(spec.message ? { message: spec.message } : {}),
    ...(spec.times ? { times: Number(spec.times) } : {}),
    ...(spec.fraction ? { fraction: Number(spec.fraction) } : {}),
    ...(spec.latency ? { latencyMs: parseDurationMs(spec.latency, "latency") } : {}),
  };
}
