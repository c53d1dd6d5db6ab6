#!/usr/bin/env node
// Runs a command in the project's toolchain environment: Node.js >= 22 and Pulumi from
// .tools/bin first on PATH, the local file backend, and no network for Pulumi.
import { spawn } from "node:child_process";
import { ROOT, toolchainEnv } from "./toolchain.mjs";

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error("usage: node scripts/with-toolchain.mjs <command> [args...]");
  process.exit(2);
}
const env = toolchainEnv();
// Output that goes to a file or a pipe (CI's log, `| tail`) carries no colour codes: vitest turns
// colour on whenever CI is set, terminal or not. FORCE_COLOR still wins.
if (!process.stdout.isTTY && !("FORCE_COLOR" in env)) env.NO_COLOR = "1";
const child = spawn(cmd, args, { stdio: "inherit", cwd: ROOT, env });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("close", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
