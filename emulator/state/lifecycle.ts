// What an execution's progress does to the rest of the state: the job's
// latest_created_execution, the Ready condition of a job waiting on its execution token, and
// the operations waiting for the execution to start or finish. docs/cloud-run-facts.md §3.4,
// §3.7, §3.8.
import { failedReady, ready } from "../model/conditions";
import { computeEtag } from "../model/etag";
import { timestamp } from "../model/time";
import type { RpcStatus } from "../model/types";
import { JOB_TYPE, completeOperation } from "./operations";
import type { ExecutionEvent } from "./runner";
import type { ExecutionRecord, JobRecord, Store } from "./store";

type CompletionStatus = "EXECUTION_SUCCEEDED" | "EXECUTION_FAILED" | "EXECUTION_RUNNING" | "EXECUTION_PENDING" | "EXECUTION_CANCELLED";

function completionStatus(record: ExecutionRecord): CompletionStatus {
  switch (record.state) {
    case "pending":
      return "EXECUTION_PENDING";
    case "running":
      return "EXECUTION_RUNNING";
    case "succeeded":
      return "EXECUTION_SUCCEEDED";
    case "failed":
      return "EXECUTION_FAILED";
    case "cancelled":
      return "EXECUTION_CANCELLED";
  }
}

/** The error a run-token or RunJob operation ends with when its execution failed ([U] code; §3.7). */
export function executionError(record: ExecutionRecord): RpcStatus | undefined {
  if (record.state !== "failed") return undefined;
  const message = record.execution.conditions?.find((c) => c.type === "Completed")?.message ?? "Execution failed.";
  return { code: 9, message };
}

function executionId(record: ExecutionRecord): string {
  return record.execution.name!.split("/").pop()!;
}

export function onExecutionEvent(store: Store, name: string, event: ExecutionEvent): void {
  const record = store.executions.get(name);
  if (!record) return;
  const jobName = name.slice(0, name.indexOf("/executions/"));
  const jobRecord = store.jobs.get(jobName);
  const id = executionId(record);
  if (jobRecord) {
    const job = jobRecord.job;
    if (job.latestCreatedExecution?.name === id) {
      job.latestCreatedExecution = {
        ...job.latestCreatedExecution,
        completionStatus: completionStatus(record),
        ...(event === "finished" ? { completionTime: record.execution.completionTime } : {}),
      };
    }
    settleTokenReconcile(store, jobRecord, record, event);
    job.etag = computeEtag(job);
  }
  for (const op of store.operations.values()) {
    if (op.done || op.wait?.execution !== name) continue;
    if (op.wait.until === "started" || event === "finished") {
      const error = op.wait.until === "finished" ? executionError(record) : undefined;
      const snapshot = op.type === JOB_TYPE ? (jobRecord?.job ?? op.snapshot) : record.execution;
      completeOperation(op, structuredClone(snapshot), error);
    }
  }
  store.changed();
}

/**
 * A job created or updated with a token "becomes ready when the execution is successfully
 * started/completed" (job.proto, §3.7): reconciling until then, Ready failed if the run failed.
 */
function settleTokenReconcile(store: Store, jobRecord: JobRecord, record: ExecutionRecord, event: ExecutionEvent): void {
  const awaiting = jobRecord.awaiting;
  if (!awaiting || awaiting.execution !== record.execution.name) return;
  const waitingOnRun = awaiting.until === "finished";
  if (waitingOnRun && event !== "finished") return;
  const job = jobRecord.job;
  const now = store.clock.now();
  delete jobRecord.awaiting;
  job.reconciling = false;
  job.observedGeneration = job.generation;
  const error = waitingOnRun ? executionError(record) : undefined;
  job.terminalCondition = error ? failedReady(now, error.message) : ready(now);
  job.updateTime = timestamp(now);
}
