#!/usr/bin/env node
// `npm run quickstart`: start the Cloud Run emulator, then run the `pulumi` CLI itself on the
// quickstart project (examples/quickstart), exactly the commands a user types:
//   npm install · pulumi stack select --create · pulumi config set · pulumi up --yes · pulumi stack output
//   npm run quickstart              create or update the quickstart stack
//   npm run quickstart -- --destroy destroy it
// The stack lives in the local file backend (.pulumi-state/), the job in the emulator's state
// file, so a second run shows no changes.
//
// Nothing it starts outlives it: when its output is cut off (`npm run quickstart | head -3`:
// EPIPE on stdout, SIGPIPE), on SIGINT, SIGTERM or SIGHUP, it interrupts the running `pulumi`
// (SIGINT: it cancels; SIGKILL if it has not exited 10 s later), stops the emulator and exits.
// Should it exit any other way, its exit handler signals both; and the emulator runs with
// --exit-with-parent, so even a SIGKILL of this script does not leave it running.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { startEmulatorProcess } from "./emulator-process.mjs";
import { exportedJobs, npmInstall, pulumi } from "./pulumi-project.mjs";
import { ROOT } from "./toolchain.mjs";

const destroy = process.argv.includes("--destroy");
const STACK = "quickstart";
const PROJECT_DIR = path.join(ROOT, "examples", "quickstart");
const say = (msg) => console.log(`quickstart: ${msg}`);

function fail(msg) {
  console.error(`\nquickstart: ${msg}`);
  process.exitCode = 1;
}

// The processes started here that are still running: the emulator and the current `pulumi`.
/** @type {Set<import("node:child_process").ChildProcess>} */
const children = new Set();
/** @type {import("node:child_process").ChildProcess | undefined} */
let emulatorChild;
/** @type {ReturnType<typeof startEmulatorProcess> | undefined} while and once it starts */
let emulatorStarting;
/** @param {import("node:child_process").ChildProcess} child */
function track(child) {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}
/** Resolves once `child` has exited, or after `ms`; true when it exited. */
function exited(child, ms) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** The processes `pid` started, and theirs (pgrep; none where there is no pgrep). */
function descendants(pid) {
  let direct = [];
  try {
    direct = execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .map(Number);
  } catch {
    /* none, or no pgrep */
  }
  return direct.flatMap((p) => [p, ...descendants(p)]);
}

let stopping = false;
/**
 * Stops what runs (the `pulumi` command first: it may still need the emulator to cancel), then
 * exits with `code`. Output is no longer written: it may be what was cut off.
 */
async function stop(why, code) {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  try {
    process.stderr.write(`\nquickstart: ${why}; stopping the emulator${children.size > 1 ? " and pulumi" : ""}\n`);
  } catch {
    /* stderr is gone too */
  }
  if (!emulatorChild && emulatorStarting) {
    // Cut off while the emulator starts: it is stopped once it is up (or has failed to start).
    const up = await Promise.race([emulatorStarting.catch(() => undefined), new Promise((r) => setTimeout(r, 10_000))]);
    if (up) emulatorChild = track(up.child);
  }
  const emulator = emulatorChild && children.has(emulatorChild) ? emulatorChild : undefined;
  for (const child of children) {
    if (child === emulator) continue;
    // A `pulumi` that dies of the signal (one that comes before it handles SIGINT) does not
    // stop its plugins, and Pulumi's language host then waits for its 5-minute health check:
    // what it had started and is still running once it has exited is stopped here.
    const started = descendants(child.pid);
    child.kill("SIGINT");
    if (!(await exited(child, 10_000))) child.kill("SIGKILL");
    for (const pid of started) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        /* exited with it, as it should */
      }
    }
  }
  if (emulator) {
    emulator.kill("SIGTERM");
    if (!(await exited(emulator, 5_000))) emulator.kill("SIGKILL");
  }
  process.exit(code);
}
// Output cut off: a write to the closed pipe fails with EPIPE (Node ignores SIGPIPE by default,
// so this, not the signal, is what a cut-off pipe looks like here).
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err) => {
    if (!stopping) void stop(`${stream === process.stdout ? "stdout" : "stderr"} was closed (${err.code ?? err.message})`, 141);
  });
}
for (const [signal, code] of [
  ["SIGPIPE", 141],
  ["SIGINT", 130],
  ["SIGTERM", 143],
  ["SIGHUP", 129],
]) {
  process.on(signal, () => void stop(signal, code));
}
// The last resort, whatever the exit: it cannot wait, so it only signals.
process.on("exit", () => {
  for (const child of children) child.kill(child === emulatorChild ? "SIGTERM" : "SIGINT");
});

say("npm install in examples/quickstart (the package by path, as a copy)");
npmInstall(PROJECT_DIR, { quiet: true });

emulatorStarting = startEmulatorProcess("quickstart-emulator.json", ["--exit-with-parent"]);
const started = await emulatorStarting;
emulatorChild ??= track(started.child);
const address = started.address;
say(`Cloud Run emulator on ${address}; CLOUD_RUN_EMULATOR_HOST=${address}`);
const env = { CLOUD_RUN_EMULATOR_HOST: address };
/** Runs one pulumi command as a terminal shows it; false (and the exit code set) when it failed. */
async function step(args) {
  if (stopping) return false;
  const r = await pulumi(PROJECT_DIR, args, { env, echo: true, capture: false, onSpawn: track });
  if (stopping) return false;
  if (r.code !== 0) fail(`\`pulumi ${args.join(" ")}\` failed (exit ${r.code}); its output is above`);
  return r.code === 0;
}
try {
  const ok =
    (await step(["stack", "select", "--create", STACK])) &&
    (await step(["config", "set", "gcp:project", "quickstart-project"])) &&
    (await step(["config", "set", "gcp:region", "europe-west1"])) &&
    (await step(destroy ? ["destroy", "--yes"] : ["up", "--yes"]));
  if (ok && destroy) {
    say("destroyed.");
  } else if (ok) {
    // A program that declared nothing "succeeds" too (a wrong `main`, a program that threw
    // nothing but ran nothing): the state must hold the job.
    const jobs = await exportedJobs(PROJECT_DIR, STACK, env);
    if (stopping) {
      // stop() is stopping everything and exits
    } else if (jobs.length === 0) {
      fail(
        "`pulumi up` succeeded but the stack holds no Job: the program declared none (check `main` in examples/quickstart/package.json)",
      );
    } else if (await step(["stack", "output"])) {
      say(
        `${jobs.length} job(s) in the stack; the job itself lives in the emulator's state file (.pulumi-state/quickstart-emulator.json).`,
      );
      say("run it again: nothing changes. Destroy it with: npm run quickstart -- --destroy");
    }
  }
} finally {
  if (!stopping) {
    emulatorChild.kill("SIGTERM");
    await exited(emulatorChild, 5_000);
  }
}
