#!/usr/bin/env node
// `npm run quickstart`: start the Cloud Run emulator, `pulumi up` the quickstart example
// on the local file backend, print the stack outputs, and say how to destroy.
//   npm run quickstart              create or update the quickstart stack
//   npm run quickstart -- --destroy destroy it
// The engine is driven through the Automation API with the example as an inline program
// (no pulumi-language-nodejs is needed: see README, "Limitations").
import { createRequire } from "node:module";
import path from "node:path";
import { startEmulatorProcess } from "./emulator-process.mjs";
import { ROOT } from "./toolchain.mjs";

const require = createRequire(path.join(ROOT, "package.json"));
const { LocalWorkspace } = require("@pulumi/pulumi/automation");

const destroy = process.argv.includes("--destroy");
const STACK = "quickstart";

const { child, address } = await startEmulatorProcess("quickstart-emulator.json");
console.log(`quickstart: Cloud Run emulator on ${address}`);
try {
  const stack = await LocalWorkspace.createOrSelectStack(
    {
      stackName: STACK,
      projectName: "cloudrun-jobs-quickstart",
      program: async () => require(path.join(ROOT, "dist", "examples", "quickstart", "index.js")),
    },
    {
      workDir: ROOT,
      envVars: { CLOUD_RUN_EMULATOR_HOST: address },
    },
  );
  await stack.setConfig("gcp:project", { value: "quickstart-project" });
  await stack.setConfig("gcp:region", { value: "europe-west1" });
  if (destroy) {
    await stack.destroy({ onOutput: (s) => process.stdout.write(s) });
    console.log("\nquickstart: destroyed.");
  } else {
    await stack.up({ onOutput: (s) => process.stdout.write(s) });
    const outputs = await stack.outputs();
    console.log("\nquickstart: stack outputs");
    for (const [key, { value }] of Object.entries(outputs)) {
      console.log(`  ${key}: ${JSON.stringify(value)}`);
    }
    console.log("\nquickstart: the job lives in the emulator's state file (.pulumi-state/quickstart-emulator.json).");
    console.log("quickstart: to destroy it: npm run quickstart -- --destroy");
  }
} finally {
  child.kill("SIGTERM");
}
