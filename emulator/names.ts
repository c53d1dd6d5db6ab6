// Resource names as Cloud Run spells them. ../shared/reference/cloud-run-jobs-api.md §3.1.
import { randomUUID } from "node:crypto";

/** `^[a-z]([-a-z0-9]*[a-z0-9])?$`, at most 63 characters (the v1 rule; the v2 jobs limit is [U], we chose 63). */
export const JOB_ID = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
export const JOB_ID_MAX = 63;

const PARENT = /^projects\/([^/]+)\/locations\/([^/]+)$/;
const JOB_NAME = /^projects\/([^/]+)\/locations\/([^/]+)\/jobs\/([^/]+)$/;

export function parseParent(parent: string): { project: string; location: string } | undefined {
  const m = PARENT.exec(parent);
  return m ? { project: m[1]!, location: m[2]! } : undefined;
}

export function parseJobName(name: string): { project: string; location: string; job: string } | undefined {
  const m = JOB_NAME.exec(name);
  return m ? { project: m[1]!, location: m[2]!, job: m[3]! } : undefined;
}

export function operationName(project: string, location: string): string {
  return `projects/${project}/locations/${location}/operations/${randomUUID()}`;
}
