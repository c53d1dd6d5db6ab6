#!/usr/bin/env node
// `npm run quickstart`: start the Cloud Run emulator, then run the `pulumi` CLI itself on the
// quickstart project (examples/quickstart), exactly the commands a user types:
//   npm install · pulumi stack select --create · pulumi config set · pulumi up --yes · pulumi stack output
//   npm run quickstart              create or update the quickstart stack
//   npm run quickstart -- --destroy destroy it
// The stack lives in the local file backend (.pulumi-state/), the job in the emulator's state
// file, so a second run shows no changes.
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

say("npm install in examples/quickstart (the package by path, as a copy)");
npmInstall(PROJECT_DIR, { quiet: true });

const { child, address } = await startEmulatorProcess("quickstart-emulator.json");
say(`Cloud Run emulator on ${address}; CLOUD_RUN_EMULATOR_HOST=${address}`);
const env = { CLOUD_RUN_EMULATOR_HOST: address };
/** Runs one pulumi command as a terminal shows it; false (and the exit code set) when it failed. */
async function step(args) {
  const r = await pulumi(PROJECT_DIR, args, { env, echo: true, capture: false });
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
    if (jobs.length === 0) {
      fail("`pulumi up` succeeded but the stack holds no Job: the program declared none (check `main` in examples/quickstart/package.json)");
    } else if (await step(["stack", "output"])) {
      say(`${jobs.length} job(s) in the stack; the job itself lives in the emulator's state file (.pulumi-state/quickstart-emulator.json).`);
      say("run it again: nothing changes. Destroy it with: npm run quickstart -- --destroy");
    }
  }
} finally {
  child.kill("SIGTERM");
}
