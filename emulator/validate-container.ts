// Container rules for a job's task template. cloud-run-jobs-api.md §2.2, §2.4, §3.2.
import type { FieldViolation } from "./errors";
import type { Container, EnvVar } from "./types";
import { parseCpu, parseMemory } from "./quantity";
import { DEFAULT_LIMITS } from "./defaults";

/** RFC 1123 DNS label (§3.1 [V]). */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** The task contract names are reserved (§3.8 [V-obs]; docs environment-variables). */
const RESERVED_ENV = new Set(["CLOUD_RUN_JOB", "CLOUD_RUN_EXECUTION", "CLOUD_RUN_TASK_INDEX", "CLOUD_RUN_TASK_ATTEMPT", "CLOUD_RUN_TASK_COUNT"]);
const MAX_ENV_VARS = 1000;
const MAX_ENV_VALUE_BYTES = 32768;
const MAX_CONTAINERS = 10;

export function validateContainers(containers: Container[], path: string, volumes: Map<string, string>): FieldViolation[] {
  const v: FieldViolation[] = [];
  if (containers.length === 0) v.push({ field: path, description: "At least one container is required." });
  if (containers.length > MAX_CONTAINERS) v.push({ field: path, description: `At most ${MAX_CONTAINERS} containers are supported.` });
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const p = `${path}[${i}]`;
    if (!c.image) v.push({ field: `${p}.image`, description: "The container image is required." });
    if (c.name) {
      if (!DNS_LABEL.test(c.name) || c.name.length > 63) v.push({ field: `${p}.name`, description: "The container name must be a DNS label (RFC 1123)." });
      if (names.has(c.name)) v.push({ field: `${p}.name`, description: `Duplicate container name '${c.name}'.` });
      names.add(c.name);
    } else if (containers.length > 1) {
      v.push({ field: `${p}.name`, description: "Every container must be named when there is more than one." });
    }
    v.push(...validateEnv(c.env ?? [], `${p}.env`));
    v.push(...validateLimits({ ...DEFAULT_LIMITS, ...(c.resources?.limits ?? {}) }, `${p}.resources.limits`));
    (c.volumeMounts ?? []).forEach((m, j) => {
      const mp = `${p}.volume_mounts[${j}]`;
      if (!m.name) v.push({ field: `${mp}.name`, description: "The volume mount name is required." });
      else if (!volumes.has(m.name)) v.push({ field: `${mp}.name`, description: `Volume '${m.name}' is not defined in the template's volumes.` });
      // "For Cloud SQL volumes, it can be left empty, or must otherwise be /cloudsql" (§2.2).
      const cloudSql = m.name ? volumes.get(m.name) === "cloudSqlInstance" : false;
      if (!m.mountPath && !cloudSql) v.push({ field: `${mp}.mount_path`, description: "The mount path is required." });
      else if (m.mountPath && m.mountPath.includes(":")) v.push({ field: `${mp}.mount_path`, description: "The mount path must not contain ':'." });
      else if (m.mountPath && cloudSql && m.mountPath !== "/cloudsql") v.push({ field: `${mp}.mount_path`, description: "A Cloud SQL volume must be mounted at /cloudsql." });
    });
    (c.dependsOn ?? []).forEach((dep, j) => {
      if (!containers.some((o) => o.name === dep && o !== c)) v.push({ field: `${p}.depends_on[${j}]`, description: `Container '${dep}' does not exist.` });
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
    else if (e.name.includes("=")) v.push({ field: `${p}.name`, description: "The environment variable name must not contain '='." });
    if (e.value != null && e.valueSource != null) v.push({ field: p, description: "Only one of value and value_source may be set." });
    if (e.value != null && Buffer.byteLength(e.value) > MAX_ENV_VALUE_BYTES) v.push({ field: `${p}.value`, description: `The value must be at most ${MAX_ENV_VALUE_BYTES} bytes.` });
    if (e.valueSource) {
      const ref = e.valueSource.secretKeyRef;
      if (!ref) v.push({ field: `${p}.value_source.secret_key_ref`, description: "The secret key reference is required." });
      else if (!ref.secret) v.push({ field: `${p}.value_source.secret_key_ref.secret`, description: "The secret is required." });
    }
  });
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
    const [min, max] = cpu < 1 ? [0, 512 * Mi] : cpu <= 1 ? [0, 4096 * Mi] : cpu <= 2 ? [0, 8192 * Mi] : cpu <= 4 ? [2048 * Mi, 16384 * Mi] : cpu <= 6 ? [4096 * Mi, 24576 * Mi] : [4096 * Mi, 32768 * Mi];
    if (memory < min || memory > max) {
      v.push({ field: `${path}[memory]`, description: `Invalid value '${limits.memory}' for memory with ${limits.cpu} CPU: must be between ${min / Mi}Mi and ${max / Mi}Mi.` });
    }
  }
  const gpu = limits["nvidia.com/gpu"];
  if (gpu !== undefined && gpu !== "1") v.push({ field: `${path}[nvidia.com/gpu]`, description: "The only supported value for nvidia.com/gpu is '1'." });
  return v;
}
