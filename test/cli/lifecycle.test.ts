// The users' path: a copy of examples/migration, `npm install`ed, driven with the `pulumi` CLI
// itself (the Node.js language host runs index.ts), against the emulator running the
// migration's command as a local process (--exec). Each step asserts on exit codes, the text
// the CLI prints and `pulumi stack export` / `stack output --json`, the way a user reads them.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { emulatorClients } from "../e2e/clients";
import { killEngine, killEngineOnly } from "../e2e/kill";
import { expectNoLeftoverProcesses, killLeftoverProcesses } from "../e2e/processes";
import { cliProject, digest, sh, text, type CliProject } from "./project";

const T = 300_000;
const PARENT = "projects/cli-project/locations/europe-west1";
const execution = (c: string) => `migrate-img-${c.repeat(16)}`;

let emulator: RunningEmulator;
let cloud: ReturnType<typeof emulatorClients>;
let p: CliProject;

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, exec: true, taskDurationMs: 50 });
  cloud = emulatorClients(emulator.port);
  p = await cliProject("migration", {
    emulatorHost: emulator.address,
    stack: `cli${process.pid}`,
    config: { imageDigest: digest("a"), migrationCommand: sh("echo migrating; exit 0") },
  });
}, T);
// After each scenario, whatever way its commands ended: no provider host, language host or
// program of ours left running (test/e2e/processes.ts; it waits for them a few seconds).
afterEach(() => expectNoLeftoverProcesses("after this scenario's pulumi commands"), T);
afterAll(async () => {
  p?.cleanup();
  await cloud?.close();
  await emulator?.stop();
}, T);

async function liveJob(name: string) {
  return cloud.jobs.getJob({ name: `${PARENT}/jobs/${name}` }).then(
    ([j]) => j,
    () => undefined,
  );
}
async function executionsOf(job: string): Promise<string[]> {
  const [list] = await cloud.executions.listExecutions({ parent: `${PARENT}/jobs/${job}` });
  return list.map((e) => String(e.name).split("/").pop()!);
}

describe("the pulumi CLI on an example project", () => {
  it(
    "up creates the jobs, runs the migration and prints the outputs",
    async () => {
      const up = await p.up();
      expect(up.stdout).toMatch(/\+ 3 created/);
      expect(up.stdout).toContain(`execution ${execution("a")} succeeded`);
      const outputs = await p.outputs();
      expect(outputs.migrationExecution).toBe(execution("a"));
      expect(outputs.appId).toBe(`${PARENT}/jobs/app`);
      const jobs = await p.jobs();
      expect(jobs.map((j) => j.id).sort()).toEqual([`${PARENT}/jobs/app`, `${PARENT}/jobs/migrate`]);
      expect(await executionsOf("migrate")).toEqual([execution("a")]);
    },
    T,
  );

  it(
    "preview --expect-no-changes passes right after up",
    async () => {
      const preview = await p.run(["preview", "--expect-no-changes"]);
      expect(preview.code).toBe(0);
      expect(preview.stdout).toMatch(/3 unchanged/);
    },
    T,
  );

  it(
    "preview --diff of an update names the changed path; --expect-no-changes then fails",
    async () => {
      await p.config({ image: "us-docker.pkg.dev/cloudrun/container/job:v2" });
      const diff = await p.ok(["preview", "--diff"]);
      expect(diff.stdout).toMatch(/~ pulumi-nodejs:dynamic\/cloudrun:Job: \(update\)/);
      expect(diff.stdout).toMatch(
        /~ image\s*: "us-docker\.pkg\.dev\/cloudrun\/container\/job:latest@sha256:a+" => "us-docker\.pkg\.dev\/cloudrun\/container\/job:v2@sha256:a+"/,
      );
      expect(diff.stdout).toMatch(/2 to update/);
      expect(text(diff)).not.toContain("will start execution");
      const strict = await p.run(["preview", "--expect-no-changes"]);
      expect(strict.code).not.toBe(0);
      expect(text(strict)).toMatch(/no changes were expected for preview but changes were proposed/);

      await p.up();
      expect((await liveJob("migrate"))?.template?.template?.containers?.[0]?.image).toBe(
        `us-docker.pkg.dev/cloudrun/container/job:v2@sha256:${"a".repeat(64)}`,
      );
      expect(await executionsOf("migrate")).toEqual([execution("a")]); // an update, no run
    },
    T,
  );

  it(
    "preview --diff of a region change shows a replacement",
    async () => {
      await p.config({ "gcp:region": "us-central1" });
      const diff = await p.ok(["preview", "--diff"]);
      expect(diff.stdout).toMatch(/\+-pulumi-nodejs:dynamic\/cloudrun:Job: \(replace\)/);
      expect(diff.stdout).toMatch(/~ region\s*: "europe-west1" => "us-central1"/);
      expect(diff.stdout).toMatch(/2 to replace/);
      await p.config({ "gcp:region": "europe-west1" });
      expect((await p.run(["preview", "--expect-no-changes"])).code).toBe(0);
    },
    T,
  );

  it(
    "preview --diff of a token change says the run will start",
    async () => {
      await p.config({ imageDigest: digest("b") });
      const diff = await p.ok(["preview", "--diff"]);
      expect(diff.stdout).toMatch(/~ runExecutionToken\s*: "img-a+" => "img-b+"/);
      expect(text(diff)).toContain(
        `runExecutionToken changed: up will start execution ${execution("b")} and wait up to 3600 s for it to complete`,
      );
    },
    T,
  );

  it(
    "a failed run fails up with the reason and the log link; the downstream job is not updated",
    async () => {
      await p.config({ migrationCommand: sh("echo migrating; exit 3") });
      const up = await p.run(["up", "--yes"]);
      expect(up.code).not.toBe(0);
      const all = text(up);
      expect(all).toContain(`execution ${execution("b")} failed`);
      expect(all).toContain("exit code: 3");
      expect(all).toMatch(/logs: https:\/\/console\.cloud\.google\.com\/logs\//);
      expect(all).toMatch(/1 failed, 0 succeeded of 1 tasks/);
      // The app job still carries the last successful migration.
      expect((await liveJob("app"))?.labels?.["migrated-by"]).toBe(execution("a"));
    },
    T,
  );

  it(
    "a killed up, then pulumi cancel and up: the run started before the kill is awaited, not started again",
    async () => {
      await p.config({ imageDigest: digest("c"), migrationCommand: sh("echo migrating; sleep 4; exit 0") });
      const running = p.run(["up", "--yes"]);
      const deadline = Date.now() + 120_000;
      while (!(await executionsOf("migrate")).includes(execution("c"))) {
        if (Date.now() > deadline) throw new Error("the run never started");
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(killEngine(p.stack)).toBeGreaterThan(0);
      expect((await running).code).not.toBe(0);

      const locked = await p.run(["up", "--yes"]);
      expect(locked.code).not.toBe(0);
      expect(text(locked)).toMatch(/locked/);
      await p.ok(["cancel", "--yes"]);
      const up = await p.up();
      expect(up.stdout).toContain(`execution ${execution("c")} succeeded`);
      expect((await executionsOf("migrate")).filter((e) => e === execution("c"))).toHaveLength(1);
      expect((await liveJob("app"))?.labels?.["migrated-by"]).toBe(execution("c"));
      expect((await p.run(["preview", "--expect-no-changes"])).code).toBe(0);
    },
    T,
  );

  it(
    "refresh takes in a change made outside Pulumi; up puts the manifest back",
    async () => {
      const [job] = await cloud.jobs.getJob({ name: `${PARENT}/jobs/app` });
      const [op] = await cloud.jobs.updateJob({ job: { ...job, labels: { ...job.labels, "changed-by": "console" } } }, cloud.fast);
      await op.promise();
      const refresh = await p.ok(["refresh", "--yes"]);
      expect(refresh.stdout).toMatch(/~\s+pulumi-nodejs:dynamic\/cloudrun:Job app updated .*\[diff: ~metadata\]/);
      const [app] = (await p.jobs()).filter((j) => j.id === `${PARENT}/jobs/app`);
      expect((app?.outputs?.metadata as { labels?: Record<string, string> } | undefined)?.labels).toMatchObject({
        "changed-by": "console",
      });
      const up = await p.up();
      expect(up.stdout).toMatch(/1 updated/);
      expect((await liveJob("app"))?.labels?.["changed-by"]).toBeUndefined();
    },
    T,
  );

  it(
    "destroy deletes the jobs and empties the stack",
    async () => {
      const destroy = await p.ok(["destroy", "--yes"]);
      expect(destroy.stdout).toMatch(/- 3 deleted/);
      expect(await liveJob("migrate")).toBeUndefined();
      expect(await liveJob("app")).toBeUndefined();
      expect(await p.jobs()).toEqual([]);
      expect(await p.outputs()).toEqual({});
    },
    T,
  );

  it(
    "a pulumi up killed alone with SIGKILL mid-create leaves no provider process behind",
    async () => {
      // Only the `pulumi` process is killed, as `kill -9 <pid>` or the OOM killer does: the engine
      // never closes its plugins, so the provider host has to notice by itself (provider/orphan-watch.ts).
      await p.config({ imageDigest: digest("d"), migrationCommand: sh("echo migrating; sleep 30; exit 0") });
      const running = p.run(["up", "--yes"]);
      const deadline = Date.now() + 120_000;
      // The migrate job's create waits for its run: the provider is mid-create while it runs.
      while (!(await executionsOf("migrate").catch((): string[] => [])).includes(execution("d"))) {
        if (Date.now() > deadline) throw new Error("the run never started");
        await new Promise((r) => setTimeout(r, 100));
      }
      const { killed, children } = killEngineOnly(p.stack);
      expect(killed).toHaveLength(1);
      expect(children.length).toBeGreaterThan(0); // the provider host and the language host were running
      expect((await running).code).not.toBe(0);
      await expectNoLeftoverProcesses("after `pulumi up` was killed with SIGKILL mid-create", { kinds: ["provider", "program"] });
      // Pulumi's Node.js language host (a Go binary of Pulumi's, not ours) outlives a killed CLI
      // too, until its health check of the engine, every 5 minutes (sdk/go/common/util/rpcutil
      // Healthcheck, started with 5*time.Minute in its main.go), finds the engine gone: stop it
      // here rather than leave it to that.
      killLeftoverProcesses(["language-host"]);
    },
    T,
  );

  it(
    "leaves no provider, language host or emulator process of ours running",
    async () => {
      await expectNoLeftoverProcesses("at the end of the CLI tests");
    },
    T,
  );
});
