// What Cloud Run rejects in a Job, as google.rpc.BadRequest field violations with snake_case
// paths (`job.template.template.containers[0].image`), like the violations quoted in
// cloud-run-jobs-api.md §2.6 and §3.2. Runs before defaults are applied, except where noted.
import type { FieldViolation } from "./errors";
import { millis } from "./clock";
import { JOB_PLUS_TOKEN_MAX, TOKEN } from "./names";
import { validateContainers } from "./validate-container";
import type { ExecutionTemplate, Job, TaskTemplate } from "./types";

/** §2.6: "will be rejected" for labels and template labels/annotations; "on new resources" for Job.annotations. */
const RESERVED_NAMESPACES = ["run.googleapis.com", "cloud.googleapis.com", "serving.knative.dev", "autoscaling.knative.dev"];

function isReserved(key: string): boolean {
  const prefix = key.includes("/") ? key.slice(0, key.indexOf("/")) : "";
  return RESERVED_NAMESPACES.some((ns) => prefix === ns || prefix.endsWith(`.${ns}`));
}

export function reservedKeys(map: Record<string, string> | null | undefined, path: string, kind: string): FieldViolation[] {
  return Object.keys(map ?? {})
    .filter(isReserved)
    .map((key) => ({ field: `${path}[${key}]`, description: `system ${kind} are not supported in Cloud Run API v2.` }));
}

/** Max tasks per execution (docs: "up to 10,000 tasks"; [I] code INVALID_ARGUMENT). */
export const MAX_TASK_COUNT = 10_000;
/** §2.4: timeout max 168 h. */
const MAX_TIMEOUT_MS = 168 * 3600 * 1000;

export function validateJob(job: Job | null | undefined, path: string, jobId: string): FieldViolation[] {
  if (!job) return [{ field: path, description: "The job is required." }];
  const v: FieldViolation[] = [];
  v.push(...reservedKeys(job.labels, `${path}.labels`, "labels"));
  v.push(...reservedKeys(job.annotations, `${path}.annotations`, "annotations"));
  v.push(...validateTokens(job, path, jobId));
  if (!job.template) v.push({ field: `${path}.template`, description: "The template is required." });
  else v.push(...validateExecutionTemplate(job.template, `${path}.template`));
  return v;
}

/** `oneof create_execution` and the name + token length rule (§2.2, §3.1). */
function validateTokens(job: Job, path: string, jobId: string): FieldViolation[] {
  const v: FieldViolation[] = [];
  const start = job.startExecutionToken;
  const run = job.runExecutionToken;
  if (start != null && run != null) {
    v.push({ field: `${path}.run_execution_token`, description: "Only one of start_execution_token and run_execution_token may be set." });
  }
  for (const [field, token] of [["start_execution_token", start], ["run_execution_token", run]] as const) {
    if (!token) continue;
    if (jobId.length + token.length > JOB_PLUS_TOKEN_MAX) {
      v.push({ field: `${path}.${field}`, description: "The sum of job name and token length must be fewer than 63 characters." });
    } else if (!TOKEN.test(token)) {
      v.push({ field: `${path}.${field}`, description: "The token must use only lowercase letters, numbers and '-', and must begin and end with a letter or number." });
    }
  }
  return v;
}

export function validateExecutionTemplate(t: ExecutionTemplate, path: string): FieldViolation[] {
  const v: FieldViolation[] = [];
  v.push(...reservedKeys(t.labels, `${path}.labels`, "labels"));
  v.push(...reservedKeys(t.annotations, `${path}.annotations`, "annotations"));
  const taskCount = t.taskCount ?? 0;
  if (taskCount < 0 || taskCount > MAX_TASK_COUNT) {
    v.push({ field: `${path}.task_count`, description: `Must be between 1 and ${MAX_TASK_COUNT}.` });
  }
  const parallelism = t.parallelism ?? 0;
  if (parallelism < 0) v.push({ field: `${path}.parallelism`, description: "Must be >= 0." });
  else if (parallelism > (taskCount || 1)) v.push({ field: `${path}.parallelism`, description: "Must be <= task_count." });
  if (!t.template) v.push({ field: `${path}.template`, description: "The task template is required." });
  else v.push(...validateTaskTemplate(t.template, `${path}.template`));
  return v;
}

export function validateTaskTemplate(tt: TaskTemplate, path: string): FieldViolation[] {
  const v: FieldViolation[] = [];
  if (tt.maxRetries != null && (tt.maxRetries < 0 || tt.maxRetries > 10)) {
    v.push({ field: `${path}.max_retries`, description: "Must be between 0 and 10." });
  }
  if (tt.timeout) v.push(...validateTimeout(tt.timeout, `${path}.timeout`));
  // "Cloud Run jobs automatically use the second generation execution environment" (§2.4, TF #17093).
  if (tt.executionEnvironment === "EXECUTION_ENVIRONMENT_GEN1") {
    v.push({ field: `${path}.execution_environment`, description: "Jobs only support the second generation execution environment (EXECUTION_ENVIRONMENT_GEN2)." });
  }
  if (tt.nodeSelector && !tt.nodeSelector.accelerator) {
    v.push({ field: `${path}.node_selector.accelerator`, description: "The accelerator is required." });
  }
  const volumes = new Map<string, string>();
  (tt.volumes ?? []).forEach((vol, i) => {
    const p = `${path}.volumes[${i}]`;
    if (!vol.name) v.push({ field: `${p}.name`, description: "The volume name is required." });
    else if (volumes.has(vol.name)) v.push({ field: `${p}.name`, description: `Duplicate volume name '${vol.name}'.` });
    const kinds = (["secret", "cloudSqlInstance", "emptyDir", "nfs", "gcs"] as const).filter((k) => vol[k] != null);
    if (kinds.length !== 1) v.push({ field: p, description: "Exactly one volume type (secret, cloud_sql_instance, empty_dir, nfs, gcs) must be set." });
    if (vol.name) volumes.set(vol.name, kinds[0] ?? "");
    if (vol.secret) {
      if (!vol.secret.secret) v.push({ field: `${p}.secret.secret`, description: "The secret is required." });
      (vol.secret.items ?? []).forEach((item, j) => {
        if (!item.path) v.push({ field: `${p}.secret.items[${j}].path`, description: "The path is required." });
      });
    }
    if (vol.gcs && !vol.gcs.bucket) v.push({ field: `${p}.gcs.bucket`, description: "The bucket is required." });
    if (vol.nfs && !vol.nfs.server) v.push({ field: `${p}.nfs.server`, description: "The server is required." });
  });
  v.push(...validateContainers(tt.containers ?? [], `${path}.containers`, volumes));
  return v;
}

export function validateTimeout(timeout: { seconds?: unknown; nanos?: unknown }, path: string): FieldViolation[] {
  const ms = millis(timeout);
  if (ms <= 0) return [{ field: path, description: "The timeout must be positive." }];
  if (ms > MAX_TIMEOUT_MS) return [{ field: path, description: "The timeout must be at most 168 hours (604800s)." }];
  return [];
}
