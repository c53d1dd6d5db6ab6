#!/usr/bin/env node
// Runs one example project against the local Cloud Run emulator with the `pulumi` CLI, the way
// `npm run quickstart` runs the quickstart (after `npm run setup`): npm install in the example's
// folder, then pulumi stack select --create, config set, and up (or preview --diff, or destroy).
//   node examples/run.mjs <example> [--preview | --destroy] [--config key=value]…
// The emulator keeps its jobs in .pulumi-state/examples-emulator.json and the stacks live in the
// local file backend, so running an example again shows what changes (nothing, the second time).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { parseArgs } from "node:util";
import { startEmulatorProcess } from "../scripts/emulator-process.mjs";
import { exportedJobs, npmInstall, pulumi } from "../scripts/pulumi-project.mjs";
import { NODE_MIN_MAJOR, ROOT, TOOLS_BIN, toolchainEnv } from "../scripts/toolchain.mjs";

// On an older Node.js, run again on the one `npm run setup` installed (the package needs ≥ 22).
if (Number(process.versions.node.split(".")[0]) < NODE_MIN_MAJOR) {
  const node = path.join(TOOLS_BIN, "node");
  if (!existsSync(node)) {
    process.stderr.write(
      `examples/run.mjs: needs Node.js ${NODE_MIN_MAJOR} or later (this is ${process.version}); run \`npm run setup\` first\n`,
    );
    process.exit(1);
  }
  const child = spawn(node, process.argv.slice(1), { stdio: "inherit", env: toolchainEnv() });
  child.on("close", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  await new Promise(() => {}); // the child's exit ends this process
}

// The project's toolchain for this process and the engine it starts: Node.js and pulumi from
// .tools/bin, the local file backend under .pulumi-state/, no network for Pulumi.
Object.assign(process.env, toolchainEnv());
const require = createRequire(path.join(ROOT, "package.json"));

/** What each example needs from the emulator and its stack, beyond `gcp:project`/`gcp:region`. */
const EXAMPLES = {
  quickstart: {},
  migration: {
    exec: true, // the migration's command runs as a local process; its exit code decides
    config: { migrationCommand: JSON.stringify(["/bin/sh", "-c", "echo migrating the database; sleep 1; exit 0"]) },
  },
  "downstream-outputs": {},
  "downstream-outputs/consumer": {
    config: { producerStack: "organization/cloudrun-jobs-downstream-outputs/example-downstream-outputs" },
  },
  "gcloud-yaml": {},
  adopt: { before: createLegacyJob },
};

const USAGE = `Usage: node examples/run.mjs <example> [--preview | --destroy] [--config key=value]…
Examples: ${Object.keys(EXAMPLES).join(", ")}
`;

function usage(message) {
  process.stderr.write(`examples/run.mjs: ${message}\n${USAGE}`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      preview: { type: "boolean" },
      destroy: { type: "boolean" },
      config: { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
  });
} catch (err) {
  usage(String(err.message).split(". ")[0]);
}
if (parsed.values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const name = parsed.positionals[0];
if (!name || !(name in EXAMPLES)) usage(name ? `no example "${name}"` : "which example?");
const example = EXAMPLES[name];
const projectDir = path.join(ROOT, "examples", name);
if (!existsSync(path.join(ROOT, "dist", "provider", "index.js"))) usage("dist/ is missing: run `npm run setup` first");

const projectName = `cloudrun-jobs-${name.replace(/\//g, "-")}`;
const stackName = `example-${name.replace(/\//g, "-")}`;
const config = { "gcp:project": "examples-project", "gcp:region": "europe-west1" };
for (const [k, v] of Object.entries(example.config ?? {})) config[`${projectName}:${k}`] = v;
for (const pair of parsed.values.config ?? []) {
  const i = pair.indexOf("=");
  if (i <= 0) usage(`--config takes key=value, got "${pair}"`);
  const key = pair.slice(0, i);
  config[key.includes(":") ? key : `${projectName}:${key}`] = pair.slice(i + 1);
}

function startEmulator() {
  return startEmulatorProcess("examples-emulator.json", example.exec ? ["--exec"] : []);
}

/** For `adopt`: the job it adopts, made as gcloud or the console would have made it. */
async function createLegacyJob(address) {
  const { v2 } = require("@google-cloud/run");
  const { grpc } = require("google-gax");
  const [host, port] = address.split(":");
  const jobs = new v2.JobsClient({
    apiEndpoint: host,
    port: Number(port),
    sslCreds: grpc.credentials.createInsecure(),
    universeDomain: "googleapis.com",
  });
  const parent = `projects/${config["gcp:project"]}/locations/${config["gcp:region"]}`;
  const jobId = config[`${projectName}:jobName`] ?? "legacy-cleanup";
  try {
    await jobs.getJob({ name: `${parent}/jobs/${jobId}` });
  } catch {
    console.log(`adopt: creating ${jobId} in the emulator, as if made with gcloud`);
    const [op] = await jobs.createJob({
      parent,
      jobId,
      job: {
        labels: { owner: "ops" },
        template: {
          taskCount: 2,
          template: {
            maxRetries: 1,
            containers: [{ image: "us-docker.pkg.dev/cloudrun/container/job:latest", args: ["--older-than=30d"] }],
          },
        },
      },
    });
    await op.promise();
  } finally {
    await jobs.close();
  }
}

const { child, address } = await startEmulator();
console.log(`examples/${name}: Cloud Run emulator on ${address}${example.exec ? " (--exec)" : ""}`);
const env = { CLOUD_RUN_EMULATOR_HOST: address };
/** One pulumi command, shown as a terminal shows it; throws when it fails. */
async function step(args) {
  const r = await pulumi(projectDir, args, { env, echo: true, capture: args[0] === "config" });
  if (r.code !== 0) throw new Error(`\`pulumi ${args.join(" ")}\` failed (exit ${r.code}); its output is above`);
  return r.stdout;
}
try {
  console.log(`examples/${name}: npm install in examples/${name}`);
  npmInstall(projectDir, { quiet: true });
  if (!parsed.values.destroy) await example.before?.(address);
  await step(["stack", "select", "--create", stackName]);
  // The stack's config is exactly this run's: the defaults plus --config (none left from earlier runs).
  const current = Object.keys(JSON.parse(await step(["config", "--json"])));
  for (const key of current.filter((k) => !(k in config))) await step(["config", "rm", key]);
  for (const [key, value] of Object.entries(config)) await step(["config", "set", key, value]);
  if (parsed.values.destroy) {
    await step(["destroy", "--yes"]);
  } else if (parsed.values.preview) {
    await step(["preview", "--diff"]);
  } else {
    await step(["up", "--yes"]);
    if ((await exportedJobs(projectDir, stackName, env)).length === 0)
      throw new Error("`pulumi up` succeeded but the stack holds no Job: the program declared none");
    await step(["stack", "output"]);
    console.log(`\nexamples/${name}: destroy with: node examples/run.mjs ${name} --destroy`);
  }
} catch (err) {
  process.stderr.write(`\nexamples/${name}: ${err.message}\n`);
  process.exitCode = 1;
} finally {
  child.kill("SIGTERM");
}
