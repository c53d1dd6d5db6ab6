// Pure facts about execution tokens and executions: names, outcomes, progress lines and
// failure reasons. cloud-run-jobs-api.md §3.1 (execution `{job}-{token}`), §3.7–3.8.
import type { protos } from "@google-cloud/run";

type ApiExecution = protos.google.cloud.run.v2.IExecution;

export type TokenKind = "startExecutionToken" | "runExecutionToken";

export interface ExecutionToken {
  kind: TokenKind;
  value: string;
}

/** The wait limit when the resource gives none: one hour. */
export const DEFAULT_WAIT_TIMEOUT_SECONDS = 3600;

/** The token the manifest carries, if any (check allows at most one). */
export function tokenOf(spec: unknown): ExecutionToken | undefined {
  const s = (spec ?? {}) as Record<string, unknown>;
  for (const kind of ["runExecutionToken", "startExecutionToken"] as const) {
    const value = s[kind];
    if (typeof value === "string" && value !== "") return { kind, value };
  }
  return undefined;
}

/** `projects/p/locations/r/jobs/j` + token `t` → `projects/p/locations/r/jobs/j/executions/j-t`. */
export function executionNameFor(jobId: string, token: ExecutionToken): string {
  const job = jobId.split("/").pop();
  return `${jobId}/executions/${job}-${token.value}`;
}

export const shortName = (name: string | null | undefined): string => String(name ?? "").split("/").pop() ?? "";

export type Outcome = "pending" | "running" | "succeeded" | "failed" | "cancelled";

function completed(e: ApiExecution) {
  return (e.conditions ?? []).find((c) => c.type === "Completed");
}

/** Where an execution stands. `Completed` is its terminal condition (§3.8). */
export function outcomeOf(e: ApiExecution): Outcome {
  const done = completed(e);
  const finished = !!e.completionTime || done?.state === "CONDITION_SUCCEEDED" || done?.state === "CONDITION_FAILED";
  if (finished) {
    if (Number(e.cancelledCount ?? 0) > 0 && Number(e.failedCount ?? 0) === 0) return "cancelled";
    if (done?.state === "CONDITION_FAILED" || Number(e.failedCount ?? 0) > 0) return "failed";
    return "succeeded";
  }
  if (e.startTime || Number(e.runningCount ?? 0) > 0 || Number(e.succeededCount ?? 0) > 0 || Number(e.failedCount ?? 0) > 0) return "running";
  return "pending";
}

/** True once a start token's wait is over: the execution started (or already finished). */
export function hasStarted(e: ApiExecution): boolean {
  return outcomeOf(e) !== "pending";
}

/** `execution j-t: 2 running, 1 succeeded, 0 failed of 3 tasks` */
export function progressLine(e: ApiExecution): string {
  const n = (v: unknown) => Number(v ?? 0);
  const parts = [`${n(e.runningCount)} running`, `${n(e.succeededCount)} succeeded`, `${n(e.failedCount)} failed`];
  if (n(e.cancelledCount)) parts.push(`${n(e.cancelledCount)} cancelled`);
  if (n(e.retriedCount)) parts.push(`${n(e.retriedCount)} retried`);
  return `execution ${shortName(e.name)}: ${parts.join(", ")} of ${n(e.taskCount) || "?"} tasks`;
}

/** Why a run failed, with its counts and where its logs are: the deploy error users read. */
export function failureReason(jobName: string, e: ApiExecution | undefined, operationMessage?: string): string {
  if (!e) {
    return `job ${jobName}: the execution failed${operationMessage ? `: ${operationMessage}` : ""}`;
  }
  const cause = completed(e)?.message || operationMessage || "no reason given";
  const verdict = outcomeOf(e) === "cancelled" ? "was cancelled" : "failed";
  const counts = `${Number(e.failedCount ?? 0)} failed, ${Number(e.succeededCount ?? 0)} succeeded of ${Number(e.taskCount ?? 0)} tasks`;
  const logs = e.logUri ? `; logs: ${e.logUri}` : "";
  return `job ${jobName}: execution ${shortName(e.name)} ${verdict}: ${cause} (${counts})${logs}. Fix the cause and change the token to run it again`;
}
