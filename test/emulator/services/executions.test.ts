// Executions and Tasks through the real clients: RunJob and its LRO, the lifecycles
// (success, failure, retry then success, attempt timeout, cancel), parallelism, counts,
// overrides, ListExecutions with job "-", Delete/CancelExecution, GetTask/ListTasks.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  FAST,
  PARENT,
  condition,
  createJob,
  exitWith,
  jobBody,
  jobName,
  plainExecution,
  plainJob,
  rejection,
  startHarness,
  until,
  type Harness,
  type IExecution,
  type IJob,
} from "../harness";

let h: Harness;
beforeAll(async () => {
  // --exec: containers with a command run as local processes; the others are simulated (20 ms).
  h = await startHarness({ exec: true, taskDurationMs: 20 });
});
afterAll(async () => h.close());
beforeEach(() => h.emulator.reset());

async function run(
  id: string,
  request: Record<string, unknown> = {},
): Promise<{ execution: IExecution; error?: { code: number; message: string } }> {
  const [op] = await h.jobs.runJob({ name: jobName(id), ...request }, FAST);
  try {
    const [execution] = await op.promise();
    return { execution: plainExecution(execution) };
  } catch (err) {
    const e = err as { code: number; message: string };
    const [execution] = await h.executions.getExecution({ name: plainExecution(op.metadata).name! });
    return { execution, error: { code: e.code, message: e.message } };
  }
}

const millis = (t: { seconds?: unknown; nanos?: unknown } | null | undefined) =>
  Number(t?.seconds ?? 0) * 1000 + Number(t?.nanos ?? 0) / 1e6;

describe("RunJob", () => {
  it("returns a running operation whose metadata is the new Execution, done when it finishes", async () => {
    await createJob(h, "runner");
    const [op] = await h.jobs.runJob({ name: jobName("runner") }, FAST);
    expect(op.done).toBe(false);
    const meta = plainExecution(op.metadata);
    expect(meta.name).toMatch(new RegExp(`^${jobName("runner")}/executions/runner-[a-z0-9]{5}$`));
    expect(meta.job).toBe("runner");
    expect(meta.logUri).toContain("runner");
    expect(op.latestResponse.metadata?.type_url).toBe("type.googleapis.com/google.cloud.run.v2.Execution");
    const [done] = await op.promise();
    const e = plainExecution(done);
    expect(e.name).toBe(meta.name);
    expect(e.succeededCount).toBe(1);
    expect(condition(e, "Completed")?.state).toBe("CONDITION_SUCCEEDED");
  });

  it("records the execution on the job: count, short latest name, completion status", async () => {
    await createJob(h, "counted");
    const first = await run("counted");
    const second = await run("counted");
    const [job] = await h.jobs.getJob({ name: jobName("counted") });
    expect(job.executionCount).toBe(2);
    expect(job.latestCreatedExecution?.name).toBe(second.execution.name!.split("/").pop());
    expect(job.latestCreatedExecution?.completionStatus).toBe("EXECUTION_SUCCEEDED");
    expect(job.latestCreatedExecution?.completionTime).toEqual(second.execution.completionTime);
    expect(first.execution.name).not.toBe(second.execution.name);
  });

  it("applies overrides: args, env merge, task count and timeout", async () => {
    await createJob(
      h,
      "over",
      jobBody({
        containers: [
          {
            name: "main",
            image: "busybox",
            args: ["a"],
            env: [
              { name: "KEEP", value: "1" },
              { name: "SWAP", value: "old" },
            ],
          },
        ],
      }),
    );
    const { execution } = await run("over", {
      overrides: {
        containerOverrides: [
          {
            name: "main",
            args: ["b", "c"],
            env: [
              { name: "SWAP", value: "new" },
              { name: "ADD", value: "x" },
            ],
          },
        ],
        taskCount: 3,
        timeout: { seconds: 30 },
      },
    });
    expect(execution.taskCount).toBe(3);
    expect(execution.succeededCount).toBe(3);
    const c = execution.template!.containers![0]!;
    expect(c.args).toEqual(["b", "c"]);
    expect(c.env!.map((e) => [e.name, e.value])).toEqual([
      ["KEEP", "1"],
      ["SWAP", "new"],
      ["ADD", "x"],
    ]);
    expect(execution.template!.timeout).toEqual({ seconds: "30", nanos: 0 });
    // The job itself is unchanged.
    const [job] = await h.jobs.getJob({ name: jobName("over") });
    expect(job.template!.taskCount).toBe(1);
    expect(job.template!.template!.containers![0]!.args).toEqual(["a"]);
  });

  it("clear_args empties the args; a bad override is INVALID_ARGUMENT", async () => {
    await createJob(h, "clear", jobBody({ containers: [{ image: "busybox", args: ["a"] }] }));
    const { execution } = await run("clear", { overrides: { containerOverrides: [{ clearArgs: true }] } });
    expect(execution.template!.containers![0]!.args).toEqual([]);
    const bad = await rejection(h.jobs.runJob({ name: jobName("clear"), overrides: { containerOverrides: [{ name: "nope" }] } }));
    expect(bad.code).toBe(3);
    expect(bad.fields).toEqual(["overrides.container_overrides[0].name"]);
    const both = await rejection(
      h.jobs.runJob({ name: jobName("clear"), overrides: { containerOverrides: [{ args: ["x"], clearArgs: true }] } }),
    );
    expect(both.fields).toEqual(["overrides.container_overrides[0].clear_args"]);
  });

  it("NOT_FOUND for a missing job, ABORTED on a stale etag, validate_only creates nothing", async () => {
    expect((await rejection(h.jobs.runJob({ name: jobName("ghost") }))).code).toBe(5);
    await createJob(h, "guarded");
    expect((await rejection(h.jobs.runJob({ name: jobName("guarded"), etag: '"stale"' }))).code).toBe(10);
    const [job] = await h.jobs.getJob({ name: jobName("guarded") });
    const [op] = await h.jobs.runJob({ name: jobName("guarded"), etag: job.etag, validateOnly: true });
    expect(op.done).toBe(true);
    const [executions] = await h.executions.listExecutions({ parent: jobName("guarded") });
    expect(executions).toEqual([]);
  });
});

describe("execution lifecycles", () => {
  it("success: conditions, times, counts, tasks", async () => {
    await createJob(h, "ok", jobBody({}, { taskCount: 2 }));
    const { execution: e } = await run("ok");
    expect(e.conditions!.map((c) => [c.type, c.state])).toEqual([
      ["ResourcesAvailable", "CONDITION_SUCCEEDED"],
      ["Started", "CONDITION_SUCCEEDED"],
      ["Completed", "CONDITION_SUCCEEDED"],
    ]);
    expect(millis(e.startTime)).toBeGreaterThanOrEqual(millis(e.createTime));
    expect(millis(e.completionTime)).toBeGreaterThanOrEqual(millis(e.startTime));
    expect([e.runningCount, e.succeededCount, e.failedCount, e.cancelledCount, e.retriedCount]).toEqual([0, 2, 0, 0, 0]);
    expect(e.reconciling).toBe(false);
    expect(e.parallelism).toBe(2);
    const [tasks] = await h.tasks.listTasks({ parent: e.name! });
    expect(tasks.map((t) => t.name!.split("/").pop())).toEqual([`${e.name!.split("/").pop()}-task0`, `${e.name!.split("/").pop()}-task1`]);
    for (const t of tasks) {
      expect(t.job).toBe("ok");
      expect(t.lastAttemptResult?.exitCode).toBe(0);
      expect(t.retried).toBe(0);
      expect(condition(t, "Completed")?.state).toBe("CONDITION_SUCCEEDED");
    }
    const [task] = await h.tasks.getTask({ name: tasks[1]!.name! });
    expect(task.index).toBe(1);
  });

  it("failure: a non-zero exit fails the task after its retries, the execution and the RunJob operation", async () => {
    await createJob(h, "fails", jobBody({ maxRetries: 1, containers: [{ image: "busybox", ...exitWith("process.exit(3)") }] }));
    const { execution: e, error } = await run("fails");
    expect(error?.code).toBe(9);
    expect(error?.message).toContain("failed with exit code: 3");
    const completed = condition(e, "Completed");
    expect(completed?.state).toBe("CONDITION_FAILED");
    expect(e.failedCount).toBe(1);
    expect(e.retriedCount).toBe(1);
    const [tasks] = await h.tasks.listTasks({ parent: e.name! });
    expect(tasks[0]!.retried).toBe(1);
    expect(tasks[0]!.lastAttemptResult?.exitCode).toBe(3);
    const [job] = await h.jobs.getJob({ name: jobName("fails") });
    expect(job.latestCreatedExecution?.completionStatus).toBe("EXECUTION_FAILED");
  });

  it("retry then success: attempt 0 fails, attempt 1 succeeds", async () => {
    const script = "process.exit(Number(process.env.CLOUD_RUN_TASK_ATTEMPT) < 1 ? 1 : 0)";
    await createJob(h, "flaky", jobBody({ maxRetries: 2, containers: [{ image: "busybox", ...exitWith(script) }] }));
    const { execution: e, error } = await run("flaky");
    expect(error).toBeUndefined();
    expect([e.succeededCount, e.failedCount, e.retriedCount]).toEqual([1, 0, 1]);
    const [tasks] = await h.tasks.listTasks({ parent: e.name! });
    expect(tasks[0]!.retried).toBe(1);
    expect(tasks[0]!.lastAttemptResult?.exitCode).toBe(0);
  });

  it("in --exec mode a container without a command stays simulated", async () => {
    await createJob(h, "sim", jobBody({ maxRetries: 0, containers: [{ image: "busybox", args: ["ignored"] }] }));
    const { execution: e, error } = await run("sim");
    expect(error).toBeUndefined();
    expect(e.succeededCount).toBe(1);
  });

  it("gives the process Cloud Run's task environment and the container's env", async () => {
    const script = [
      "const e = process.env;",
      "const ok = e.CLOUD_RUN_JOB === 'envy' && e.CLOUD_RUN_EXECUTION.startsWith('envy-') && e.CLOUD_RUN_TASK_COUNT === '2'",
      "  && ['0','1'].includes(e.CLOUD_RUN_TASK_INDEX) && e.CLOUD_RUN_TASK_ATTEMPT === '0' && e.GREETING === 'hi';",
      "process.exit(ok ? 0 : 7);",
    ].join("\n");
    await createJob(
      h,
      "envy",
      jobBody(
        { maxRetries: 0, containers: [{ image: "busybox", env: [{ name: "GREETING", value: "hi" }], ...exitWith(script) }] },
        { taskCount: 2 },
      ),
    );
    const { execution: e, error } = await run("envy");
    expect(error).toBeUndefined();
    expect(e.succeededCount).toBe(2);
  });

  it("attempt timeout: each attempt is bounded by the timeout", async () => {
    await createJob(
      h,
      "slow",
      jobBody({ maxRetries: 1, timeout: { seconds: 1 }, containers: [{ image: "busybox", ...exitWith("setTimeout(() => {}, 60000)") }] }),
    );
    const { execution: e, error } = await run("slow");
    expect(error?.code).toBe(9);
    expect(error?.message).toContain("The configured timeout was reached.");
    expect([e.failedCount, e.retriedCount]).toEqual([1, 1]);
    const [tasks] = await h.tasks.listTasks({ parent: e.name! });
    expect(tasks[0]!.lastAttemptResult?.status?.code).toBe(4);
  });

  it("cancel: running tasks stop, the RunJob operation completes without error", async () => {
    await createJob(
      h,
      "long",
      jobBody({ containers: [{ image: "busybox", ...exitWith("setTimeout(() => {}, 60000)") }] }, { taskCount: 3, parallelism: 1 }),
    );
    const [op] = await h.jobs.runJob({ name: jobName("long") }, FAST);
    const name = plainExecution(op.metadata).name!;
    await until(
      () => h.executions.getExecution({ name }).then(([e]) => e),
      (e) => e.runningCount === 1,
    );
    const [cancelOp] = await h.executions.cancelExecution({ name }, FAST);
    await cancelOp.promise();
    const [result] = await op.promise();
    const e = plainExecution(result);
    expect(condition(e, "Completed")).toMatchObject({ state: "CONDITION_FAILED", executionReason: "CANCELLED" });
    expect([e.runningCount, e.cancelledCount, e.succeededCount]).toEqual([0, 3, 0]);
    const [job] = await h.jobs.getJob({ name: jobName("long") });
    expect(job.latestCreatedExecution?.completionStatus).toBe("EXECUTION_CANCELLED");
    expect((await rejection(h.executions.cancelExecution({ name }))).code).toBe(9);
  });

  it("parallelism: at most `parallelism` tasks at once", async () => {
    await createJob(h, "par", jobBody({}, { taskCount: 4, parallelism: 2 }));
    const { execution: e } = await run("par");
    expect(e.parallelism).toBe(2);
    const [tasks] = await h.tasks.listTasks({ parent: e.name! });
    const spans = tasks.map((t) => [millis(t.startTime), millis(t.completionTime)] as const);
    for (const [start] of spans) {
      const overlapping = spans.filter(([s, c]) => s <= start && start < c).length;
      expect(overlapping).toBeLessThanOrEqual(2);
    }
    expect(e.succeededCount).toBe(4);
  });
});

describe("Executions and Tasks RPCs", () => {
  it("lists newest first, per job and across jobs with `-`, page by page", async () => {
    await createJob(h, "la");
    await createJob(h, "lb");
    const a1 = (await run("la")).execution.name;
    const b1 = (await run("lb")).execution.name;
    const a2 = (await run("la")).execution.name;
    const [forA] = await h.executions.listExecutions({ parent: jobName("la") });
    expect(forA.map((e) => e.name)).toEqual([a2, a1]);
    const [all] = await h.executions.listExecutions({ parent: `${PARENT}/jobs/-` });
    expect(all.map((e) => e.name)).toEqual([a2, b1, a1]);
    const [page1, next] = await h.executions.listExecutions({ parent: `${PARENT}/jobs/-`, pageSize: 2 }, { autoPaginate: false });
    expect(page1.map((e) => e.name)).toEqual([a2, b1]);
    const [page2] = await h.executions.listExecutions(
      { parent: `${PARENT}/jobs/-`, pageSize: 2, pageToken: next!.pageToken },
      { autoPaginate: false },
    );
    expect(page2.map((e) => e.name)).toEqual([a1]);
    expect((await rejection(h.executions.listExecutions({ parent: jobName("ghost") }))).code).toBe(5);
  });

  it("deletes a finished execution, refuses a running one, NOT_FOUND afterwards", async () => {
    await createJob(h, "dx", jobBody({ containers: [{ image: "busybox", ...exitWith("setTimeout(() => {}, 60000)") }] }));
    const [op] = await h.jobs.runJob({ name: jobName("dx") }, FAST);
    const name = plainExecution(op.metadata).name!;
    expect((await rejection(h.executions.deleteExecution({ name }))).code).toBe(9);
    const [cancel] = await h.executions.cancelExecution({ name }, FAST);
    await cancel.promise();
    const [del] = await h.executions.deleteExecution({ name }, FAST);
    const [deleted] = await del.promise();
    expect(plainExecution(deleted).deleteTime?.seconds).toBeTruthy();
    expect((await rejection(h.executions.getExecution({ name }))).code).toBe(5);
    expect((await rejection(h.tasks.listTasks({ parent: name }))).code).toBe(5);
    const [job] = await h.jobs.getJob({ name: jobName("dx") });
    expect(job.latestCreatedExecution?.deleteTime?.seconds).toBeTruthy();
  });

  it("pages tasks in index order", async () => {
    await createJob(h, "many", jobBody({}, { taskCount: 5 }));
    const { execution } = await run("many");
    const [page1, next] = await h.tasks.listTasks({ parent: execution.name!, pageSize: 3 }, { autoPaginate: false });
    expect(page1.map((t) => t.index)).toEqual([0, 1, 2]);
    const [page2, last] = await h.tasks.listTasks(
      { parent: execution.name!, pageSize: 3, pageToken: next!.pageToken },
      { autoPaginate: false },
    );
    expect(page2.map((t) => t.index)).toEqual([3, 4]);
    expect(last).toBeNull();
  });

  it("Cancel/DeleteExecution check the etag (ABORTED) and honour validate_only", async () => {
    await createJob(h, "ex", jobBody({ containers: [{ image: "busybox", ...exitWith("setTimeout(() => {}, 60000)") }] }));
    const [op] = await h.jobs.runJob({ name: jobName("ex") }, FAST);
    const name = plainExecution(op.metadata).name!;
    expect((await rejection(h.executions.cancelExecution({ name, etag: '"stale"' }))).code).toBe(10);
    const [dry] = await h.executions.cancelExecution({ name, validateOnly: true });
    expect(dry.done).toBe(true);
    const [still] = await h.executions.getExecution({ name });
    expect(still.completionTime).toBeNull();
    const [cancel] = await h.executions.cancelExecution({ name, etag: still.etag }, FAST);
    await cancel.promise();
    expect((await rejection(h.executions.deleteExecution({ name, etag: '"stale"' }))).code).toBe(10);
    await (await h.executions.deleteExecution({ name, validateOnly: true }))[0].promise();
    await h.executions.getExecution({ name });
  });

  it("NOT_FOUND for unknown executions and tasks", async () => {
    expect((await rejection(h.executions.getExecution({ name: `${jobName("x")}/executions/x-1` }))).code).toBe(5);
    expect((await rejection(h.tasks.getTask({ name: `${jobName("x")}/executions/x-1/tasks/x-1-task0` }))).code).toBe(5);
  });

  it("deleting a job stops and removes its executions", async () => {
    await createJob(h, "gone", jobBody({ containers: [{ image: "busybox", ...exitWith("setTimeout(() => {}, 60000)") }] }));
    const [op] = await h.jobs.runJob({ name: jobName("gone") }, FAST);
    const [del] = await h.jobs.deleteJob({ name: jobName("gone") }, FAST);
    const deleted: IJob = plainJob((await del.promise())[0]);
    expect(deleted.deleteTime).toBeTruthy();
    const [result] = await op.promise();
    expect(condition(plainExecution(result), "Completed")?.executionReason).toBe("CANCELLED");
    expect((await rejection(h.executions.getExecution({ name: plainExecution(op.metadata).name! }))).code).toBe(5);
  });
});
