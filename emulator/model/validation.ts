// What Cloud Run rejects in a Job, as google.rpc.BadRequest field violations with snake_case
// paths (`job.template.template.containers[0].image`), like the violations quoted in
// docs/cloud-run-facts.md §2.6 and §3.2. Runs before defaults are applied, except where noted.
import type { FieldViolation } from "../base/errors";
import { DEFAULT_LIMITS } from "./defaults";
import { JOB_PLUS_TOKEN_MAX, TOKEN } from "./names";
import { millis } from "./time";
import type { Container, EnvVar, ExecutionTemplate, Job, TaskTemplate } from "./types";

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

/** §7: "Each resource can have up to 64 labels" (Google Cloud labels); the wording is [I]. */
const MAX_LABELS = 64;

function labelCount(map: Record<string, string> | null | undefined, path: string): FieldViolation[] {
  const n = Object.keys(map ?? {}).length;
  return n > MAX_LABELS ? [{ field: path, description: `At most ${MAX_LABELS} labels are supported.` }] : [];
}

export function validateJob(job: Job | null | undefined, path: string, jobId: string): FieldViolation[] {
  if (!job) return [{ field: path, description: "The job is required." }];
  const v: FieldViolation[] = [];
  v.push(...labelCount(job.labels, `${path}.labels`));
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
  for (const [field, token] of [
    ["start_execution_token", start],
    ["run_execution_token", run],
  ] as const) {
    if (!token) continue;
    if (jobId.length + token.length > JOB_PLUS_TOKEN_MAX) {
      v.push({ field: `${path}.${field}`, description: "The sum of job name and token length must be fewer than 63 characters." });
    } else if (!TOKEN.test(token)) {
      v.push({
        field: `${path}.${field}`,
        description: "The token must use only lowercase letters, numbers and '-', and must begin and end with a letter or number.",
      });
    }
  }
  return v;
}

export function validateExecutionTemplate(t: ExecutionTemplate, path: string): FieldViolation[] {
  const v: FieldViolation[] = [];
  v.push(...labelCount(t.labels, `${path}.labels`));
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
    v.push({
      field: `${path}.execution_environment`,
      description: "Jobs only support the second generation execution environment (EXECUTION_ENVIRONMENT_GEN2).",
    });
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
    if (kinds.length !== 1)
      v.push({ field: p, description: "Exactly one volume type (secret, cloud_sql_instance, empty_dir, nfs, gcs) must be set." });
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

// Container rules for a job's task template. docs/cloud-run-facts.md §2.2, §2.4, §3.2.

/** RFC 1123 DNS label (§3.1 [V]). */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** The task contract names are reserved (§3.8 [V-obs]; docs environment-variables). */
const RESERVED_ENV = new Set([
  "CLOUD_RUN_JOB",
  "CLOUD_RUN_EXECUTION",
  "CLOUD_RUN_TASK_INDEX",
  "CLOUD_RUN_TASK_ATTEMPT",
  "CLOUD_RUN_TASK_COUNT",
]);
const MAX_ENV_VARS = 1000;
const MAX_ENV_VALUE_BYTES = 32768;
const MAX_CONTAINERS = 10;
/** §7: "a maximum of 1000 arguments per container for each job" (docs configuring/jobs/containers). */
const MAX_ARGS = 1000;
/** §7: EnvVar.name "Must not exceed 32768 characters" (v2 discovery). */
const MAX_ENV_NAME = 32768;

export function validateContainers(containers: Container[], path: string, volumes: Map<string, string>): FieldViolation[] {
  const v: FieldViolation[] = [];
  if (containers.length === 0) v.push({ field: path, description: "At least one container is required." });
  if (containers.length > MAX_CONTAINERS) v.push({ field: path, description: `At most ${MAX_CONTAINERS} containers are supported.` });
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const p = `${path}[${i}]`;
    if (!c.image) v.push({ field: `${p}.image`, description: "The container image is required." });
    if (c.name) {
      if (!DNS_LABEL.test(c.name) || c.name.length > 63)
        v.push({ field: `${p}.name`, description: "The container name must be a DNS label (RFC 1123)." });
      if (names.has(c.name)) v.push({ field: `${p}.name`, description: `Duplicate container name '${c.name}'.` });
      names.add(c.name);
    } else if (containers.length > 1) {
      v.push({ field: `${p}.name`, description: "Every container must be named when there is more than one." });
    }
    if ((c.args ?? []).length > MAX_ARGS) v.push({ field: `${p}.args`, description: `At most ${MAX_ARGS} arguments are supported.` });
    v.push(...validateEnv(c.env ?? [], `${p}.env`));
    for (const probe of ["livenessProbe", "startupProbe"] as const) {
      const pr = c[probe];
      if (pr)
        v.push(...validateProbe(pr, `${p}.${probe === "livenessProbe" ? "liveness_probe" : "startup_probe"}`, probe === "startupProbe"));
    }
    v.push(...validateLimits({ ...DEFAULT_LIMITS, ...(c.resources?.limits ?? {}) }, `${p}.resources.limits`));
    (c.volumeMounts ?? []).forEach((m, j) => {
      const mp = `${p}.volume_mounts[${j}]`;
      if (!m.name) v.push({ field: `${mp}.name`, description: "The volume mount name is required." });
      else if (!volumes.has(m.name))
        v.push({ field: `${mp}.name`, description: `Volume '${m.name}' is not defined in the template's volumes.` });
      // "For Cloud SQL volumes, it can be left empty, or must otherwise be /cloudsql" (§2.2).
      const cloudSql = m.name ? volumes.get(m.name) === "cloudSqlInstance" : false;
      if (!m.mountPath && !cloudSql) v.push({ field: `${mp}.mount_path`, description: "The mount path is required." });
      else if (m.mountPath?.includes(":")) v.push({ field: `${mp}.mount_path`, description: "The mount path must not contain ':'." });
      else if (m.mountPath && cloudSql && m.mountPath !== "/cloudsql")
        v.push({ field: `${mp}.mount_path`, description: "A Cloud SQL volume must be mounted at /cloudsql." });
    });
    (c.dependsOn ?? []).forEach((dep, j) => {
      if (!containers.some((o) => o.name === dep && o !== c))
        v.push({ field: `${p}.depends_on[${j}]`, description: `Container '${dep}' does not exist.` });
    });
  });
  return v;
}

/** EnvVar: name required; `oneof values` (§2.2, §3.2); value ≤ 32768 bytes; ≤ 1000 per container (§2.3). */
export function validateEnv(env: EnvVar[], path: string): FieldViolation[] {
  const v: FieldViolation[] = [];
  if (env.length > MAX_ENV_VARS) v.push({ field: path, description: `At most ${MAX_ENV_VARS} environment variables are supported.` });
  env.forEach((e, i) => {
    const p = `${path}[${i}]`;
    if (!e.name) v.push({ field: `${p}.name`, description: "The environment variable name is required." });
    else if (RESERVED_ENV.has(e.name)) v.push({ field: `${p}.name`, description: `${e.name} is a reserved environment variable name.` });
    else if (e.name.length > MAX_ENV_NAME)
      v.push({ field: `${p}.name`, description: `The environment variable name must not exceed ${MAX_ENV_NAME} characters.` });
    else if (e.name.includes("=")) v.push({ field: `${p}.name`, description: "The environment variable name must not contain '='." });
    if (e.value != null && e.valueSource != null) v.push({ field: p, description: "Only one of value and value_source may be set." });
    if (e.value != null && Buffer.byteLength(e.value) > MAX_ENV_VALUE_BYTES)
      v.push({ field: `${p}.value`, description: `The value must be at most ${MAX_ENV_VALUE_BYTES} bytes.` });
    if (e.valueSource) {
      const ref = e.valueSource.secretKeyRef;
      if (!ref) v.push({ field: `${p}.value_source.secret_key_ref`, description: "The secret key reference is required." });
      else if (!ref.secret) v.push({ field: `${p}.value_source.secret_key_ref.secret`, description: "The secret is required." });
    }
  });
  return v;
}

/**
 * Probe ranges (§7, the v2 `Probe` field comments): initial delay 0–3600 (startup 0–240), timeout
 * 1–3600, period 1–3600 (startup 1–240), failure threshold at least 1. Unset (0) means the default.
 */
export function validateProbe(
  probe: {
    initialDelaySeconds?: number | null;
    timeoutSeconds?: number | null;
    periodSeconds?: number | null;
    failureThreshold?: number | null;
  },
  path: string,
  startup: boolean,
): FieldViolation[] {
  const v: FieldViolation[] = [];
  const range = (value: number | null | undefined, field: string, min: number, max: number) => {
    if (value != null && value !== 0 && (value < min || value > max))
      v.push({ field: `${path}.${field}`, description: `Must be between ${min} and ${max}.` });
  };
  range(probe.initialDelaySeconds, "initial_delay_seconds", 0, startup ? 240 : 3600);
  range(probe.timeoutSeconds, "timeout_seconds", 1, 3600);
  range(probe.periodSeconds, "period_seconds", 1, startup ? 240 : 3600);
  if (probe.failureThreshold != null && probe.failureThreshold < 0)
    v.push({ field: `${path}.failure_threshold`, description: "Must be at least 1." });
  return v;
}

/**
 * cpu ≤ 8 (fractional from 0.08), memory 512Mi–32Gi with the cpu↔memory table of §2.4, gpu "1".
 * Checked with the defaults applied ([V] rules; [I] code and texts).
 */
export function validateLimits(limits: Record<string, string>, path: string): FieldViolation[] {
  const v: FieldViolation[] = [];
  const cpu = limits.cpu !== undefined ? parseCpu(limits.cpu) : undefined;
  const memory = limits.memory !== undefined ? parseMemory(limits.memory) : undefined;
  if (limits.cpu !== undefined && (cpu === undefined || cpu < 0.08 || cpu > 8)) {
    v.push({ field: `${path}[cpu]`, description: `Invalid value '${limits.cpu}' for cpu: must be between 0.08 and 8.` });
  }
  const Mi = 1024 * 1024;
  if (limits.memory !== undefined && (memory === undefined || memory < 512 * Mi || memory > 32 * 1024 * Mi)) {
    v.push({ field: `${path}[memory]`, description: `Invalid value '${limits.memory}' for memory: must be between 512Mi and 32Gi.` });
  }
  if (cpu !== undefined && memory !== undefined && cpu >= 0.08 && cpu <= 8) {
    const [min, max] =
      cpu < 1
        ? [0, 512 * Mi]
        : cpu <= 1
          ? [0, 4096 * Mi]
          : cpu <= 2
            ? [0, 8192 * Mi]
            : cpu <= 4
              ? [2048 * Mi, 16384 * Mi]
              : cpu <= 6
                ? [4096 * Mi, 24576 * Mi]
                : [4096 * Mi, 32768 * Mi];
    if (memory < min || memory > max) {
      v.push({
        field: `${path}[memory]`,
        description: `Invalid value '${limits.memory}' for memory with ${limits.cpu} CPU: must be between ${min / Mi}Mi and ${max / Mi}Mi.`,
      });
    }
  }
  const gpu = limits["nvidia.com/gpu"];
  if (gpu !== undefined && gpu !== "1")
    v.push({ field: `${path}[nvidia.com/gpu]`, description: "The only supported value for nvidia.com/gpu is '1'." });
  return v;
}

// Kubernetes resource quantities, as Cloud Run takes them in `resources.limits` (§2.4).
const CPU = /^(\d+(?:\.\d+)?)(m?)$/;
const MEMORY = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/;
const UNITS: Record<string, number> = {
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
};

/** vCPUs of "1", "0.5" or "1000m"; undefined when unparseable. */
export function parseCpu(value: string): number | undefined {
  const m = CPU.exec(value.trim());
  if (!m) return undefined;
  return Number(m[1]) / (m[2] === "m" ? 1000 : 1);
}

/** Bytes of "512Mi", "1G" or "536870912"; undefined when unparseable. */
export function parseMemory(value: string): number | undefined {
  const m = MEMORY.exec(value.trim());
  if (!m) return undefined;
  return Number(m[1]) * UNITS[m[2] ?? ""]!;
}
