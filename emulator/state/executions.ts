// A new execution in the store: its records built from the job at the store's time (the
// messages themselves are model/execution.ts's), then stored and recorded on their job.
import { computeEtag } from "../model/etag";
import { newExecution } from "../model/execution";
import type { ExecutionTemplate, Job } from "../model/types";
import { currentCaller } from "./identities";
import type { ExecutionRecord, Store, TaskRecord } from "./store";

export interface BuiltExecution {
  record: ExecutionRecord;
  tasks: TaskRecord[];
}

/** An execution of `job` and its tasks as pending records, not yet stored; its creator is who makes the call (identities.ts). */
export function buildExecution(store: Store, job: Job, executionId: string, template: ExecutionTemplate): BuiltExecution {
  const { execution, tasks } = newExecution(job, executionId, template, store.clock.now(), currentCaller());
  return {
    record: { execution, seq: store.nextSeq(), state: "pending" },
    tasks: tasks.map((task): TaskRecord => ({ task, state: "pending", attempt: 0 })),
  };
}

/** Stores the execution and tasks and records it on the job (§3.8, §5.7). */
export function persistExecution(store: Store, jobName: string, built: BuiltExecution): void {
  store.executions.set(built.record.execution.name!, built.record);
  store.putTasks(built.record.execution.name!, built.tasks);
  const jobRecord = store.jobs.get(jobName);
  if (!jobRecord) return;
  const job = jobRecord.job;
  const e = built.record.execution;
  job.executionCount = (job.executionCount ?? 0) + 1;
  job.latestCreatedExecution = {
    name: e.name!.split("/").pop()!,
    createTime: e.createTime,
    completionStatus: "EXECUTION_PENDING",
  };
  job.etag = computeEtag(job);
}
