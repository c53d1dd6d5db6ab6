#!/usr/bin/env node
// Runs one example on the real Pulumi engine against the local Cloud Run emulator, the way
// `npm run quickstart` runs the quickstart (after `npm run setup`):
//   node examples/run.mjs <example> [--preview | --destroy] [--config key=value]…
// The emulator keeps its jobs in .pulumi-state/examples-emulator.json and the stacks live in the
// local file backend, so running an example again shows what changes (nothing, the second time).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { parseArgs } from "node:util";
import { startEmulatorProcess } from "../scripts/emulator-process.mjs";
import { NODE_MIN_MAJOR, ROOT, STATE_DIR, TOOLS_BIN, toolchainEnv } from "../scripts/toolchain.mjs";

// On an older Node.js, run again on the one `npm run setup` installed (the package needs ≥ 22).
if (Number(process.versions.node.split(".")[0]) < NODE_MIN_MAJOR) {
  const node = path.join(TOOLS_BIN, "node");
  if (!existsSync(node)) {
    process.stderr.write(`examples/run.mjs: needs Node.js ${NODE_MIN_MAJOR} or later (this is ${process.version}); run \`npm run setup\` first\n`);
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
    options: { preview: { type: "boolean" }, destroy: { type: "boolean" }, config: { type: "string", multiple: true }, help: { type: "boolean", short: "h" } },
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
const program = path.join(ROOT, "dist", "examples", name, "index.js");
if (!existsSync(program)) usage(`${path.relative(ROOT, program)} is missing: run \`npm run build\` first`);

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
  const jobs = new v2.JobsClient({ apiEndpoint: host, port: Number(port), sslCreds: grpc.credentials.createInsecure(), universeDomain: "googleapis.com" });
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
        template: { taskCount: 2, template: { maxRetries: 1, containers: [{ image: "us-docker.pkg.dev/cloudrun/container/job:latest", args: ["--older-than=30d"] }] } },
      },
    });
    await op.promise();
  } finally {
    await jobs.close();
  }
}

const { LocalWorkspace } = require("@pulumi/pulumi/automation");
const workDir = path.join(STATE_DIR, "examples", stackName);
/** What the program itself threw: the engine's output does not show it. */
let programError;
mkdirSync(workDir, { recursive: true });
const { child, address } = await startEmulator();
console.log(`examples/${name}: Cloud Run emulator on ${address}${example.exec ? " (--exec)" : ""}`);
try {
  if (!parsed.values.destroy) await example.before?.(address);
  const stack = await LocalWorkspace.createOrSelectStack(
    {
      stackName,
      projectName,
      // Loaded anew on each run of the program: it declares its resources when it loads.
      program: async () => {
        delete require.cache[program];
        try {
          return require(program);
        } catch (err) {
          programError = err;
          throw err;
        }
      },
    },
    {
      // A work folder per example (Pulumi.yaml names the project); `main` is the repository, so
      // the dynamic-provider process resolves pulumi-cloudrun-jobs/impl from its node_modules.
      workDir,
      projectSettings: { name: projectName, runtime: "nodejs", main: ROOT },
      envVars: { CLOUD_RUN_EMULATOR_HOST: address },
    },
  );
  // The stack's config is exactly this run's: the defaults plus --config (none left from earlier runs).
  const stale = Object.keys(await stack.getAllConfig()).filter((k) => !(k in config));
  if (stale.length) await stack.removeAllConfig(stale);
  await stack.setAllConfig(Object.fromEntries(Object.entries(config).map(([k, value]) => [k, { value }])));
  const onOutput = (s) => process.stdout.write(s);
  if (parsed.values.destroy) {
    await stack.destroy({ onOutput });
  } else if (parsed.values.preview) {
    await stack.preview({ onOutput, diff: true });
  } else {
    await stack.up({ onOutput });
    console.log(`\nexamples/${name}: stack outputs`);
    for (const [key, { value }] of Object.entries(await stack.outputs())) console.log(`  ${key}: ${JSON.stringify(value)}`);
    console.log(`\nexamples/${name}: destroy with: node examples/run.mjs ${name} --destroy`);
  }
} catch (err) {
  const verb = parsed.values.destroy ? "destroy" : parsed.values.preview ? "preview" : "up";
  // A failed resource is shown in the engine's output above; an error of the program is not.
  const why = programError ? `: ${programError.message}` : " (see above)";
  process.stderr.write(`\nexamples/${name}: ${verb} failed${why}\n`);
  process.exitCode = 1;
} finally {
  child.kill("SIGTERM");
}
