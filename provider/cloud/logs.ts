// A failed run's own log lines, read from Cloud Logging (issue 28): which tasks failed (Run's
// ListTasks), then one ListLogEntries per failed task (its last attempt, newest first, one page),
// and every failure to read worded as the reason there are no lines, never as the deploy's
// failure. Called only once a run has failed (or for `streamLogs`), so neither the Logging client
// nor the Tasks client is loaded on the success path (clients.ts makes them at first use).
import type { protos } from "@google-cloud/run";
import {
  type FailedRunLogs,
  type FailedTaskLog,
  type LogsUnavailable,
  MAX_TASKS_SHOWN,
  type TaskLogLine,
  type TaskLogQuery,
  taskLogFilter,
} from "../core/log-lines";
import type { Clients, LoggingEntry } from "./clients";
import { Code, codeOf, statusName } from "./errors";
import type { Attempt } from "./retry";

type ApiTask = protos.google.cloud.run.v2.ITask;

/** Runs one call with the gateway's retries (a bound of its own: logs are an addition to a failure). */
export type Retrying = <T>(rpc: string, call: (attempt: Attempt) => Promise<T>) => Promise<T>;

/** What a failed run's logs are read through. */
export interface LogReader {
  clients: Clients;
  retrying: Retrying;
}

/** `projects/p/locations/r/jobs/j/executions/e` → its parts. */
export function executionParts(name: string): { project: string; job: string; execution: string } | undefined {
  const m = /^projects\/([^/]+)\/locations\/[^/]+\/jobs\/([^/]+)\/executions\/([^/]+)$/.exec(name);
  return m ? { project: m[1]!, job: m[2]!, execution: m[3]! } : undefined;
}

const num = (v: unknown): number | undefined => (v === null || v === undefined || v === "" ? undefined : Number(String(v)));

/** RFC 3339 of a protobuf Timestamp (seconds as a number, a string or a Long). */
function rfc3339(ts: LoggingEntry["timestamp"]): string {
  const seconds = num(ts?.seconds) ?? 0;
  const nanos = Number(ts?.nanos ?? 0);
  const base = new Date(seconds * 1000).toISOString().replace(/\.\d+Z$/, "");
  return `${base}.${String(nanos).padStart(9, "0")}Z`;
}

/** A protobuf Value (as the generated client decodes a Struct) in plain JSON. */
function plainValue(v: unknown): unknown {
  const value = (v ?? {}) as Record<string, unknown>;
  if ("stringValue" in value) return value.stringValue;
  if ("numberValue" in value) return value.numberValue;
  if ("boolValue" in value) return value.boolValue;
  if ("structValue" in value) return plainStruct(value.structValue as LoggingEntry["jsonPayload"]);
  if ("listValue" in value) return ((value.listValue as { values?: unknown[] })?.values ?? []).map(plainValue);
  return null;
}

function plainStruct(s: LoggingEntry["jsonPayload"]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(s?.fields ?? {}).map(([k, v]) => [k, plainValue(v)]));
}

/** A LogEntry as a line: its text payload, or a structured line's `message` (else its JSON). */
export function lineOf(entry: LoggingEntry, task: number): TaskLogLine {
  const log = entry.logName ?? "";
  const stream = log.endsWith("%2Fstdout") ? "stdout" : log.endsWith("%2Fstderr") ? "stderr" : "other";
  let text = entry.textPayload ?? "";
  if (!entry.textPayload && entry.jsonPayload) {
    const json = plainStruct(entry.jsonPayload);
    text = typeof json.message === "string" ? json.message : JSON.stringify(json);
  }
  const labelled = num(entry.labels?.["run.googleapis.com/task_index"]);
  return { task: labelled ?? task, timestamp: rfc3339(entry.timestamp), stream, text };
}

/** Why Logging could not be read, from the error it answered. */
export function unavailableOf(err: unknown, project: string): LogsUnavailable {
  const code = codeOf(err);
  const detail = String((err as { details?: unknown })?.details || (err as Error)?.message || err).replace(/^\d+ [A-Z_]+: /, "");
  if (code === Code.PERMISSION_DENIED) {
    // Logging not enabled is a PERMISSION_DENIED naming the API (SERVICE_DISABLED).
    if (/SERVICE_DISABLED|has not been used|is disabled/i.test(detail)) return { kind: "disabled", project };
    return { kind: "permission", project, detail };
  }
  if (code === Code.UNAUTHENTICATED) return { kind: "permission", project, detail };
  return { kind: "failed", status: code === undefined ? "error" : statusName(code), detail };
}

/** The task failed for good: its Completed condition failed (its last attempt did not succeed). */
export function hasFailed(task: ApiTask): boolean {
  const completed = (task.conditions ?? []).find((c) => c.type === "Completed");
  if (completed) return completed.state === "CONDITION_FAILED";
  const result = task.lastAttemptResult;
  return !!task.completionTime && !!result && (Number(result.exitCode ?? 0) !== 0 || Number(result.status?.code ?? 0) !== 0);
}

/** One page of a task's (or an execution's) lines: `limit` newest first (one ListLogEntries). */
export async function readLines(
  reader: LogReader,
  project: string,
  query: TaskLogQuery,
  limit: number,
  order: "asc" | "desc" = "desc",
): Promise<TaskLogLine[]> {
  const logging = reader.clients.logging;
  const request = {
    resourceNames: [`projects/${project}`],
    filter: taskLogFilter(project, query),
    orderBy: `timestamp ${order}`,
    pageSize: limit,
  };
  const [entries] = await reader.retrying("ListLogEntries", ({ timeoutMs }) =>
    logging.listLogEntries(request, { timeout: timeoutMs, autoPaginate: false }),
  );
  return (entries ?? []).map((e) => lineOf(e, query.task ?? -1));
}

/**
 * The failed tasks of an execution (ListTasks), and for the first MAX_TASKS_SHOWN of them the
 * last `limit` lines of their last attempt: one Logging call per task read, a second only when
 * the first found none (then without the attempt). A failure to read
 * gives `unavailable`, never an error.
 */
export async function failedRunLogs(reader: LogReader, executionName: string, limit: number): Promise<FailedRunLogs> {
  const where = executionParts(executionName);
  if (!where)
    return {
      tasks: [],
      moreFailed: 0,
      unavailable: { kind: "failed", status: "INVALID_ARGUMENT", detail: `not an execution name: ${executionName}` },
    };
  let failed: ApiTask[];
  try {
    const { tasks } = reader.clients;
    failed = await reader.retrying("ListTasks", async ({ timeoutMs }) => {
      const found: ApiTask[] = [];
      for await (const task of tasks.listTasksAsync({ parent: executionName }, { timeout: timeoutMs, autoPaginate: false })) {
        if (hasFailed(task)) found.push(task);
      }
      return found;
    });
  } catch (err) {
    const why = unavailableOf(err, where.project);
    // Listing tasks is Cloud Run's permission, not Logging's.
    return {
      tasks: [],
      moreFailed: 0,
      unavailable:
        why.kind === "failed"
          ? why
          : {
              kind: "failed",
              status: statusName(codeOf(err)),
              detail: `listing the execution's tasks: ${why.kind === "permission" ? (why.detail ?? "") : "refused"}`,
            },
    };
  }
  failed.sort((a, b) => Number(a.index ?? 0) - Number(b.index ?? 0));
  const shown = failed.slice(0, MAX_TASKS_SHOWN);
  const tasks: FailedTaskLog[] = [];
  for (const task of shown) {
    const index = Number(task.index ?? 0);
    const attempt = Number(task.retried ?? 0);
    const exit = num(task.lastAttemptResult?.exitCode);
    try {
      const query = { job: where.job, execution: where.execution, task: index };
      let lines = await readLines(reader, where.project, { ...query, attempt }, limit);
      // The second (and last) call for a task: should the attempt label be missing from the
      // entries (it is inferred, emulator/README.md), the task's lines of any attempt.
      if (!lines.length) lines = await readLines(reader, where.project, query, limit);
      tasks.push({ index, attempt, ...(exit !== undefined && exit !== 0 ? { exitCode: exit } : {}), lines });
    } catch (err) {
      return { tasks: [], moreFailed: failed.length - shown.length, unavailable: unavailableOf(err, where.project) };
    }
  }
  return { tasks, moreFailed: failed.length - shown.length };
}

/** The lines an execution's tasks wrote after `after`, oldest first, at most `limit` (one call). */
export async function runLines(reader: LogReader, executionName: string, after: string | undefined, limit: number): Promise<TaskLogLine[]> {
  const where = executionParts(executionName);
  if (!where) return [];
  return readLines(reader, where.project, { job: where.job, execution: where.execution, ...(after ? { after } : {}) }, limit, "asc");
}
