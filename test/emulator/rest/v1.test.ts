// The v1 (Knative) API on the emulator's port, driven by Google's generated REST client
// (@googleapis/run) and by fetch for the wire: one store with v2, v1 shapes and Status errors.
import { run_v1 } from "@googleapis/run";
import { v2 } from "@google-cloud/run";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { FAST, PROJECT, REGION, clientOptions, jobBody, jobName, until } from "../harness";

let emulator: RunningEmulator;
let v1: run_v1.Run;
let jobs: v2.JobsClient;
const ns = `namespaces/${PROJECT}`;
let NUMBER: string;
const url = (path: string) => `http://${emulator.address}${path}`;

const manifest = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: "run.googleapis.com/v1",
  kind: "Job",
  metadata: { name, labels: { "cloud.googleapis.com/location": REGION, team: "data" } },
  spec: {
    template: {
      spec: {
        taskCount: 1,
        template: { spec: { containers: [{ image: "us-docker.pkg.dev/cloudrun/container/job:latest" }], maxRetries: 0 } },
      },
    },
  },
  ...extra,
});

/** The HTTP status and body of a rejected @googleapis/run call. */
async function failure(p: Promise<unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
  try {
    await p;
  } catch (err) {
    const e = err as { status: number; response: { data: Record<string, unknown> } };
    return { status: e.status, body: e.response.data };
  }
  throw new Error("expected the call to fail");
}

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, taskDurationMs: 20 });
  NUMBER = emulator.projects.numberOf(PROJECT);
  v1 = new run_v1.Run({ rootUrl: `http://${emulator.address}/` });
  jobs = new v2.JobsClient(clientOptions(emulator.port));
});
afterAll(async () => {
  await jobs.close();
  await emulator.stop();
});
beforeEach(() => emulator.reset());

describe("v1 namespaces.jobs", () => {
  it("creates a job that v2 sees, and reads back the v1 shape", async () => {
    const { data: created } = await v1.namespaces.jobs.create({ parent: ns, requestBody: manifest("hello") });
    expect(created).toMatchObject({
      apiVersion: "run.googleapis.com/v1",
      kind: "Job",
      // Cloud Run answers the namespace with the project number (state/projects.ts).
      metadata: {
        name: "hello",
        namespace: NUMBER,
        generation: 1,
        labels: { team: "data", "cloud.googleapis.com/location": REGION },
        selfLink: `/apis/run.googleapis.com/v1/namespaces/${NUMBER}/jobs/hello`,
      },
      spec: {
        template: {
          spec: {
            taskCount: 1,
            template: {
              spec: { maxRetries: 0, timeoutSeconds: "600", containers: [{ resources: { limits: { cpu: "1000m", memory: "512Mi" } } }] },
            },
          },
        },
      },
    });
    expect(created.metadata!.resourceVersion).toMatch(/^\S+$/);
    const [job] = await jobs.getJob({ name: jobName("hello") });
    expect(job.labels).toEqual({ team: "data" });
    expect(job.template!.template!.maxRetries).toBe(0);
    const { data: got } = await v1.namespaces.jobs.get({ name: `${ns}/jobs/hello` });
    expect(got.metadata!.uid).toBe(job.uid);
    expect(Object.keys(got.status!).sort()).toEqual(["conditions", "executionCount", "observedGeneration"]);
  });

  it("sees jobs created through v2, lists with label selectors and pages", async () => {
    await (
      await jobs.createJob(
        { parent: `projects/${PROJECT}/locations/${REGION}`, jobId: "from-v2", job: { ...jobBody(), labels: { team: "web" } } },
        FAST,
      )
    )[0].promise();
    await v1.namespaces.jobs.create({ parent: ns, requestBody: manifest("from-v1") });
    const { data: all } = await v1.namespaces.jobs.list({ parent: ns });
    expect(all.kind).toBe("JobsList");
    expect(all.items!.map((j) => j.metadata!.name).sort()).toEqual(["from-v1", "from-v2"]);
    const { data } = await v1.namespaces.jobs.list({ parent: ns, labelSelector: "team=data" });
    expect(data.items!.map((j) => j.metadata!.name)).toEqual(["from-v1"]);
    const { data: first } = await v1.namespaces.jobs.list({ parent: ns, limit: 1 });
    const { data: second } = await v1.namespaces.jobs.list({ parent: ns, limit: 1, continue: first.metadata!.continue! });
    expect([...first.items!, ...second.items!].map((j) => j.metadata!.name).sort()).toEqual(["from-v1", "from-v2"]);
    expect(second.metadata!.continue).toBeUndefined();
  });

  it("replaces a job, checking metadata.resourceVersion", async () => {
    const { data: created } = await v1.namespaces.jobs.create({ parent: ns, requestBody: manifest("hello") });
    const changed = manifest("hello");
    (changed.spec.template.spec.template.spec.containers[0] as Record<string, unknown>).args = ["--fast"];
    const { data: replaced } = await v1.namespaces.jobs.replaceJob({
      name: `${ns}/jobs/hello`,
      requestBody: { ...changed, metadata: { ...changed.metadata, resourceVersion: created.metadata!.resourceVersion } },
    });
    expect(replaced.metadata!.generation).toBe(2);
    expect(replaced.spec!.template!.spec!.template!.spec!.containers![0]!.args).toEqual(["--fast"]);
    const stale = await failure(
      v1.namespaces.jobs.replaceJob({
        name: `${ns}/jobs/hello`,
        requestBody: { ...changed, metadata: { ...changed.metadata, resourceVersion: created.metadata!.resourceVersion } },
      }),
    );
    expect(stale).toMatchObject({ status: 409, body: { kind: "Status", status: "Failure", reason: "Conflict", code: 409 } });
    const missing = await failure(v1.namespaces.jobs.replaceJob({ name: `${ns}/jobs/nope`, requestBody: manifest("nope") }));
    expect(missing).toMatchObject({ status: 404, body: { reason: "NotFound", details: { name: "nope", kind: "jobs" } } });
  });

  it("runs a job: the Execution at once, then its status on the job", async () => {
    await v1.namespaces.jobs.create({ parent: ns, requestBody: manifest("hello") });
    const { data: execution } = await v1.namespaces.jobs.run({
      name: `${ns}/jobs/hello`,
      requestBody: { overrides: { taskCount: 1, timeoutSeconds: 30, containerOverrides: [{ args: ["x"] }] } },
    });
    expect(execution).toMatchObject({
      kind: "Execution",
      metadata: { labels: { "run.googleapis.com/job": "hello" } },
      spec: { taskCount: 1, template: { spec: { timeoutSeconds: "30" } } },
    });
    const name = execution.metadata!.name!;
    const done = await until(
      () => v1.namespaces.executions.get({ name: `${ns}/executions/${name}` }).then((r) => r.data),
      (e) => !!e.status?.completionTime,
    );
    expect(done.status).toMatchObject({
      succeededCount: 1,
      conditions: expect.arrayContaining([expect.objectContaining({ type: "Completed", status: "True" })]),
    });
    const { data: job } = await v1.namespaces.jobs.get({ name: `${ns}/jobs/hello` });
    expect(job.status).toMatchObject({ executionCount: 1, latestCreatedExecution: { name, completionStatus: "EXECUTION_SUCCEEDED" } });
    expect(Object.keys(job.status!.latestCreatedExecution!).sort()).toEqual([
      "completionStatus",
      "completionTimestamp",
      "creationTimestamp",
      "name",
    ]);
    const { data: listed } = await v1.namespaces.executions.list({ parent: ns, labelSelector: "run.googleapis.com/job=hello" });
    expect(listed.items!.map((e) => e.metadata!.name)).toEqual([name]);
  });

  it("deletes a job with a Status, and answers Kubernetes Status errors", async () => {
    await v1.namespaces.jobs.create({ parent: ns, requestBody: manifest("hello") });
    const again = await failure(v1.namespaces.jobs.create({ parent: ns, requestBody: manifest("hello") }));
    expect(again).toMatchObject({ status: 409, body: { kind: "Status", reason: "AlreadyExists", error: { status: "ALREADY_EXISTS" } } });
    const { data: status } = await v1.namespaces.jobs.delete({ name: `${ns}/jobs/hello` });
    expect(status).toMatchObject({ kind: "Status", status: "Success", details: { name: "hello", kind: "jobs" } });
    expect(await failure(v1.namespaces.jobs.get({ name: `${ns}/jobs/hello` }))).toMatchObject({
      status: 404,
      body: { reason: "NotFound" },
    });
    const invalid = await failure(
      v1.namespaces.jobs.create({
        parent: ns,
        requestBody: { ...manifest("bad"), spec: { template: { spec: { template: { spec: { containers: [{}] } } } } } },
      }),
    );
    expect(invalid).toMatchObject({
      status: 400,
      body: { reason: "BadRequest", details: { causes: [{ field: "spec.template.spec.template.spec.containers[0].image" }] } },
    });
  });

  it("validates without storing on dryRun=all, and takes the region from a /locations/{region} prefix", async () => {
    const { data } = await v1.namespaces.jobs.create({ parent: ns, dryRun: "all", requestBody: manifest("dry") });
    expect(data.metadata!.name).toBe("dry");
    expect(emulator.store.jobs.size).toBe(0);
    const res = await fetch(url(`/locations/europe-west1/apis/run.googleapis.com/v1/${ns}/jobs`), {
      method: "POST",
      body: JSON.stringify({ ...manifest("eu"), metadata: { name: "eu" } }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { metadata: { labels: Record<string, string> } }).metadata.labels["cloud.googleapis.com/location"]).toBe(
      "europe-west1",
    );
    expect(emulator.store.jobs.has(`projects/${PROJECT}/locations/europe-west1/jobs/eu`)).toBe(true);
  });
});
