// Fault injection and call counters (emulator-only), programmatic and from another process
// through the Control service, each fault kind seen by the real clients.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { connectControl, type ControlClient } from "../../../emulator";
import { FAST, PARENT, createJob, jobBody, jobName, plainExecution, rejection, startHarness, type Harness } from "../harness";

let h: Harness;
let control: ControlClient;
beforeAll(async () => {
  h = await startHarness({ faults: [{ rpc: "ListJobs", code: "RESOURCE_EXHAUSTED", times: 1 }] });
  control = connectControl(h.emulator.address);
});
afterAll(async () => {
  control.close();
  await h.close();
});
beforeEach(() => {
  h.emulator.reset();
  h.emulator.calls.reset();
});

describe("faults", () => {
  it("a fault given at start fires on the first matching call only", async () => {
    expect((await rejection(h.jobs.listJobs({ parent: PARENT }))).code).toBe(8);
    await h.jobs.listJobs({ parent: PARENT });
  });

  it("error: the next N calls fail with the code, then calls succeed", async () => {
    await createJob(h, "e");
    h.emulator.faults.add({ rpc: "GetJob", code: "UNAVAILABLE", times: 2, message: "try later" });
    const first = await rejection(h.jobs.getJob({ name: jobName("e") }));
    expect(first).toMatchObject({ code: 14, message: "try later" });
    expect((await rejection(h.jobs.getJob({ name: jobName("e") }))).code).toBe(14);
    await h.jobs.getJob({ name: jobName("e") });
    expect(h.emulator.faults.list()).toEqual([]);
  });

  it("error: a fraction of calls fails, deterministically", async () => {
    await createJob(h, "f");
    h.emulator.faults.add({ rpc: "Jobs.GetJob", code: 13, fraction: 0.5 });
    const outcomes: boolean[] = [];
    for (let i = 0; i < 6; i++) {
      outcomes.push(
        await h.jobs.getJob({ name: jobName("f") }).then(
          () => true,
          () => false,
        ),
      );
    }
    expect(outcomes).toEqual([true, false, true, false, true, false]);
    h.emulator.faults.clear();
  });

  it("latency: the call is delayed, then answered", async () => {
    await createJob(h, "l");
    h.emulator.faults.add({ rpc: "GetJob", latencyMs: 100, times: 1 });
    const started = Date.now();
    const [job] = await h.jobs.getJob({ name: jobName("l") });
    expect(job.name).toBe(jobName("l"));
    // A lower bound only: timers never fire early by more than a millisecond.
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
  });

  it("operation: RunJob succeeds but its execution fails and the operation carries the error", async () => {
    await createJob(h, "o");
    h.emulator.faults.add({ rpc: "RunJob", kind: "operation", code: "INTERNAL", message: "boom" });
    const [op] = await h.jobs.runJob({ name: jobName("o") }, FAST);
    const err = await rejection(op.promise());
    expect(err.code).toBe(9);
    const [e] = await h.executions.getExecution({ name: plainExecution(op.metadata).name! });
    expect(e.failedCount).toBe(1);
  });

  it("operation: CreateJob's operation fails and the job is stored not Ready", async () => {
    h.emulator.faults.add({ rpc: "CreateJob", kind: "operation", code: "FAILED_PRECONDITION", message: "Image not found" });
    const [op] = await h.jobs.createJob({ parent: PARENT, jobId: "broken", job: jobBody() }, FAST);
    const err = await rejection(op.promise());
    expect(err.code).toBe(9);
    const [job] = await h.jobs.getJob({ name: jobName("broken") });
    expect(job.terminalCondition).toMatchObject({ type: "Ready", state: "CONDITION_FAILED", message: "Image not found" });
  });

  it("drop: the connection is cut and the client sees UNAVAILABLE; the next call reconnects", async () => {
    await createJob(h, "d");
    h.emulator.faults.add({ rpc: "GetJob", kind: "drop" });
    expect((await rejection(h.jobs.getJob({ name: jobName("d") }))).code).toBe(14);
    const [job] = await h.jobs.getJob({ name: jobName("d") });
    expect(job.name).toBe(jobName("d"));
  });

  it("a wildcard fault hits every RPC", async () => {
    h.emulator.faults.add({ rpc: "*", code: "UNAVAILABLE", times: 2 });
    expect((await rejection(h.jobs.listJobs({ parent: PARENT }))).code).toBe(14);
    expect((await rejection(h.executions.listExecutions({ parent: `${PARENT}/jobs/-` }))).code).toBe(14);
    await h.jobs.listJobs({ parent: PARENT });
  });
});

describe("control from another process", () => {
  it("adds, lists and clears faults and reads counters through the Control service", async () => {
    await createJob(h, "c");
    const fault = await control.addFault({ rpc: "GetJob", code: "PERMISSION_DENIED", times: 5 });
    expect((await control.listFaults()).map((f) => f.id)).toEqual([fault.id]);
    expect((await rejection(h.jobs.getJob({ name: jobName("c") }))).code).toBe(7);
    await control.clearFaults();
    await h.jobs.getJob({ name: jobName("c") });
    expect(await control.calls()).toMatchObject({ "Jobs.CreateJob": 1, "Jobs.GetJob": 2 });
    await control.resetCalls();
    expect(await control.calls()).toEqual({});
    await control.reset();
    expect((await rejection(h.jobs.getJob({ name: jobName("c") }))).code).toBe(5);
    await expect(control.addFault({ rpc: "GetJob", code: "NOT_A_CODE" })).rejects.toThrow(/unknown gRPC status code/);
  });
});

describe("call counters", () => {
  it("count every call per RPC, failed and injected ones included", async () => {
    await createJob(h, "n");
    await h.jobs.getJob({ name: jobName("n") });
    await rejection(h.jobs.getJob({ name: jobName("missing") }));
    expect(h.emulator.calls.count("GetJob")).toBe(2);
    expect(h.emulator.calls.count("Jobs.CreateJob")).toBe(1);
    expect(h.emulator.calls.snapshot()).toEqual({ "Jobs.CreateJob": 1, "Jobs.GetJob": 2 });
  });
});
