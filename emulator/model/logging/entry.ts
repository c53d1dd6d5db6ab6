// LogEntries in the shape Cloud Run writes for a job's tasks (google/logging/v2/log_entry.proto,
// in its proto3 JSON form, which is what the REST face returns and the store keeps):
//
//   {
//     "textPayload": "git version 2.47.0",                       (or "jsonPayload" for a JSON line)
//     "insertId": "6787d8b6000aef76df59bb52",                     hex seconds, hex micros, 8 hex
//     "resource": { "type": "cloud_run_job",
//                   "labels": { "project_id", "location", "job_name" } },
//     "timestamp": "2025-01-15T15:48:06.716662Z",                 microseconds
//     "severity": "INFO",                                         absent = DEFAULT
//     "labels": { "instanceId", "run.googleapis.com/execution_name",
//                 "run.googleapis.com/task_index", "run.googleapis.com/task_attempt" },
//     "logName": "projects/{p}/logs/run.googleapis.com%2Fstdout", (…%2Fstderr, …%2Fvarlog%2Fsystem)
//     "receiveTimestamp": "2025-01-15T15:48:06.721909169Z"        nanoseconds, a little later
//   }
//
// Sources: Logging's log index lists run.googleapis.com%2Fstdout / %2Fstderr for cloud_run_job
// with the labels instanceId, run.googleapis.com/execution_name, task_index, task_attempt and
// container_name (and Google's Python Logging library, google-cloud-logging's
// handlers/_monitored_resources.py, stamps a job's entries with the same execution_name,
// task_index and task_attempt labels "to be recognized by Cloud Run Jobs web UI", from
// CLOUD_RUN_EXECUTION, CLOUD_RUN_TASK_INDEX and CLOUD_RUN_TASK_ATTEMPT); entries of real jobs
// show the shape above, stdout lines without a severity,
// and the platform's "Container called exit(0)." in run.googleapis.com%2Fvarlog%2Fsystem with
// severity INFO and a container_name label. Inferred (emulator/README.md, "Logs"): plain stderr
// lines have no severity either (as Cloud Run services' entries show); a non-zero exit is
// WARNING (as services' "Container called exit(1)." is); the timeout and signal lines' text;
// instanceId's value (a hash); the receive delay.
import { createHash, randomBytes } from "node:crypto";
import { SEVERITIES } from "./filter";

export interface LogEntryJson {
  logName: string;
  resource: { type: string; labels: Record<string, string> };
  timestamp: string;
  receiveTimestamp: string;
  /** Omitted for DEFAULT, as proto3 JSON omits a zero enum. */
  severity?: string;
  insertId: string;
  labels?: Record<string, string>;
  textPayload?: string;
  jsonPayload?: Record<string, unknown>;
  trace?: string;
  spanId?: string;
}

export const LOG_IDS = {
  stdout: "run.googleapis.com/stdout",
  stderr: "run.googleapis.com/stderr",
  system: "run.googleapis.com/varlog/system",
} as const;

export type TaskStream = "stdout" | "stderr";

/** `projects/p/logs/run.googleapis.com%2Fstdout`: the log id URL-encoded, as Logging names it. */
export const logName = (project: string, logId: string) => `projects/${project}/logs/${encodeURIComponent(logId)}`;

/** Cloud Logging's limit on an entry (256 KB); longer lines are cut there. */
export const MAX_PAYLOAD_BYTES = 256 * 1024;

/** The task an entry comes from. */
export interface TaskLogContext {
  project: string;
  location: string;
  job: string;
  execution: string;
  taskIndex: number;
  attempt: number;
  /** The container's name, when it has one (system entries carry it). */
  container?: string;
}

/** RFC 3339 UTC from microseconds since the epoch, with `digits` fractional digits (6 or 9). */
export function rfc3339(micros: number, digits: 6 | 9 = 6): string {
  const ms = Math.floor(micros / 1000);
  const base = new Date(ms).toISOString().slice(0, 19);
  const fraction = String(micros % 1_000_000).padStart(6, "0");
  return `${base}.${digits === 9 ? `${fraction}000` : fraction}Z`;
}

/** `6787d8b6000aef76df59bb52`: seconds and microseconds in hex, then 8 random hex digits (the shape of Cloud Run's ids). */
export function insertId(micros: number): string {
  const seconds = Math.floor(micros / 1_000_000);
  const fraction = micros % 1_000_000;
  return `${seconds.toString(16).padStart(8, "0")}${fraction.toString(16).padStart(8, "0")}${randomBytes(4).toString("hex")}`;
}

/** A stable stand-in for the instance that ran an attempt (Cloud Run's is an opaque hex string). */
export function instanceId(ctx: TaskLogContext): string {
  const h = (salt: string) =>
    createHash("sha256").update(`${salt}/${ctx.project}/${ctx.location}/${ctx.execution}/${ctx.taskIndex}/${ctx.attempt}`).digest("hex");
  return `00${h("a")}${h("b")}`.slice(0, 130);
}

function base(ctx: TaskLogContext, logId: string, micros: number, receiveDelayMicros: number): LogEntryJson {
  return {
    logName: logName(ctx.project, logId),
    resource: { type: "cloud_run_job", labels: { project_id: ctx.project, location: ctx.location, job_name: ctx.job } },
    timestamp: rfc3339(micros),
    receiveTimestamp: rfc3339(micros + receiveDelayMicros, 9),
    insertId: insertId(micros),
    labels: {
      instanceId: instanceId(ctx),
      "run.googleapis.com/execution_name": ctx.execution,
      "run.googleapis.com/task_index": String(ctx.taskIndex),
      "run.googleapis.com/task_attempt": String(ctx.attempt),
    },
  };
}

/** Cuts a string to at most `max` UTF-8 bytes without splitting a character. */
export function truncateUtf8(text: string, max = MAX_PAYLOAD_BYTES): string {
  if (Buffer.byteLength(text) <= max) return text;
  let cut = Buffer.from(text).subarray(0, max).toString("utf8");
  if (cut.endsWith("\uFFFD")) cut = cut.slice(0, -1);
  return cut;
}

/**
 * What Cloud Run makes of a line that is a JSON object (structured logging): the object is the
 * jsonPayload, its `severity` the entry's severity, `logging.googleapis.com/labels` joins the
 * labels, `logging.googleapis.com/trace` and `…/spanId` the trace fields, `time` / `timestamp`
 * (RFC 3339) the timestamp; these special fields leave the payload, `message` stays in it.
 */
export interface Structured {
  payload: Record<string, unknown>;
  severity?: string;
  labels?: Record<string, string>;
  trace?: string;
  spanId?: string;
  time?: string;
}

export function parseStructured(line: string): Structured | undefined {
  const t = line.trim();
  if (!t.startsWith("{") || !t.endsWith("}")) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(t);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return undefined;
  const payload = { ...(parsed as Record<string, unknown>) };
  const out: Structured = { payload };
  const severity = payload.severity;
  if (typeof severity === "string") {
    const name = severity.toUpperCase() === "WARN" ? "WARNING" : severity.toUpperCase();
    if (name in SEVERITIES) {
      out.severity = name;
      delete payload.severity;
    }
  }
  const labels = payload["logging.googleapis.com/labels"];
  if (labels && typeof labels === "object" && !Array.isArray(labels)) {
    out.labels = Object.fromEntries(Object.entries(labels as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
    delete payload["logging.googleapis.com/labels"];
  }
  for (const [key, field] of [
    ["logging.googleapis.com/trace", "trace"],
    ["logging.googleapis.com/spanId", "spanId"],
  ] as const) {
    if (typeof payload[key] === "string") {
      out[field] = payload[key] as string;
      delete payload[key];
    }
  }
  for (const key of ["time", "timestamp"]) {
    const v = payload[key];
    if (typeof v === "string" && !Number.isNaN(Date.parse(v))) {
      out.time = v;
      delete payload[key];
      break;
    }
  }
  return out;
}

/** The entry for one line a task wrote to stdout or stderr. */
export function containerLine(
  ctx: TaskLogContext,
  stream: TaskStream,
  line: string,
  micros: number,
  receiveDelayMicros = 4000,
): LogEntryJson {
  const entry = base(ctx, LOG_IDS[stream], micros, receiveDelayMicros);
  const structured = parseStructured(line);
  if (!structured) return { ...entry, textPayload: truncateUtf8(line) };
  if (structured.time) {
    const ms = Date.parse(structured.time);
    const fraction = /\.(\d{1,6})/.exec(structured.time)?.[1]?.padEnd(6, "0");
    entry.timestamp = rfc3339(Math.floor(ms / 1000) * 1_000_000 + (fraction ? Number(fraction) : (ms % 1000) * 1000));
  }
  return {
    ...entry,
    ...(structured.severity && structured.severity !== "DEFAULT" ? { severity: structured.severity } : {}),
    labels: { ...entry.labels, ...(structured.labels ?? {}) },
    jsonPayload: structured.payload,
    ...(structured.trace ? { trace: structured.trace } : {}),
    ...(structured.spanId ? { spanId: structured.spanId } : {}),
  };
}

/** The platform's own line about an attempt (run.googleapis.com/varlog/system). */
export function systemLine(
  ctx: TaskLogContext,
  text: string,
  severity: keyof typeof SEVERITIES,
  micros: number,
  receiveDelayMicros = 2000,
): LogEntryJson {
  const entry = base(ctx, LOG_IDS.system, micros, receiveDelayMicros);
  return {
    ...entry,
    ...(severity !== "DEFAULT" ? { severity } : {}),
    labels: { ...entry.labels, ...(ctx.container ? { container_name: ctx.container } : {}) },
    textPayload: text,
  };
}
