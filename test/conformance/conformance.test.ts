// Conformance: the emulator driven by clients it shares no code with — Google's generated REST
// client (@googleapis/run, v1 and v2) — and the same v2 calls through @google-cloud/run over
// gRPC and over REST (fallback: true) giving the same answers.
import { run_v1, run_v2 } from "@googleapis/run";
import { v2 } from "@google-cloud/run";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { loadManifest } from "../fixtures/manifests";
import { FAST, PARENT, PROJECT, REGION, clientOptions, jobBody, jobName, plainJob, restClientOptions } from "../emulator/harness";

let emulator: RunningEmulator;
let v1: run_v1.Run;
let rest2: run_v2.Run;
let grpcJobs: v2.JobsClient;
let restJobs: v2.JobsClient;
const ns = `namespaces/${PROJECT}`;

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, taskDurationMs: 20 });
  v1 = new run_v1.Run({ rootUrl: `http://${emulator.address}/` });
  rest2 = new run_v2.Run({ rootUrl: `http://${emulator.address}/` });
  grpcJobs = new v2.JobsClient(clientOptions(emulator.port));
  restJobs = new v2.JobsClient(restClientOptions(emulator.port) as never);
});
afterAll(async () => {
  await Promise.all([grpcJobs.close(), restJobs.close()]);
  await emulator.stop();
});
beforeEach(() => emulator.reset());

const v1Job = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: "run.googleapis.com/v1",
  kind: "Job",
  metadata: { name, labels: { "cloud.googleapis.com/location": REGION } },
  spec: {
    ...spec,
    template: { spec: { template: { spec: { containers: [{ image: "us-docker.pkg.dev/cloudrun/container/job:latest" }] } } } },
  },
});

async function httpStatus(p: Promise<unknown>): Promise<number> {
  try {
    await p;
  } catch (err) {
    return (err as { status?: number; code?: number }).status ?? (err as { code: number }).code;
  }
  throw new Error("expected the call to fail");
}

describe("@googleapis/run v1: the seed's methods", () => {
  it("create, get, list, replaceJob, run, delete, with the seed's JobStatus shape", async () => {
    const jobs = v1.namespaces.jobs;
    await jobs.create({ parent: ns, requestBody: v1Job("seed") });
    const { data: got } = await jobs.get({ name: `${ns}/jobs/seed` });
    expect((await jobs.list({ parent: ns })).data.items!.map((j) => j.metadata!.name)).toEqual(["seed"]);
    await jobs.replaceJob({
      name: `${ns}/jobs/seed`,
      requestBody: { ...v1Job("seed"), metadata: { ...v1Job("seed").metadata, resourceVersion: got.metadata!.resourceVersion } },
    });
    const { data: execution } = await jobs.run({ name: `${ns}/jobs/seed`, requestBody: {} });
    await expect
      .poll(async () => (await jobs.get({ name: `${ns}/jobs/seed` })).data.status!.latestCreatedExecution?.completionStatus, {
        timeout: 5000,
      })
      .toBe("EXECUTION_SUCCEEDED");
    const { data: job } = await jobs.get({ name: `${ns}/jobs/seed` });
    const status = job.status!;
    expect(Object.keys(status).sort()).toEqual(["conditions", "executionCount", "latestCreatedExecution", "observedGeneration"]);
    expect(status).toMatchObject({
      observedGeneration: 2,
      executionCount: 1,
      latestCreatedExecution: { name: execution.metadata!.name, completionStatus: "EXECUTION_SUCCEEDED" },
    });
    expect(status.conditions![0]).toMatchObject({ type: "Ready", status: "True" });
    for (const key of Object.keys(status.latestCreatedExecution!))
      expect(["name", "creationTimestamp", "completionTimestamp", "deletionTimestamp", "completionStatus"]).toContain(key);
    await jobs.delete({ name: `${ns}/jobs/seed` });
    expect(await httpStatus(jobs.get({ name: `${ns}/jobs/seed` }))).toBe(404);
  });

  it("accepts a gcloud export manifest unchanged on PUT …/jobs/{name}", async () => {
    const exported = loadManifest("export.yaml");
    const meta = exported.metadata as { name: string; namespace: string; labels: Record<string, string> };
    const parent = `namespaces/${meta.namespace}`;
    // The job exists (the export came from it); the PUT replaces it with the file as it is.
    const original = v1Job(meta.name);
    await v1.namespaces.jobs.create({
      parent,
      requestBody: { ...original, metadata: { ...original.metadata, labels: { "cloud.googleapis.com/location": "europe-west1" } } },
    });
    const { data } = await v1.namespaces.jobs.replaceJob({ name: `${parent}/jobs/${meta.name}`, requestBody: exported });
    expect(data.metadata!.labels).toMatchObject({ team: "data", "cloud.googleapis.com/location": "europe-west1" });
    expect(data.spec!.template!.metadata!.annotations).toMatchObject({
      "run.googleapis.com/cloudsql-instances": "my-project:europe-west1:reports-db",
      "run.googleapis.com/vpc-access-egress": "private-ranges-only",
      "run.googleapis.com/execution-environment": "gen2",
    });
    expect(data.metadata!.annotations!["run.googleapis.com/launch-stage"]).toBe("BETA");
    expect(data.spec!.template!.spec!.template!.spec!.containers![0]!.env).toEqual([
      { name: "MODE", value: "nightly" },
      { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "reports-db-password", key: "latest" } } },
    ]);
  });

  it("a reused token asks for {job}-{token}, which exists: ALREADY_EXISTS (v1 → v2 → v1)", async () => {
    await v1.namespaces.jobs.create({ parent: ns, requestBody: v1Job("tok", { runExecutionToken: "one" }) });
    const [job] = await grpcJobs.getJob({ name: jobName("tok") });
    await (await grpcJobs.updateJob({ job: { ...jobBody(), name: job.name, runExecutionToken: "two" } }, FAST))[0].promise();
    expect(
      await httpStatus(v1.namespaces.jobs.replaceJob({ name: `${ns}/jobs/tok`, requestBody: v1Job("tok", { runExecutionToken: "one" }) })),
    ).toBe(409);
    const err = (await grpcJobs
      .updateJob({ job: { ...jobBody(), name: job.name, runExecutionToken: "one" } })
      .catch((e: unknown) => e)) as { code: number; details: string };
    expect(err.code).toBe(6);
    expect(err.details).toBe("Resource 'tok-one' already exists.");
  });
});

describe("@googleapis/run v2 and @google-cloud/run over gRPC and REST", () => {
  it("create, get, list, update, run, delete through the discovery-based client", async () => {
    const jobs = rest2.projects.locations.jobs;
    const { data: op } = await jobs.create({ parent: PARENT, jobId: "disc", requestBody: jobBody() as never });
    expect(op).toMatchObject({
      done: true,
      response: { name: jobName("disc"), template: { template: { timeout: "600s", maxRetries: 3 } } },
    });
    const { data: job } = await jobs.get({ name: jobName("disc") });
    expect(job.launchStage).toBe("GA");
    expect((await jobs.list({ parent: PARENT })).data.jobs!.map((j) => j.name)).toEqual([jobName("disc")]);
    const { data: patched } = await jobs.patch({
      name: jobName("disc"),
      requestBody: { ...(jobBody({ maxRetries: 1 }) as object), name: jobName("disc") },
    });
    expect(patched.done).toBe(true);
    const { data: run } = await jobs.run({ name: jobName("disc"), requestBody: {} });
    expect(run.metadata!["@type"]).toBe("type.googleapis.com/google.cloud.run.v2.Execution");
    await expect
      .poll(async () => (await rest2.projects.locations.operations.get({ name: run.name! })).data.done, { timeout: 5000 })
      .toBe(true);
    await jobs.delete({ name: jobName("disc") });
    expect(await httpStatus(jobs.get({ name: jobName("disc") }))).toBe(404);
  });

  it("gives the same answers over gRPC and REST", async () => {
    // What differs between two jobs by nature: identity and clock readings.
    const scrub = (j: Record<string, unknown>) =>
      JSON.parse(
        JSON.stringify(plainJob(j), (key, value: unknown) =>
          ["uid", "etag", "name"].includes(key) || key.endsWith("Time") ? undefined : value,
        ),
      );
    const body = { ...jobBody({ maxRetries: 0, timeout: { seconds: 90 } }), labels: { a: "b" } };
    const [viaGrpc] = await (await grpcJobs.createJob({ parent: PARENT, jobId: "over-grpc", job: body }, FAST))[0].promise();
    const [viaRest] = await (await restJobs.createJob({ parent: PARENT, jobId: "over-rest", job: body }, FAST))[0].promise();
    expect(scrub(viaRest as never)).toEqual(scrub(viaGrpc as never));
    const [readGrpc] = await grpcJobs.getJob({ name: jobName("over-rest") });
    const [readRest] = await restJobs.getJob({ name: jobName("over-rest") });
    // Unary answers are plain objects on both transports (int64 as strings, enums as names):
    // plainJob() is for LRO results only — on a plain object protobufjs calls Long's toString
    // on a string, the "this.isZero is not a function" this case once failed with.
    expect(readRest).toEqual(readGrpc);
    for (const client of [grpcJobs, restJobs]) {
      const e = (await client.getJob({ name: jobName("nope") }).catch((x: unknown) => x)) as { code: number };
      expect(e.code).toBe(5);
    }
    const [execGrpc] = await (await grpcJobs.runJob({ name: jobName("over-grpc") }, FAST))[0].promise();
    const [execRest] = await (await restJobs.runJob({ name: jobName("over-rest") }, FAST))[0].promise();
    expect([execRest.succeededCount, execRest.taskCount]).toEqual([execGrpc.succeededCount, execGrpc.taskCount]);
  });
});
