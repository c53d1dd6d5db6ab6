// The round trip both ways on the real engine (issue 27, item 5): the real gcloud creates a job
// in the emulator → `gcloud run jobs describe --format export` → that YAML, parsed with the
// `yaml` package, declared as a Job with the `import` option → `up` adopts it without changing it
// → `pulumi preview --expect-no-changes` passes → a manifest change goes up → `gcloud run jobs
// describe` shows it → `gcloud run jobs execute --wait` → `pulumi preview --expect-no-changes`
// still passes. The Automation API drives the real `pulumi` (test/e2e/harness.ts) with the
// built package: run `npm run build` first. Skipped, with one line, where gcloud is not on PATH.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { built, testStack, type TestStack } from "../e2e/harness";
import { gcloudOnPath, startGcloudHarness, type GcloudHarness } from "./harness";

const hasGcloud = !!gcloudOnPath();
if (!hasGcloud) console.log("gcloud not on PATH: the gcloud round trip is skipped");

const PROJECT = "gcloud-roundtrip";
const EU = "europe-west1";
const JOB = "nightly";
const ID = `projects/${PROJECT}/locations/${EU}/jobs/${JOB}`;
const IMAGE = "us-docker.pkg.dev/cloudrun/container/job:latest";
const T = 180_000;

describe.skipIf(!hasGcloud)("gcloud → Pulumi → gcloud on the real engine", () => {
  let h: GcloudHarness;
  let ts: TestStack;
  /** What the program declares: gcloud's export as parsed, then changed by the test. */
  let manifest: Record<string, any>;
  let exported: string;
  let started: number;

  const live = () => h.emulator.store.jobs.get(ID)!.job;
  const describeJob = async () => h.json(["run", "jobs", "describe", JOB, "--region", EU]);

  beforeAll(async () => {
    started = Date.now();
    h = await startGcloudHarness(PROJECT, { taskDurationMs: 200 });
    await h.ok([
      "run",
      "jobs",
      "create",
      JOB,
      "--quiet",
      "--region",
      EU,
      "--image",
      IMAGE,
      "--tasks",
      "2",
      "--max-retries",
      "1",
      "--task-timeout",
      "5m",
      "--set-env-vars",
      "MODE=full",
      "--set-secrets",
      "TOKEN=api-token:latest",
      "--labels",
      "team=data",
      "--memory",
      "1Gi",
      "--set-cloudsql-instances",
      `${PROJECT}:${EU}:db`,
      "--vpc-connector",
      "conn1",
      "--args=--since=yesterday",
    ]);
    exported = (await h.ok(["run", "jobs", "describe", JOB, "--region", EU, "--format", "export"])).stdout;
    manifest = parse(exported);
    ts = await testStack(
      async () => {
        const { Job } = built();
        const job = new Job(JOB, manifest as never, { import: ID });
        return { generation: job.metadata.generation, uid: job.metadata.uid };
      },
      { emulatorHost: h.emulator.address, config: { "gcp:project": PROJECT, "gcp:region": EU } },
    );
  }, T);
  afterAll(async () => {
    await ts?.stack.destroy().catch(() => undefined);
    await ts?.cleanup();
    await h?.close();
  }, T);

  it("the export is what gcloud prints: the project number as namespace, the server's labels and annotations", () => {
    expect(manifest.metadata.namespace).toBe(h.emulator.projects.numberOf(PROJECT));
    expect(Object.keys(manifest.metadata.labels)).toEqual(
      expect.arrayContaining(["cloud.googleapis.com/location", "run.googleapis.com/lastUpdatedTime"]),
    );
    expect(Object.keys(manifest.metadata.annotations)).toEqual(
      expect.arrayContaining(["run.googleapis.com/creator", "run.googleapis.com/lastModifier"]),
    );
  });

  it(
    "up adopts the job, writing only its owner annotation; then `pulumi preview --expect-no-changes` passes",
    async () => {
      const before = live();
      const up = await ts.stack.up();
      expect(up.summary.resourceChanges).toEqual({ create: 2 });
      expect(up.outputs.uid?.value).toBe(before.uid);
      // The owner annotation is the adoption's only change.
      expect(Number(live().generation)).toBe(Number(before.generation) + 1);
      const preview = await ts.stack.preview({ expectNoChanges: true });
      expect(preview.changeSummary).toEqual({ same: 2 });
    },
    T,
  );

  it(
    "a manifest change goes up, and `gcloud run jobs describe` shows it",
    async () => {
      const containers = manifest.spec.template.spec.template.spec.containers;
      containers[0].env = [...containers[0].env.filter((e: { name: string }) => e.name !== "MODE"), { name: "MODE", value: "incremental" }];
      manifest.spec.template.spec.taskCount = 3;
      manifest.metadata.labels.stage = "pulumi";
      const preview = await ts.stack.preview();
      expect(preview.changeSummary).toEqual({ same: 1, update: 1 });
      const up = await ts.stack.up();
      expect(up.summary.resourceChanges).toEqual({ same: 1, update: 1 });

      const described = await describeJob();
      expect(described.metadata.labels).toMatchObject({ team: "data", stage: "pulumi" });
      expect(described.spec.template.spec.taskCount).toBe(3);
      const env = described.spec.template.spec.template.spec.containers[0].env;
      expect(env).toContainEqual({ name: "MODE", value: "incremental" });
      expect(env).toContainEqual({ name: "TOKEN", valueFrom: { secretKeyRef: { key: "latest", name: "api-token" } } });
      expect(described.spec.template.metadata.annotations).toMatchObject({
        "run.googleapis.com/cloudsql-instances": `${PROJECT}:${EU}:db`,
      });
      const human = await h.ok(["run", "jobs", "describe", JOB, "--region", EU]);
      expect(human.text).toMatch(/Tasks:\s+3/);
    },
    T,
  );

  it(
    "`gcloud run jobs execute --wait` runs it; then `pulumi preview --expect-no-changes` still passes",
    async () => {
      const run = await h.ok(["run", "jobs", "execute", JOB, "--region", EU, "--wait"]);
      expect(run.text).toMatch(/completed/i);
      const executions = await h.json<any[]>(["run", "jobs", "executions", "list", "--job", JOB, "--region", EU]);
      expect(executions).toHaveLength(1);
      expect(executions[0].status.succeededCount).toBe(3);
      const preview = await ts.stack.preview({ expectNoChanges: true });
      expect(preview.changeSummary).toEqual({ same: 2 });
    },
    T,
  );

  it("stays within two minutes, and gcloud never reached anything but the emulator", () => {
    expect(h.emulator.proxy.refused()).toEqual([]);
    expect(Date.now() - started).toBeLessThan(150_000);
  });
});
