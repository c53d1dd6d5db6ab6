// The failed tasks' own log lines in the deploy error (issue 28): the Cloud Logging filter that
// finds them, their order, their masking and their wording. Pure: cloud/logs.ts reads the
// entries, engine/runs.ts puts the text after the failure reason.
//
// Where Cloud Run writes a job's task output (https://cloud.google.com/run/docs/logging, "Cloud
// Run jobs logs"; the `cloud_run_job` monitored resource, https://cloud.google.com/logging/docs/api/v2/resource-list):
// the logs `run.googleapis.com%2Fstdout` and `run.googleapis.com%2Fstderr` of the project, on
// the resource `cloud_run_job` with the labels `project_id`, `location` and `job_name`; each
// entry carries the labels `run.googleapis.com/execution_name`, `run.googleapis.com/task_index`
// and `run.googleapis.com/task_attempt` (the emulator writes the same, emulator/model/logging/entry.ts).
import { isAtOrBelow, secretPathsOf } from "./secrets";

/** How many lines of each failed task the error shows when the resource says nothing (`logLines`). */
export const DEFAULT_LOG_LINES = 20;
/** The most a resource may ask for: one page of ListLogEntries (its page size is at most 1000). */
export const MAX_LOG_LINES = 1000;
/** The failed tasks whose lines are shown; more are counted, not read (a Logging call each). */
export const MAX_TASKS_SHOWN = 5;
/** The role that lets the deploying identity read the logs. */
export const LOG_VIEWER_ROLE = "roles/logging.viewer";
/** Secrets shorter than this are not masked: they would mask ordinary text, and hide little. */
export const MIN_MASKED_LENGTH = 4;
export const MASK = "****";

/** The streams a task's output goes to. */
export const TASK_STREAMS = ["stdout", "stderr"] as const;
export type TaskStream = (typeof TASK_STREAMS)[number];

/** One line a task wrote, as read back from Cloud Logging. */
export interface TaskLogLine {
  task: number;
  /** RFC 3339, as Logging gives it (any precision); compared as instants. */
  timestamp: string;
  stream: TaskStream | "other";
  text: string;
}

/** What a task's logs are looked up by. */
export interface TaskLogQuery {
  /** The job's id (`jobs/{job}`'s last part). */
  job: string;
  /** The execution's short name (`{job}-{token}`). */
  execution: string;
  task?: number;
  attempt?: number;
  /** Only entries from this instant on (RFC 3339), for a stream that reads on. */
  after?: string;
}

const quote = (value: string) => `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

/** The log names of a task's output in `project`: `projects/p/logs/run.googleapis.com%2Fstdout`, … */
export function taskLogNames(project: string): string[] {
  return TASK_STREAMS.map((s) => `projects/${project}/logs/run.googleapis.com%2F${s}`);
}

/**
 * The Logging filter for a task's (or an execution's) stdout and stderr:
 * `resource.type="cloud_run_job" AND resource.labels.job_name="J" AND
 * labels."run.googleapis.com/execution_name"="E" AND labels."run.googleapis.com/task_index"="I"
 * AND labels."run.googleapis.com/task_attempt"="A" AND logName=("…%2Fstdout" OR "…%2Fstderr")`.
 */
export function taskLogFilter(project: string, q: TaskLogQuery): string {
  const parts = [
    `resource.type="cloud_run_job"`,
    `resource.labels.job_name=${quote(q.job)}`,
    `labels."run.googleapis.com/execution_name"=${quote(q.execution)}`,
  ];
  if (q.task !== undefined) parts.push(`labels."run.googleapis.com/task_index"=${quote(String(q.task))}`);
  if (q.attempt !== undefined) parts.push(`labels."run.googleapis.com/task_attempt"=${quote(String(q.attempt))}`);
  parts.push(`logName=(${taskLogNames(project).map(quote).join(" OR ")})`);
  if (q.after !== undefined) parts.push(`timestamp>=${quote(q.after)}`);
  return parts.join(" AND ");
}

/** An RFC 3339 time in microseconds since the epoch (Logging gives up to nanoseconds). */
export function microsOf(timestamp: string): number {
  const m = /^(.*?T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/i.exec(timestamp);
  if (!m) return Date.parse(timestamp) * 1000;
  const whole = Date.parse(`${m[1]}${m[3]}`);
  const fraction = Number((m[2] ?? "").slice(0, 6).padEnd(6, "0"));
  return whole * 1000 + fraction;
}

/** Lines in the order they were written: by time, and as given where times are equal. */
export function interleave(lines: readonly TaskLogLine[]): TaskLogLine[] {
  return lines
    .map((line, i) => ({ line, i, at: microsOf(line.timestamp) }))
    .sort((a, b) => a.at - b.at || a.i - b.i)
    .map(({ line }) => line);
}

/** The value at a path of secrets.ts's form (`spec.template.containers[0].env[1].value`). */
function valueAt(tree: unknown, path: string): unknown {
  let node = tree;
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (node === null || typeof node !== "object") return undefined;
    node = m[2] !== undefined ? (node as unknown[])[Number(m[2])] : (node as Record<string, unknown>)[m[1]!];
  }
  return node;
}

/**
 * The values the program marked secret (`__secretPaths`) that could show in a task's output:
 * every string at or below a secret path of the inputs (an env value, or a whole env list or
 * container given as one secret), at least MIN_MASKED_LENGTH long, longest first.
 */
export function secretValuesOf(inputs: Record<string, unknown>, secretPaths: unknown): string[] {
  const found = new Set<string>();
  const walk = (value: unknown) => {
    if (typeof value === "string") {
      if (value.length >= MIN_MASKED_LENGTH) found.add(value);
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") Object.values(value).forEach(walk);
  };
  const paths = secretPathsOf(secretPaths);
  // A path below another is covered by it.
  for (const path of paths.filter((p) => !paths.some((q) => q !== p && isAtOrBelow(p, q)))) {
    walk(path === "" ? inputs : valueAt(inputs, path));
  }
  return [...found].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
}

/** `text` with every occurrence of each secret replaced by MASK (longest secrets first). */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret && out.includes(secret)) out = out.split(secret).join(MASK);
  return out;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/** One line as the error shows it: `[task 0] text`, masked, control characters made visible. */
export function formatLine(line: TaskLogLine, secrets: readonly string[]): string {
  // A line is one line: a stray carriage return or escape must not rewrite the terminal.
  const text = line.text.replace(/\r?\n$/, "").replace(CONTROL_CHARACTERS, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
  return `  [task ${line.task}] ${maskSecrets(text, secrets)}`;
}

/** What was read of one failed task. */
export interface FailedTaskLog {
  index: number;
  /** The attempt the lines are of: the task's last (0 for the first). */
  attempt: number;
  exitCode?: number;
  /** The last lines, newest first as Logging answers `timestamp desc`, or in any order. */
  lines: TaskLogLine[];
}

/** Why no lines could be read (cloud/logs.ts), in a form the error can word. */
export type LogsUnavailable =
  | { kind: "permission"; project: string; detail?: string }
  | { kind: "disabled"; project: string }
  | { kind: "failed"; status: string; detail: string };

/** What the gateway found for a failed execution. */
export interface FailedRunLogs {
  tasks: FailedTaskLog[];
  /** Failed tasks beyond MAX_TASKS_SHOWN, not read. */
  moreFailed: number;
  unavailable?: LogsUnavailable;
}

/** The one line that says why there are no lines; the failure and its link stay above it. */
export function unavailableLine(why: LogsUnavailable): string {
  switch (why.kind) {
    case "permission":
      return `log lines not shown: Cloud Logging refused to read them (PERMISSION_DENIED); the deploying identity needs ${LOG_VIEWER_ROLE} on project ${why.project}. The logs link above still shows them`;
    case "disabled":
      return `log lines not shown: the Cloud Logging API is not enabled in project ${why.project} (enable logging.googleapis.com; reading needs ${LOG_VIEWER_ROLE}). The logs link above still shows them`;
    case "failed":
      return `log lines not shown: reading Cloud Logging failed (${why.status}: ${why.detail}). The logs link above still shows them`;
  }
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The text that follows the failure reason: for each failed task read, a heading and its last
 * `limit` lines, stderr and stdout interleaved by time, each prefixed with the task index and
 * masked; or the one line saying why there are none. Empty when there is nothing to say.
 */
export function logsSection(logs: FailedRunLogs, limit: number, secrets: readonly string[]): string {
  if (logs.unavailable) return unavailableLine(logs.unavailable);
  const blocks: string[] = [];
  for (const task of logs.tasks) {
    const exit = task.exitCode !== undefined ? `, exit code ${task.exitCode}` : "";
    const attempt = `attempt ${task.attempt}${exit}`;
    if (!task.lines.length) {
      blocks.push(
        `task ${task.index} (${attempt}) wrote no log lines that Cloud Logging has yet (they can take a minute to arrive; the logs link above shows them)`,
      );
      continue;
    }
    const lines = interleave(task.lines).slice(-limit);
    blocks.push(
      [
        `last ${plural(lines.length, "log line")} of task ${task.index} (${attempt}), stdout and stderr:`,
        ...lines.map((l) => formatLine(l, secrets)),
      ].join("\n"),
    );
  }
  if (logs.moreFailed > 0) blocks.push(`${plural(logs.moreFailed, "more failed task")} not shown (see the logs link above)`);
  return blocks.join("\n");
}

/** A run's lines as `streamLogs` prints them while it runs: `[task 0] text`, masked. */
export function streamedLines(lines: readonly TaskLogLine[], secrets: readonly string[]): string[] {
  return interleave(lines).map((l) => formatLine(l, secrets).trimStart());
}
