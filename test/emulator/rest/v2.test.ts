// v2 REST: the v2 handlers transcoded to HTTP/JSON on the gRPC port, driven by the real
// @google-cloud/run client in REST mode (`fallback: true`) and by plain fetch for the wire.
import { v2 } from "@google-cloud/run";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { FAST, PARENT, jobBody, jobName, plainExecution, plainJob, rejection, restClientOptions } from "../harness";

let emulator: RunningEmulator;
let jobs: v2.JobsClient;
let executions: v2.ExecutionsClient;
const url = (path: string) => `http://${emulator.address}${path}`;

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, taskDurationMs: 20 });
  jobs = new v2.JobsClient(restClientOptions(emulator.port) as never);
  executions = new v2.ExecutionsClient(restClientOptions(emulator.port) as never);
});
afterAll(async () => {
  await Promise.all([jobs.close(), executions.close()]);
  await emulator.stop();
});
beforeEach(() => {
  emulator.reset();
  emulator.faults.clear();
  emulator.calls.reset();
});

describe("v2 REST through @google-cloud/run (fallback: true)", () => {
  it("creates, reads, lists, updates, runs and deletes a job", async () => {
    const [created] = await (await jobs.createJob({ parent: PARENT, jobId: "hello", job: jobBody() }, FAST))[0].promise();
    expect(plainJob(created)).toMatchObject({
      name: jobName("hello"),
      generation: "1",
      template: { taskCount: 1, template: { maxRetries: 3, timeout: { seconds: "600" } } },
    });
    const [got] = await jobs.getJob({ name: jobName("hello") });
    expect(got.etag).toBe(plainJob(created).etag);
    const [list] = await jobs.listJobs({ parent: PARENT });
    expect(list.map((j) => j.name)).toEqual([jobName("hello")]);
    const [updated] = await (await jobs.updateJob({ job: { ...jobBody({ maxRetries: 0 }), name: jobName("hello") } }, FAST))[0].promise();
    expect(plainJob(updated)).toMatchObject({ generation: "2", template: { template: { maxRetries: 0 } } });
    const [execution] = await (await jobs.runJob({ name: jobName("hello") }, FAST))[0].promise();
    expect(plainExecution(execution)).toMatchObject({ succeededCount: 1, job: "hello" });
    const [listed] = await executions.listExecutions({ parent: jobName("hello") });
    expect(listed.map((e) => e.name)).toEqual([execution.name]);
    await (await jobs.deleteJob({ name: jobName("hello") }, FAST))[0].promise();
    expect((await rejection(jobs.getJob({ name: jobName("hello") }))).code).toBe(5);
    expect(emulator.calls.count("Jobs.CreateJob")).toBe(1);
  });

  it("reports errors with the gRPC code, message and field violations", async () => {
    const bad = await rejection(jobs.createJob({ parent: PARENT, jobId: "Bad_Id", job: jobBody() }));
    expect(bad).toMatchObject({ code: 3, fields: ["job_id"] });
    const missing = (await jobs.getJob({ name: jobName("nope") }).catch((e: unknown) => e)) as { code: number; message: string };
    expect(missing.code).toBe(5);
    expect(missing.message).toContain("Resource 'nope' of kind 'JOB' in region 'us-central1' in project 'emu-project' does not exist.");
  });

  it("applies faults by RPC name, whatever the transport", async () => {
    emulator.faults.add({ rpc: "GetJob", code: "UNAVAILABLE", times: 1 });
    expect((await rejection(jobs.getJob({ name: jobName("x") }))).code).toBe(14);
    emulator.faults.add({ rpc: "ListJobs", kind: "drop" });
    expect((await rejection(jobs.listJobs({ parent: PARENT }, { retry: null } as never))).code).toBe(14);
    expect(emulator.calls.count("ListJobs")).toBe(1);
  });
});

describe("v2 REST on the wire", () => {
  it("serves the paths of the discovery document, in proto3 JSON", async () => {
    const created = await fetch(url(`/v2/${PARENT}/jobs?jobId=wire`), {
      method: "POST",
      body: JSON.stringify({ template: { template: { containers: [{ image: "img" }], timeout: "90.5s" } } }),
    });
    expect(created.status).toBe(200);
    const op = (await created.json()) as { name: string; done: boolean; response: Record<string, unknown> };
    expect(op).toMatchObject({
      done: true,
      response: { "@type": "type.googleapis.com/google.cloud.run.v2.Job", name: jobName("wire"), generation: "1", launchStage: "GA" },
    });
    expect((op.response.template as { template: { timeout: string } }).template.timeout).toBe("90.500s");
    expect(op.response.createTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3,9})?Z$/);
    const operation = await (await fetch(url(`/v2/${op.name}`))).json();
    expect(operation).toMatchObject({ name: op.name, done: true });
    const listed = (await (await fetch(url(`/v2/${PARENT}/operations`))).json()) as { operations: unknown[] };
    expect(listed.operations).toHaveLength(1);
    const waited = await (await fetch(url(`/v2/${op.name}:wait`), { method: "POST", body: "{}" })).json();
    expect(waited).toMatchObject({ done: true });
    const page = (await (await fetch(url(`/v2/${PARENT}/jobs?pageSize=1&showDeleted=false`))).json()) as { jobs: Array<{ name: string }> };
    expect(page.jobs.map((j) => j.name)).toEqual([jobName("wire")]);
  });

  it("answers Google's JSON error shape", async () => {
    const missing = await fetch(url(`/v2/${jobName("nope")}`));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: {
        code: 404,
        status: "NOT_FOUND",
        message: "Resource 'nope' of kind 'JOB' in region 'us-central1' in project 'emu-project' does not exist.",
      },
    });
    const unknown = await fetch(url(`/v2/${PARENT}/jobs?jobId=x`), {
      method: "POST",
      body: JSON.stringify({ template: { template: { containers: [{ image: "i" }] } }, bogus: 1 }),
    });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain('Unknown name "bogus"');
    const invalid = await fetch(url(`/v2/${PARENT}/jobs?jobId=x`), {
      method: "POST",
      body: JSON.stringify({ template: { template: { containers: [{}] } } }),
    });
    expect(await invalid.json()).toMatchObject({
      error: {
        code: 400,
        status: "INVALID_ARGUMENT",
        details: [
          {
            "@type": "type.googleapis.com/google.rpc.BadRequest",
            fieldViolations: [{ field: "job.template.template.containers[0].image" }],
          },
        ],
      },
    });
    expect((await fetch(url("/v2/projects/p/nothing"))).status).toBe(404);
  });
});
