// Name rules Cloud Run applies to jobs and to the executions that tokens create.
// docs/architecture.md, facts: names, and the token fields of the v1 Job schema.
import { isUnknown } from "./unknown";

/** Lowercase letters, digits and `-`; starts with a letter; does not end with `-` (v1 error texts). */
export const JOB_NAME_PATTERN = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** "Maximum length is 63 characters" (v1; v2's own limit for jobs is unverified, 63 keeps v1 compatibility). */
export const JOB_NAME_MAX = 63;
/**
 * "The sum of job name and token length must be fewer than 63 characters" (JobSpec.startExecutionToken
 * in the v1 discovery document): the execution is named `{job}-{token}`.
 */
export const NAME_PLUS_TOKEN_MAX = 62;
/** An execution id is `{job}-{token}`, so the token must keep it a valid resource name [I]. */
export const TOKEN_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Why `name` cannot be a Cloud Run job name, or undefined when it can (or is not known yet). */
export function validateJobName(name: string): string | undefined {
  if (isUnknown(name)) return undefined;
  if (name.length === 0) return "is empty: give the job a name, or leave `metadata.name` out to let Pulumi name it";
  if (name.length > JOB_NAME_MAX) {
    return `\`${name}\` is ${name.length} characters long: job names have at most ${JOB_NAME_MAX}`;
  }
  if (!JOB_NAME_PATTERN.test(name)) {
    return `\`${name}\` is not a valid job name: use lowercase letters, digits and \`-\`, start with a letter and do not end with \`-\``;
  }
  return undefined;
}

/** Why `token` cannot be used as an execution token, or undefined when it can. */
export function validateExecutionToken(token: string): string | undefined {
  if (isUnknown(token)) return undefined;
  if (token.length === 0) return "is empty: remove it, or give a token that changes whenever the job should run";
  if (!TOKEN_PATTERN.test(token)) {
    return `\`${token}\` cannot name an execution (\`<job>-<token>\`): use lowercase letters, digits and \`-\`, not starting or ending with \`-\``;
  }
  return undefined;
}

/** Why `name` + `token` are too long together, or undefined when they fit (or are not known yet). */
export function validateNameAndTokenLength(name: string, token: string): string | undefined {
  if (isUnknown(name) || isUnknown(token)) return undefined;
  const total = name.length + token.length;
  if (total <= NAME_PLUS_TOKEN_MAX) return undefined;
  return `job name (${name.length}) + token (${token.length}) is ${total} characters: together they must be fewer than 63, shorten the token to at most ${Math.max(0, NAME_PLUS_TOKEN_MAX - name.length)}`;
}

/** Project ids (6–30 chars) or project numbers, as `metadata.namespace` accepts both. */
export const PROJECT_PATTERN = /^([a-z][-a-z0-9]{4,28}[a-z0-9]|\d{1,19}|[a-z][-a-z0-9.:]*[a-z0-9])$/;
/** Cloud Run locations look like `us-central1`, `europe-west4`, `northamerica-northeast2`. */
export const REGION_PATTERN = /^[a-z]+(-[a-z]+)*\d+$/;

/** `projects/{project}/locations/{region}`: the parent of a region's jobs. */
export function locationPath(project: string, region: string): string {
  return `projects/${project}/locations/${region}`;
}

/** `projects/{project}/locations/{region}/jobs/{name}`: a job's resource name, and the resource's id. */
export function jobPath(project: string, region: string, name: string): string {
  return `${locationPath(project, region)}/jobs/${name}`;
}

/** The parts of a job's resource name, or undefined when `id` is not one. */
export function parseJobPath(id: string): { project: string; region: string; name: string } | undefined {
  const m = /^projects\/([^/]+)\/locations\/([^/]+)\/jobs\/([^/]+)$/.exec(id);
  return m ? { project: m[1]!, region: m[2]!, name: m[3]! } : undefined;
}

/** The last segment of a resource name: `…/executions/j-t` → `j-t`. */
export function shortName(name: string | null | undefined): string {
  return (
    String(name ?? "")
      .split("/")
      .pop() ?? ""
  );
}
