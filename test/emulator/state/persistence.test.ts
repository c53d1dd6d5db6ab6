// --state-file: jobs, executions, tasks and operations survive a restart, and executions that
// were running carry on (emulator-only behaviour).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FAST, createJob, getOperation, jobBody, jobName, plainExecution, startHarness, until } from "../harness";

const dir = mkdtempSync(path.join(tmpdir(), "cloudrun-emulator-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("state file", () => {
  it("restores jobs and executions and finishes what was running", async () => {
    const stateFile = path.join(dir, "state.json");
    const first = await startHarness({ stateFile, taskDurationMs: 20 });
    const created = await createJob(first, "kept", { ...jobBody(), labels: { a: "b" } });
    const [doneOp] = await first.jobs.runJob({ name: jobName("kept") }, FAST);
    const finished = plainExecution((await doneOp.promise())[0]);
    await first.close();

    // Restart with slow tasks so an execution is running when we stop again.
    const second = await startHarness({ stateFile, taskDurationMs: 60_000 });
    const [job] = await second.jobs.getJob({ name: jobName("kept") });
    expect(job.uid).toBe(created.uid);
    expect(job.labels).toEqual({ a: "b" });
    expect(job.executionCount).toBe(1);
    const [e] = await second.executions.getExecution({ name: finished.name! });
    expect(e.succeededCount).toBe(1);
    const [tasks] = await second.tasks.listTasks({ parent: finished.name! });
    expect(tasks).toHaveLength(1);
    const [runningOp] = await second.jobs.runJob({ name: jobName("kept") });
    const running = plainExecution(runningOp.metadata).name!;
    await until(
      () => second.executions.getExecution({ name: running }).then(([x]) => x),
      (x) => x.runningCount === 1,
    );
    await second.close();

    // The third start resumes the interrupted execution and completes its operation.
    const third = await startHarness({ stateFile, taskDurationMs: 20 });
    const op = await getOperation(third.jobs, runningOp.name!);
    expect(op.name).toBe(runningOp.name);
    const resumed = await until(
      () => third.executions.getExecution({ name: running }).then(([x]) => x),
      (x) => !!x.completionTime,
    );
    expect(resumed.succeededCount).toBe(1);
    const after = await getOperation(third.jobs, runningOp.name!);
    expect(after.done).toBe(true);
    const [finalJob] = await third.jobs.getJob({ name: jobName("kept") });
    expect(finalJob.executionCount).toBe(2);
    expect(finalJob.latestCreatedExecution?.completionStatus).toBe("EXECUTION_SUCCEEDED");
    await third.close();
  });
});
