// Starts the built `cloudrun-emulator` as a child process, for the quickstart and the example
// runner, and resolves with its address once its ready line names it.
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { ROOT, STATE_DIR } from "./toolchain.mjs";

/**
 * @param {string} stateFile  file name under .pulumi-state/: the jobs survive between runs
 * @param {string[]} [extraArgs]
 * @returns {Promise<{ child: import("node:child_process").ChildProcess, address: string }>}
 */
export function startEmulatorProcess(stateFile, extraArgs = []) {
  mkdirSync(STATE_DIR, { recursive: true });
  const args = ["--port", "0", "--quiet", "--state-file", path.join(STATE_DIR, stateFile), ...extraArgs];
  const child = spawn(process.execPath, [path.join(ROOT, "dist", "emulator", "cli.js"), ...args], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const m = /(127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve({ child, address: m[1] });
    });
    child.on("exit", (code) => reject(new Error(`the emulator exited (${code}) before it was ready:\n${out}`)));
  });
}
