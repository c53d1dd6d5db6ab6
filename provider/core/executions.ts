// Pure facts about execution tokens and executions: names, outcomes, progress lines and
// failure reasons. An execution started by a token is named `{job}-{token}` (the
// startExecutionToken/runExecutionToken field docs in the v1 discovery document); its outcome is
// read from its `Completed` condition and task counts (docs/architecture.md, "Where the facts
// come from": executions).
import type { ApiExecution } from "./api";
import { shortName } from "./names";

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

export type Outcome = "pending" | "running" | "succeeded" | "failed" | "cancelled";

function completed(e: ApiExecution) {
  return (e.conditions ?? []).find((c) => c.type === "Completed");
}

/** Where an execution stands. `Completed` is its terminal condition. */
export function outcomeOf(e: ApiExecution): Outcome {
  const done = completed(e);
  const finished = !!e.completionTime || done?.state === "CONDITION_SUCCEEDED" || done?.state === "CONDITION_FAILED";
  if (finished) {
    if (Number(e.cancelledCount ?? 0) > 0 && Number(e.failedCount ?? 0) === 0) return "cancelled";
    if (done?.state === "CONDITION_FAILED" || Number(e.failedCount ?? 0) > 0) return "failed";
    return "succeeded";
  }
  if (e.startTime || Number(e.runningCount ?? 0) > 0 || Number(e.succeededCount ?? 0) > 0 || Number(e.failedCount ?? 0) > 0)
    return "running";
  return "pending";
}

/** True once a start token's wait is over: the execution started (or already finished). */
function hasStarted(e: ApiExecution): boolean {
  return outcomeOf(e) !== "pending";
}

/** True when a wait for the token's execution is over: started (start token) or finished (run token). */
export function isSettled(e: ApiExecution, kind: TokenKind): boolean {
  if (kind === "startExecutionToken") return hasStarted(e);
  const outcome = outcomeOf(e);
  return outcome !== "pending" && outcome !== "running";
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

/**
 * Why the deploy fails after a wait for the token's execution that ended in time, or undefined
 * when it does not: a run token fails unless its execution succeeded; a start token fails only
 * when the operation failed and the execution neither succeeded nor started.
 */
export function runVerdict(
  jobName: string,
  token: ExecutionToken,
  execution: ApiExecution | undefined,
  operationError: string | undefined,
): string | undefined {
  const outcome = execution ? outcomeOf(execution) : undefined;
  if (token.kind === "runExecutionToken" && outcome !== "succeeded") return failureReason(jobName, execution, operationError);
  if (operationError && outcome !== "succeeded" && !(execution && hasStarted(execution))) {
    return failureReason(jobName, execution, operationError);
  }
  return undefined;
}

/**
 * The output key that records a failed run on the resource (a partial failure's properties,
 * engine/runs.ts), so a preview can say what the next `up` will do: report that failure again
 * and run nothing (the token is unchanged). Hidden (`__`), never part of a diff.
 */
export const FAILED_RUN = "__failedRun";

/** What FAILED_RUN holds. */
export interface FailedRunMark {
  /** The execution's short name, `{job}-{token}`. */
  execution: string;
  /** The run token that started it. */
  token: string;
  /** Why, in short: `exit code 3`, else the execution's own message. */
  cause: string;
  cancelled: boolean;
}

/** `Task t failed with exit code: 3 and message: …` → `exit code 3`; any other message as it is. */
export function shortCause(message: string): string {
  const code = /exit code:? (\d+)/i.exec(message)?.[1];
  return code !== undefined ? `exit code ${code}` : message;
}

/** The mark of a failed run, for the outputs. */
export function failedRunMark(
  token: ExecutionToken,
  e: ApiExecution | undefined,
  executionName: string,
  operationMessage?: string,
): FailedRunMark {
  const cause = (e && completed(e)?.message) || operationMessage || "no reason given";
  return {
    execution: shortName(executionName),
    token: token.value,
    cause: shortCause(cause),
    cancelled: !!e && outcomeOf(e) === "cancelled",
  };
}

/** What a token change will do, for the preview (the diff shows it only as an update). */
export function runPlan(name: string, token: ExecutionToken, waitSeconds: number): string {
  const execution = `${name}-${token.value}`;
  return token.kind === "runExecutionToken"
    ? `${token.kind} changed: up will start execution ${execution} and wait up to ${waitSeconds} s for it to complete; a failed run fails the deploy`
    : `${token.kind} changed: up will start execution ${execution} and wait only until it has started`;
}

/**
 * What the preview says when the last `up` left a failed run and the run token is unchanged:
 * the engine will call update (the resource has init errors), which reports that failure again
 * and runs nothing. Undefined when the state records no failed run of the token the inputs carry.
 */
export function failedRunPlan(olds: Record<string, unknown>, news: Record<string, unknown>): string | undefined {
  const mark = olds[FAILED_RUN] as Partial<FailedRunMark> | undefined;
  const token = tokenOf(news.spec);
  if (!mark || typeof mark.execution !== "string" || token?.kind !== "runExecutionToken" || token.value !== mark.token) return undefined;
  const verdict = mark.cancelled ? "was cancelled" : "failed";
  return `execution ${mark.execution} ${verdict}${mark.cause ? ` (${mark.cause})` : ""}: up will report that failure again and run nothing; change runExecutionToken to run again`;
}
