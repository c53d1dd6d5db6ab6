// Resource names as Cloud Run spells them. docs/cloud-run-facts.md §3.1.
import { randomInt, randomUUID } from "node:crypto";

/** `^[a-z]([-a-z0-9]*[a-z0-9])?$` (§3.1 [V-obs]). */
export const JOB_ID = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** The v1 limit; the v2 jobs limit is [U] in §3.1/§6 and we chose 63. */
export const JOB_ID_MAX = 63;
/** "The sum of job name and token length must be fewer than 63 characters" (§3.1 [V]). */
export const JOB_PLUS_TOKEN_MAX = 62;
/** Tokens become part of an execution name, so they follow the same charset ([U], our choice). */
export const TOKEN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const PARENT = /^projects\/([^/]+)\/locations\/([^/]+)$/;
const JOB_NAME = /^projects\/([^/]+)\/locations\/([^/]+)\/jobs\/([^/]+)$/;
const EXECUTION_NAME = /^projects\/([^/]+)\/locations\/([^/]+)\/jobs\/([^/]+)\/executions\/([^/]+)$/;
const TASK_NAME = /^projects\/([^/]+)\/locations\/([^/]+)\/jobs\/([^/]+)\/executions\/([^/]+)\/tasks\/([^/]+)$/;
const OPERATION_NAME = /^projects\/([^/]+)\/locations\/([^/]+)\/operations\/([^/]+)$/;

export interface LocationName {
  project: string;
  location: string;
}
export interface JobName extends LocationName {
  job: string;
}
export interface ExecutionName extends JobName {
  execution: string;
}

export function parseParent(parent: string): LocationName | undefined {
  const m = PARENT.exec(parent);
  return m ? { project: m[1]!, location: m[2]! } : undefined;
}

export function parseJobName(name: string): JobName | undefined {
  const m = JOB_NAME.exec(name);
  return m ? { project: m[1]!, location: m[2]!, job: m[3]! } : undefined;
}

export function parseExecutionName(name: string): ExecutionName | undefined {
  const m = EXECUTION_NAME.exec(name);
  return m ? { project: m[1]!, location: m[2]!, job: m[3]!, execution: m[4]! } : undefined;
}

export function parseTaskName(name: string): (ExecutionName & { task: string }) | undefined {
  const m = TASK_NAME.exec(name);
  return m ? { project: m[1]!, location: m[2]!, job: m[3]!, execution: m[4]!, task: m[5]! } : undefined;
}

export function parseOperationName(name: string): LocationName | undefined {
  const m = OPERATION_NAME.exec(name);
  return m ? { project: m[1]!, location: m[2]! } : undefined;
}

export const jobName = (l: LocationName, job: string) => `projects/${l.project}/locations/${l.location}/jobs/${job}`;

/** Operation ids are UUIDs (§3.1 [V-obs]). */
export function operationName(l: LocationName): string {
  return `projects/${l.project}/locations/${l.location}/operations/${randomUUID()}`;
}

/** `{job}-{5 random [a-z0-9]}` for executions made without a token (§3.1 [V-obs]). */
export function randomExecutionId(job: string): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  let suffix = "";
  for (let i = 0; i < 5; i++) suffix += alphabet[randomInt(alphabet.length)];
  return `${job}-${suffix}`;
}

/** `{execution}-task{index}` (§3.1 [V-obs]). */
export const taskId = (executionId: string, index: number) => `${executionId}-task${index}`;

/**
 * Regions where Cloud Run runs jobs. Anything else is refused like Cloud Run refuses a
 * missing location: UNIMPLEMENTED (§3.2 [V-obs]; applying it to unknown regions is our choice).
 */
export const KNOWN_LOCATIONS: ReadonlySet<string> = new Set([
  "africa-south1",
  "asia-east1",
  "asia-east2",
  "asia-northeast1",
  "asia-northeast2",
  "asia-northeast3",
  "asia-south1",
  "asia-south2",
  "asia-southeast1",
  "asia-southeast2",
  "australia-southeast1",
  "australia-southeast2",
  "europe-central2",
  "europe-north1",
  "europe-north2",
  "europe-southwest1",
  "europe-west1",
  "europe-west2",
  "europe-west3",
  "europe-west4",
  "europe-west6",
  "europe-west8",
  "europe-west9",
  "europe-west10",
  "europe-west12",
  "me-central1",
  "me-central2",
  "me-west1",
  "northamerica-northeast1",
  "northamerica-northeast2",
  "northamerica-south1",
  "southamerica-east1",
  "southamerica-west1",
  "us-central1",
  "us-east1",
  "us-east4",
  "us-east5",
  "us-south1",
  "us-west1",
  "us-west2",
  "us-west3",
  "us-west4",
]);
