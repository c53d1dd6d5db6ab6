// Pure construction of the resource's outputs: the canonical inputs as applied (so diff and
// update, which receive the old outputs, see what was last applied), plus what the server
// reports, in the v1 shapes users know (ObjectMeta, JobStatus). No `undefined` anywhere: the
// dynamic-provider RPC rejects it ("Unexpected struct type"; docs/architecture.md, facts: Pulumi dynamic providers).
import type { ApiCondition, ApiJob, ApiTimestamp as Timestamp } from "./api";
import type { V1Condition, V1ExecutionReference, V1JobStatus } from "./v1-status";

export type { V1Condition, V1ExecutionReference, V1JobStatus };

type Props = Record<string, unknown>;

/** Bumped when the shape of the outputs changes, so newer code can read older state. */
export const SCHEMA_VERSION = 1;

function rfc3339(ts: Timestamp | null | undefined): string | undefined {
  if (!ts || ts.seconds === undefined || ts.seconds === null) return undefined;
  const ms = Number(ts.seconds) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6);
  return new Date(ms).toISOString();
}

/** v2 condition states → v1 status strings (`condition.proto` State; v1 `GoogleCloudRunV1Condition.status`). */
function v1Status(state: unknown): V1Condition["status"] {
  if (state === "CONDITION_SUCCEEDED") return "True";
  if (state === "CONDITION_FAILED") return "False";
  return "Unknown";
}

const SEVERITY: Record<string, string> = { ERROR: "Error", WARNING: "Warning", INFO: "Info" };

/** v2 reasons are enum names (`CONTAINER_MISSING`); v1 spells them in CamelCase (`ContainerMissing`). */
function reasonOf(c: ApiCondition): string | undefined {
  const r = c.reason ?? c.executionReason ?? c.revisionReason;
  if (!r || String(r).endsWith("_UNDEFINED")) return undefined;
  return String(r)
    .toLowerCase()
    .replace(/(^|_)([a-z])/g, (_m, _sep: string, ch: string) => ch.toUpperCase());
}

function v1Condition(c: ApiCondition): V1Condition {
  return compact({
    type: c.type ?? "",
    status: v1Status(c.state),
    reason: reasonOf(c),
    message: c.message || undefined,
    lastTransitionTime: rfc3339(c.lastTransitionTime),
    severity: c.severity ? SEVERITY[String(c.severity)] : undefined,
  }) as V1Condition;
}

export function jobStatusOf(job: ApiJob): V1JobStatus {
  const conditions = [job.terminalCondition, ...(job.conditions ?? [])].filter((c): c is ApiCondition => !!c && !!c.type).map(v1Condition);
  const latest = job.latestCreatedExecution;
  return compact({
    observedGeneration: Number(job.observedGeneration ?? 0),
    conditions,
    executionCount: Number(job.executionCount ?? 0),
    latestCreatedExecution: latest?.name
      ? (compact({
          name: latest.name,
          creationTimestamp: rfc3339(latest.createTime),
          completionTimestamp: rfc3339(latest.completionTime),
          deletionTimestamp: rfc3339(latest.deleteTime),
          completionStatus: String(latest.completionStatus ?? "COMPLETION_STATUS_UNSPECIFIED"),
        }) as V1ExecutionReference)
      : undefined,
  }) as V1JobStatus;
}

/** Inputs as check returned them: the canonical manifest plus where the job lives. */
export interface AppliedInputs extends Props {
  project: string;
  region: string;
  name: string;
}

/** The outputs for a job as applied from `inputs`, as the server now reports it. */
export function jobOutputs(inputs: AppliedInputs, job: ApiJob): Props {
  const { __provider: _p, ...applied } = inputs;
  const metadata = (applied.metadata ?? {}) as Props;
  return stripUndefined({
    ...applied,
    apiVersion: "run.googleapis.com/v1",
    kind: "Job",
    metadata: {
      ...metadata,
      name: inputs.name,
      namespace: inputs.project,
      uid: job.uid ?? "",
      generation: Number(job.generation ?? 0),
      // v1 ObjectMeta.resourceVersion is the v2 etag: update sends it back (AIP-154).
      resourceVersion: job.etag ?? "",
      creationTimestamp: rfc3339(job.createTime) ?? "",
    },
    status: jobStatusOf(job),
    schemaVersion: SCHEMA_VERSION,
  });
}

function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Drops `undefined` at every depth (JSON has no undefined). */
function stripUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
