// One execution as outputs: what a JobRun reports of its run, and what a Job reports of the
// execution its current token started (`tokenRun`). Pure; plain values only (no undefined: the
// dynamic-provider RPC refuses it).
import type { ApiExecution, ApiTimestamp } from "./api";
import { type Outcome, outcomeOf } from "./executions";
import { shortName } from "./names";

/** v2 `ExecutionReference.CompletionStatus` names, as v1's `status.latestCreatedExecution` spells them too. */
export type CompletionStatus =
  | "EXECUTION_PENDING"
  | "EXECUTION_RUNNING"
  | "EXECUTION_SUCCEEDED"
  | "EXECUTION_FAILED"
  | "EXECUTION_CANCELLED";

const STATUS_OF: Record<Outcome, CompletionStatus> = {
  pending: "EXECUTION_PENDING",
  running: "EXECUTION_RUNNING",
  succeeded: "EXECUTION_SUCCEEDED",
  failed: "EXECUTION_FAILED",
  cancelled: "EXECUTION_CANCELLED",
};

/** Whether an execution of this status will not change any more. */
export function isFinal(status: unknown): boolean {
  return status === "EXECUTION_SUCCEEDED" || status === "EXECUTION_FAILED" || status === "EXECUTION_CANCELLED";
}

/** One execution's outputs. */
export interface ExecutionSummary {
  /** The execution's full resource name, `projects/…/jobs/<job>/executions/<execution>`. */
  executionName: string;
  /** Its short name (what `gcloud run jobs executions describe` takes). */
  execution: string;
  completionStatus: CompletionStatus;
  taskCount: number;
  succeededCount: number;
  failedCount: number;
  cancelledCount: number;
  runningCount: number;
  retriedCount: number;
  /** RFC 3339; "" when not yet. */
  createTime: string;
  startTime: string;
  completionTime: string;
  /** The Cloud Console URI of its logs; "" when Cloud Run gave none. */
  logUri: string;
  /** Why it failed or was cancelled, in Cloud Run's words; "" otherwise. */
  failureReason: string;
}

function rfc3339(ts: ApiTimestamp | null | undefined): string {
  if (!ts || ts.seconds === undefined || ts.seconds === null) return "";
  return new Date(Number(ts.seconds) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6)).toISOString();
}

export function executionSummary(e: ApiExecution): ExecutionSummary {
  const status = STATUS_OF[outcomeOf(e)];
  const completed = (e.conditions ?? []).find((c) => c.type === "Completed");
  const n = (v: unknown) => Number(v ?? 0);
  return {
    executionName: e.name ?? "",
    execution: shortName(e.name),
    completionStatus: status,
    taskCount: n(e.taskCount),
    succeededCount: n(e.succeededCount),
    failedCount: n(e.failedCount),
    cancelledCount: n(e.cancelledCount),
    runningCount: n(e.runningCount),
    retriedCount: n(e.retriedCount),
    createTime: rfc3339(e.createTime),
    startTime: rfc3339(e.startTime),
    completionTime: rfc3339(e.completionTime),
    logUri: e.logUri ?? "",
    failureReason: status === "EXECUTION_FAILED" || status === "EXECUTION_CANCELLED" ? completed?.message || "no reason given" : "",
  };
}
