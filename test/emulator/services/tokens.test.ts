// Execution tokens (docs/cloud-run-facts.md §2.2, §3.1, §3.7, §3.8): the execution is named
// {job}-{token}; the create/update operation is done when it has started (start token) or
// finished (run token, with an error when it failed); reuse is ALREADY_EXISTS; the stored token
// is dropped once an execution is created another way.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  FAST,
  PARENT,
  condition,
  exitWith,
  jobBody,
  jobName,
  plainJob,
  rejection,
  startHarness,
  type Harness,
  type IJob,
} from "../harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ exec: true, taskDurationMs: 20 });
});
afterAll(async () => h.close());
beforeEach(() => h.emulator.reset());

const forever = { containers: [{ image: "busybox", ...exitWith("setTimeout(() => {}, 60000)") }] };

async function create(id: string, job: IJob) {
  const [op] = await h.jobs.createJob({ parent: PARENT, jobId: id, job }, FAST);
  return op;
}

describe("run_execution_token", () => {
  it("creates {job}-{token}; the operation is done only when the execution has finished", async () => {
    const op = await create("rt", { ...jobBody(), runExecutionToken: "v1" });
    expect(op.done).toBe(false);
    const pending = plainJob(op.metadata);
    expect(pending.reconciling).toBe(true);
    expect(pending.terminalCondition?.state).toBe("CONDITION_RECONCILING");
    const job = plainJob((await op.promise())[0]);
    expect(job.runExecutionToken).toBe("v1");
    expect(job.reconciling).toBe(false);
    expect(job.observedGeneration).toBe(job.generation);
    expect(job.terminalCondition?.state).toBe("CONDITION_SUCCEEDED");
    expect(job.latestCreatedExecution).toMatchObject({ name: "rt-v1", completionStatus: "EXECUTION_SUCCEEDED" });
    const [e] = await h.executions.getExecution({ name: `${jobName("rt")}/executions/rt-v1` });
    expect(e.completionTime).toBeTruthy();
  });

  it("a failed execution fails the operation and leaves the job not Ready", async () => {
    const op = await create("rtf", {
      ...jobBody({ maxRetries: 0, containers: [{ image: "busybox", ...exitWith("process.exit(1)") }] }),
      runExecutionToken: "v1",
    });
    const err = await rejection(op.promise());
    expect(err.code).toBe(9);
    const [job] = await h.jobs.getJob({ name: jobName("rtf") });
    expect(job.terminalCondition).toMatchObject({ type: "Ready", state: "CONDITION_FAILED" });
    expect(job.latestCreatedExecution?.completionStatus).toBe("EXECUTION_FAILED");
  });

  it("UpdateJob with a new token runs again; the same token again does not", async () => {
    await (await create("rtu", { ...jobBody(), runExecutionToken: "a" })).promise();
    const [same] = await h.jobs.updateJob({ job: { ...jobBody(), name: jobName("rtu"), runExecutionToken: "a" } }, FAST);
    expect(same.done).toBe(true);
    const [next] = await h.jobs.updateJob({ job: { ...jobBody(), name: jobName("rtu"), runExecutionToken: "b" } }, FAST);
    expect(next.done).toBe(false);
    const job = plainJob((await next.promise())[0]);
    expect(job.executionCount).toBe(2);
    expect(job.latestCreatedExecution?.name).toBe("rtu-b");
  });
});

describe("start_execution_token", () => {
  it("the operation is done once the execution has started, before it finishes", async () => {
    const op = await create("st", { ...jobBody(forever), startExecutionToken: "go" });
    const job = plainJob((await op.promise())[0]);
    expect(job.startExecutionToken).toBe("go");
    expect(job.terminalCondition?.state).toBe("CONDITION_SUCCEEDED");
    const name = `${jobName("st")}/executions/st-go`;
    const [e] = await h.executions.getExecution({ name });
    expect(condition(e, "Started")?.state).toBe("CONDITION_SUCCEEDED");
    expect(e.completionTime).toBeNull();
    await (await h.executions.cancelExecution({ name }, FAST))[0].promise();
  });
});

describe("token bookkeeping", () => {
  it("re-sending the token of a run still in progress keeps the job reconciling until it ends", async () => {
    const op = await create("rr", { ...jobBody(forever), runExecutionToken: "r1" });
    const [again] = await h.jobs.updateJob(
      { job: { ...jobBody({ ...forever, maxRetries: 1 }), name: jobName("rr"), runExecutionToken: "r1" } },
      FAST,
    );
    expect(again.done).toBe(false);
    expect(plainJob(again.metadata).reconciling).toBe(true);
    const name = `${jobName("rr")}/executions/rr-r1`;
    await (await h.executions.cancelExecution({ name }, FAST))[0].promise();
    const [first, second] = await Promise.all([op.promise(), again.promise()]);
    expect(plainJob(first[0]).reconciling).toBe(false);
    const job = plainJob(second[0]);
    expect(job.generation).toBe("2");
    expect(job.observedGeneration).toBe("2");
    expect(job.executionCount).toBe(1);
  });

  it("RunJob drops the stored token; re-sending it is then ALREADY_EXISTS", async () => {
    await (await create("tk", { ...jobBody(), startExecutionToken: "t1" })).promise();
    const [runOp] = await h.jobs.runJob({ name: jobName("tk") }, FAST);
    await runOp.promise();
    const [job] = await h.jobs.getJob({ name: jobName("tk") });
    expect(job.startExecutionToken ?? "").toBe("");
    expect((job as { createExecution?: string }).createExecution).toBeUndefined();
    const r = await rejection(h.jobs.updateJob({ job: { ...jobBody(), name: jobName("tk"), startExecutionToken: "t1" } }));
    expect(r.code).toBe(6);
    expect(r.message).toBe("Resource 'tk-t1' already exists.");
  });

  it("validate_only with a token creates no execution", async () => {
    const [op] = await h.jobs.createJob({ parent: PARENT, jobId: "vt", job: { ...jobBody(), runExecutionToken: "x" }, validateOnly: true });
    expect(op.done).toBe(true);
    expect((await rejection(h.executions.getExecution({ name: `${jobName("vt")}/executions/vt-x` }))).code).toBe(5);
  });
});
