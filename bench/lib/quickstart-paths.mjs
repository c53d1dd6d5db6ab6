// Figure 12: wall time of `pulumi up` of the quickstart's one job,
// the users' way (the `pulumi` CLI in examples/quickstart, whose language host runs index.ts
// through ts-node) next to the Automation API way (an inline program declaring the same job,
// what the e2e suites use). Each rep: a create on a fresh stack, then a no-change up, then a
// destroy (not timed). Same emulator, same machine, medians of `reps`. The CLI way
// also times `pulumi up --yes` with CLOUD_RUN_EMULATOR_HOST at a closed port, which fails (issue
// 26: in under 5 s; its preview says so, cloud/reachable.ts).
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { npmInstall, pulumi } from "../../scripts/pulumi-project.mjs";
import { auto, log, median, requireAfresh, requireFromRoot, ROOT, timed } from "./common.mjs";

const projectDir = path.join(ROOT, "examples", "quickstart");

const config = { "gcp:project": "paths-project", "gcp:region": "europe-west1" };

/** 127.0.0.1:<a port the system handed out, then closed>: connections to it are refused. */
async function closedPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return `127.0.0.1:${port}`;
}

async function viaCli(emulator, i) {
  const backend = mkdtempSync(path.join(os.tmpdir(), "crj-paths-"));
  const env = { CLOUD_RUN_EMULATOR_HOST: emulator.address, PULUMI_BACKEND_URL: `file://${backend}`, PULUMI_CONFIG_PASSPHRASE: "bench" };
  const stack = `cli${i}`;
  const run = async (args) => {
    const r = await pulumi(projectDir, [...args, "--stack", stack, "--non-interactive"], { env });
    if (r.code !== 0) throw new Error(`pulumi ${args.join(" ")}: ${r.stdout}${r.stderr}`);
    return r;
  };
  try {
    await pulumi(projectDir, ["stack", "init", stack, "--non-interactive"], { env });
    for (const [k, v] of Object.entries(config)) await run(["config", "set", k, v]);
    const create = await timed(() => run(["up", "--yes"]));
    const same = await timed(() => run(["up", "--yes"]));
    const closed = await timed(async () => {
      const r = await pulumi(projectDir, ["up", "--yes", "--stack", stack, "--non-interactive"], {
        env: { ...env, CLOUD_RUN_EMULATOR_HOST: await closedPort() },
      });
      if (r.code === 0 || !/nothing listens at CLOUD_RUN_EMULATOR_HOST/.test(r.stdout + r.stderr))
        throw new Error(`up at a closed port: exit ${r.code}: ${r.stdout}${r.stderr}`);
    });
    await run(["destroy", "--yes"]);
    await run(["stack", "rm", "--yes", "--force"]);
    return { create: create.ms, same: same.ms, closed: closed.ms };
  } finally {
    rmSync(backend, { recursive: true, force: true });
    rmSync(path.join(projectDir, `Pulumi.${stack}.yaml`), { force: true });
  }
}

async function viaAutomation(emulator, i) {
  const backend = mkdtempSync(path.join(os.tmpdir(), "crj-paths-"));
  const program = async () => {
    const { Job } = requireAfresh("pulumi-cloudrun-jobs");
    const gcp = new (requireFromRoot("@pulumi/pulumi").Config)("gcp");
    const hello = new Job("hello", {
      project: gcp.get("project"),
      region: gcp.get("region"),
      apiVersion: "run.googleapis.com/v1",
      kind: "Job",
      metadata: { name: "hello" },
      spec: { template: { spec: { template: { spec: { containers: [{ image: "us-docker.pkg.dev/cloudrun/container/job:latest" }] } } } } },
    });
    return { id: hello.id, name: hello.name, region: hello.region, status: hello.status };
  };
  const stack = await auto.LocalWorkspace.createOrSelectStack(
    { stackName: `auto${i}`, projectName: "cloudrun-jobs-quickstart", program },
    {
      workDir: backend,
      projectSettings: { name: "cloudrun-jobs-quickstart", runtime: "nodejs", main: ROOT, backend: { url: `file://${backend}` } },
      envVars: { CLOUD_RUN_EMULATOR_HOST: emulator.address, PULUMI_BACKEND_URL: `file://${backend}`, PULUMI_CONFIG_PASSPHRASE: "bench" },
    },
  );
  try {
    await stack.setAllConfig(Object.fromEntries(Object.entries(config).map(([k, v]) => [k, { value: v }])));
    const create = await timed(() => stack.up());
    const same = await timed(() => stack.up());
    await stack.destroy();
    return { create: create.ms, same: same.ms };
  } finally {
    rmSync(backend, { recursive: true, force: true });
  }
}

/**
 * Medians in ms: `{ cli: { create, same, closed }, automation: { create, same } }`, and the
 * language host's version the CLI way used (for the table's heading).
 */
export async function measureQuickstartPaths(reps) {
  const { startEmulator } = requireFromRoot("./dist/emulator");
  const emulator = await startEmulator({ quiet: true, taskDurationMs: 20 });
  npmInstall(projectDir, { quiet: true });
  const results = { cli: [], automation: [] };
  try {
    for (let i = 0; i < reps; i++) {
      results.cli.push(await viaCli(emulator, i));
      results.automation.push(await viaAutomation(emulator, i));
      log(`figure 12: rep ${i + 1}/${reps} done`);
    }
  } finally {
    await emulator.stop();
  }
  const med = (side, key) => median(results[side].map((r) => r[key]));
  return {
    cli: { create: med("cli", "create"), same: med("cli", "same"), closed: med("cli", "closed") },
    automation: { create: med("automation", "create"), same: med("automation", "same") },
  };
}
