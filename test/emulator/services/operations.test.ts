// google.longrunning.Operations on the same port (docs/cloud-run-facts.md §3.7, §4.1, §4.4):
// GetOperation, ListOperations, DeleteOperation, CancelOperation, and WaitOperation's long poll.
import { protos } from "@google-cloud/run";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  FAST,
  PARENT,
  createJob,
  jobBody,
  jobName,
  plainExecution,
  plainJob,
  rejection,
  startHarness,
  waitOperation,
  getOperation,
  listOperations,
  deleteOperation,
  type Harness,
} from "../harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ taskDurationMs: 150 });
});
afterAll(async () => h.close());
beforeEach(() => {
  h.emulator.reset();
  h.emulator.calls.reset();
});

/** 1000 tasks of 150 ms one after another: still running whenever a test looks, until cancelled. */
const endless = jobBody({}, { taskCount: 1000, parallelism: 1 });
async function cancelRun(metadata: unknown): Promise<void> {
  const [cancel] = await h.executions.cancelExecution({ name: plainExecution(metadata).name! }, FAST);
  await cancel.promise();
}

describe("Operations", () => {
  it("create, update and delete of a job are done in the first response (§4.4)", async () => {
    const [create] = await h.jobs.createJob({ parent: PARENT, jobId: "quick", job: jobBody() });
    expect(create.done).toBe(true);
    expect(create.name).toMatch(new RegExp(`^${PARENT}/operations/[0-9a-f-]{36}$`));
    expect(create.latestResponse.metadata?.type_url).toBe("type.googleapis.com/google.cloud.run.v2.Job");
    await create.promise();
    expect(h.emulator.calls.count("GetOperation")).toBe(0);
  });

  it("GetOperation follows a RunJob operation until it is done, with the Execution as metadata", async () => {
    await createJob(h, "poll", endless);
    const [op] = await h.jobs.runJob({ name: jobName("poll") });
    const first = await getOperation(h.jobs, op.name!);
    expect(first.done).toBe(false);
    await cancelRun(op.metadata);
    await op.promise();
    const last = await getOperation(h.jobs, op.name!);
    expect(last.done).toBe(true);
    expect(last.response?.type_url).toBe("type.googleapis.com/google.cloud.run.v2.Execution");
    expect((await rejection(getOperation(h.jobs, `${PARENT}/operations/nope`))).code).toBe(5);
  });

  it("ListOperations lists the location's operations, newest first; DeleteOperation forgets one", async () => {
    await createJob(h, "l1");
    await createJob(h, "l2");
    const listed = await listOperations(h.jobs, PARENT);
    expect(listed).toHaveLength(2);
    expect(plainJob(protos.google.cloud.run.v2.Job.decode(listed[0]!.response!.value as Uint8Array)).name).toBe(jobName("l2"));
    await deleteOperation(h.jobs, listed[0]!.name!);
    expect((await rejection(getOperation(h.jobs, listed[0]!.name!))).code).toBe(5);
  });

  it("CancelOperation (op.cancel()) cancels the execution behind a RunJob operation", async () => {
    await createJob(h, "cx", jobBody({}, { taskCount: 1 }));
    const [op] = await h.jobs.runJob({ name: jobName("cx") }, FAST);
    await op.cancel();
    const [result] = await op.promise();
    const e = plainExecution(result);
    expect(e.cancelledCount).toBe(1);
  });

  it("WaitOperation returns as soon as the operation is done, in one call", async () => {
    await createJob(h, "w");
    const [op] = await h.jobs.runJob({ name: jobName("w") });
    expect(op.done).toBe(false);
    const started = Date.now();
    const done = await waitOperation(h.jobs, op.name!, 10_000);
    expect(done.done).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(h.emulator.calls.count("WaitOperation")).toBe(1);
  });

  it("WaitOperation answers with the operation still running at its timeout", async () => {
    await createJob(h, "wt", endless);
    const [op] = await h.jobs.runJob({ name: jobName("wt") });
    const early = await waitOperation(h.jobs, op.name!, 10);
    expect(early.done).toBe(false);
    await cancelRun(op.metadata);
    const late = await waitOperation(h.jobs, op.name!, 10_000);
    expect(late.done).toBe(true);
    // A done operation is answered at once.
    expect((await waitOperation(h.jobs, op.name!, 10_000)).done).toBe(true);
  });
});
