// Rules that span fields, checked on a manifest the schemas already accepted, before any API call.
// Each failure names the property and the fix in one line. Values still unknown during a preview
// (unknown.ts) are skipped: they are checked again once known.
// Sources: ../shared/reference/cloud-run-jobs-api.md §3.1–3.2 (names, required fields, ranges),
// §2.4 (annotations, CPU/memory, GPU), the field descriptions in run-v1-discovery.json.
import { A, ACCELERATOR_KEY, classifyAnnotation, classifyLabel, type Level } from "./annotations";
import { locationHints } from "./canonical";
import {
  DEFAULT_CPU_MILLIS,
  DEFAULT_MEMORY_BYTES,
  DEFAULT_TASK_COUNT,
  MAX_GPU_TIMEOUT_SECONDS,
  MAX_TIMEOUT_SECONDS,
} from "./defaults";
import { PROJECT_PATTERN, REGION_PATTERN, validateExecutionToken, validateJobName, validateNameAndTokenLength } from "./names";
import { formatBytes, formatMillicpu, GiB, MiB, parseMillicpu, parseQuantity } from "./quantities";
import type { CheckFailure } from "./failures";
import type { ContainerManifest, JobManifest, ObjectMeta, ProbeManifest, TaskSpecManifest, VolumeManifest } from "./schema/v1";
import { ANNOTATION_RULES, parseContainerDependencies, parseSecretAliases } from "./settings";
import { isUnknown, UNKNOWN } from "./unknown";

const TASK = "spec.template.spec.template.spec";
const EXEC = "spec.template.spec";

type Report = (property: string, reason: string) => void;

/** `["a/b"]` for keys that are not identifiers, `.key` otherwise. */
export function keyPath(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

const known = (v: unknown): boolean => v !== undefined && !(typeof v === "string" && isUnknown(v));

export function validateJobManifest(m: JobManifest): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const report: Report = (property, reason) => failures.push({ property, reason });
  checkLocation(m, report);
  checkMetadata(m.metadata, "metadata", "job", report);
  checkMetadata(m.spec.template.metadata, "spec.template.metadata", "template", report);
  checkTemplateMetadataExtras(m.spec.template.metadata, report);
  checkTokens(m, report);
  checkBinaryAuthorization(m, report);
  checkVpc(m.spec.template.metadata?.annotations, report);
  checkExecution(m, report);
  checkTask(m, report);
  return failures;
}

function checkLocation(m: JobManifest, report: Report): void {
  const { project, region } = locationHints(m);
  if (known(project) && !PROJECT_PATTERN.test(project as string)) {
    const property = m.project !== undefined ? "project" : "metadata.namespace";
    report(property, `\`${project}\` is not a project id or number: use e.g. \`my-project\` or \`123456789012\``);
  }
  if (known(region) && !REGION_PATTERN.test(region as string)) {
    const property = m.region !== undefined ? "region" : `metadata.labels${keyPath("cloud.googleapis.com/location")}`;
    report(property, `\`${region}\` is not a Cloud Run region: use e.g. \`us-central1\``);
  }
}

function checkMetadata(meta: ObjectMeta | undefined, at: string, level: Level, report: Report): void {
  if (!meta) return;
  if (level === "job" && meta.name !== undefined) {
    const reason = validateJobName(meta.name);
    if (reason) report(`${at}.name`, reason);
  }
  for (const [key, value] of Object.entries(meta.labels ?? {})) {
    const verdict = classifyLabel(key);
    const property = `${at}.labels${keyPath(key)}`;
    if (verdict.kind === "refused") report(property, verdict.reason);
    if (verdict.kind !== "user") continue;
    const reason = validateLabel(key, value);
    if (reason) report(property, reason);
  }
  for (const [key, value] of Object.entries(meta.annotations ?? {})) {
    const verdict = classifyAnnotation(key, level);
    const property = `${at}.annotations${keyPath(key)}`;
    if (verdict.kind === "refused") report(property, verdict.reason);
    if (verdict.kind !== "setting" || isUnknown(value)) continue;
    const reason = ANNOTATION_RULES[key]?.validate(value);
    if (reason) report(property, reason);
  }
}

/**
 * Cloud Run labels are Google Cloud labels (docs resource-manager/labels-overview) [I]: keys start
 * with a lowercase letter, keys and values use lowercase letters, digits, `_` and `-`, 63 at most.
 */
const LABEL_KEY = /^\p{Ll}[\p{Ll}\p{Lo}\p{N}_-]{0,62}$/u;
const LABEL_VALUE = /^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u;

function validateLabel(key: string, value: string): string | undefined {
  if (!LABEL_KEY.test(key)) {
    return `\`${key}\` is not a Google Cloud label key: start with a lowercase letter and use lowercase letters, digits, \`_\` and \`-\` (at most 63); put other metadata in annotations`;
  }
  if (!isUnknown(value) && !LABEL_VALUE.test(value)) {
    return `\`${value}\` is not a Google Cloud label value: use lowercase letters, digits, \`_\` and \`-\` (at most 63)`;
  }
  return undefined;
}

/** v1 rejects a template name ("Template name must be unspecified", §1.1). */
function checkTemplateMetadataExtras(meta: ObjectMeta | undefined, report: Report): void {
  if (meta?.name !== undefined) {
    report("spec.template.metadata.name", "executions are named by Cloud Run (template name must be unspecified): remove it");
  }
  if (meta?.namespace !== undefined) {
    report("spec.template.metadata.namespace", "executions live in the job's project: remove it and set `metadata.namespace` or `project`");
  }
}

function checkTokens(m: JobManifest, report: Report): void {
  const { startExecutionToken: start, runExecutionToken: run } = m.spec;
  if (start !== undefined && run !== undefined) {
    report("spec.runExecutionToken", "set at most one of `startExecutionToken` and `runExecutionToken` (they are one choice in v2)");
  }
  const name = m.metadata?.name;
  for (const [field, token] of [
    ["startExecutionToken", start],
    ["runExecutionToken", run],
  ] as const) {
    if (token === undefined) continue;
    const reason = validateExecutionToken(token) ?? (name !== undefined ? validateNameAndTokenLength(name, token) : undefined);
    if (reason) report(`spec.${field}`, reason);
  }
}

function checkBinaryAuthorization(m: JobManifest, report: Report): void {
  const annotations = m.metadata?.annotations;
  const onTemplate = m.spec.template.metadata?.annotations?.[A.binaryAuthorization];
  const onJob = annotations?.[A.binaryAuthorization];
  if (onTemplate !== undefined && onJob !== undefined && onTemplate.trim() !== onJob.trim() && known(onTemplate) && known(onJob)) {
    report(
      `spec.template.metadata.annotations${keyPath(A.binaryAuthorization)}`,
      `disagrees with the job's \`${onJob}\`: a job has one Binary Authorization policy; keep it in \`metadata.annotations\``,
    );
  }
  if (annotations?.[A.breakglass] !== undefined && onJob === undefined && onTemplate === undefined) {
    report(
      `metadata.annotations${keyPath(A.breakglass)}`,
      `a breakglass justification needs Binary Authorization: add \`${A.binaryAuthorization}: default\` or remove it`,
    );
  }
}

function checkVpc(annotations: Record<string, string> | undefined, report: Report): void {
  if (!annotations) return;
  const at = "spec.template.metadata.annotations";
  if (annotations[A.vpcConnector] !== undefined && annotations[A.networkInterfaces] !== undefined) {
    report(`${at}${keyPath(A.networkInterfaces)}`, "use either a VPC connector or Direct VPC network interfaces, not both");
  }
  if (annotations[A.vpcEgress] !== undefined && annotations[A.vpcConnector] === undefined && annotations[A.networkInterfaces] === undefined) {
    report(`${at}${keyPath(A.vpcEgress)}`, `egress applies to VPC access: add \`${A.vpcConnector}\` or \`${A.networkInterfaces}\`, or remove it`);
  }
}

function checkExecution(m: JobManifest, report: Report): void {
  const { parallelism, taskCount } = m.spec.template.spec;
  const tasks = taskCount ?? DEFAULT_TASK_COUNT;
  if (parallelism !== undefined && parallelism > tasks) {
    report(`${EXEC}.parallelism`, `${parallelism} is more than taskCount (${tasks}): lower parallelism or raise taskCount`);
  }
}

function checkTask(m: JobManifest, report: Report): void {
  const task = m.spec.template.spec.template.spec;
  const volumes = new Map<string, VolumeManifest>();
  const templateAnnotations = m.spec.template.metadata?.annotations ?? {};
  const aliasesValue = templateAnnotations[A.secrets];
  const aliases = aliasesValue && !isUnknown(aliasesValue) ? parseSecretAliases(aliasesValue) : new Map<string, string>();
  task.volumes?.forEach((v, i) => checkVolume(v, `${TASK}.volumes[${i}]`, volumes, report));
  const gpu = checkNodeSelector(task, report);
  checkTimeout(task, gpu, report);
  const names = new Set<string>();
  let gpuContainers = 0;
  let unknownGpu = gpu !== undefined && isUnknown(gpu);
  task.containers.forEach((c, i) => {
    const at = `${TASK}.containers[${i}]`;
    if (c.name !== undefined && known(c.name)) {
      // "Name of the container specified as a DNS_LABEL (RFC 1123)" (Container.name).
      if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(c.name)) {
        report(`${at}.name`, `\`${c.name}\` is not a DNS label: use lowercase letters, digits and \`-\`, at most 63`);
      }
      if (names.has(c.name)) report(`${at}.name`, `\`${c.name}\` names two containers: give each a different name`);
      names.add(c.name);
    }
    if (task.containers.length > 1 && c.name === undefined) {
      report(`${at}.name`, "is required when the job has more than one container: name each container");
    }
    const gpuLimit = c.resources?.limits?.["nvidia.com/gpu"];
    if (typeof gpuLimit === "string" && isUnknown(gpuLimit)) unknownGpu = true;
    if (checkResources(c, at, report)) gpuContainers += 1;
    checkEnv(c, at, aliases, report);
    checkMounts(c, at, volumes, report);
    for (const probe of ["livenessProbe", "readinessProbe", "startupProbe"] as const) {
      const p = c[probe];
      if (p) checkProbe(p, `${at}.${probe}`, probe === "startupProbe", report);
    }
  });
  if (gpu !== undefined && gpuContainers === 0 && !unknownGpu) {
    report(`${TASK}.nodeSelector${keyPath(ACCELERATOR_KEY)}`, 'a GPU type needs a container with `resources.limits["nvidia.com/gpu"]: "1"`: add it, or remove the node selector');
  }
  if (gpu === undefined && gpuContainers > 0 && !unknownGpu) {
    report(`${TASK}.nodeSelector`, `a GPU limit needs the GPU type: add \`nodeSelector: {"${ACCELERATOR_KEY}": "nvidia-l4"}\``);
  }
  const deps = templateAnnotations[A.containerDependencies];
  const namesKnown = task.containers.every((c) => c.name === undefined || known(c.name));
  if (deps !== undefined && !isUnknown(deps) && namesKnown) {
    const parsed = parseContainerDependencies(deps);
    if (typeof parsed !== "string") {
      const missing = [...Object.keys(parsed), ...Object.values(parsed).flat()].find((n) => !names.has(n));
      if (missing !== undefined) {
        report(`spec.template.metadata.annotations${keyPath(A.containerDependencies)}`, `no container is named \`${missing}\`: name the containers it refers to`);
      }
    }
  }
}

function checkNodeSelector(task: TaskSpecManifest, report: Report): string | undefined {
  for (const key of Object.keys(task.nodeSelector ?? {})) {
    if (key !== ACCELERATOR_KEY) {
      report(`${TASK}.nodeSelector${keyPath(key)}`, `Cloud Run only selects nodes by GPU type: use \`${ACCELERATOR_KEY}\``);
    }
  }
  const gpu = task.nodeSelector?.[ACCELERATOR_KEY];
  if (gpu !== undefined && known(gpu) && gpu.trim() === "") {
    report(`${TASK}.nodeSelector${keyPath(ACCELERATOR_KEY)}`, "is empty: name the GPU type, e.g. `nvidia-l4`");
  }
  return gpu;
}

function checkTimeout(task: TaskSpecManifest, gpu: string | undefined, report: Report): void {
  const value = task.timeoutSeconds;
  if (value === undefined || (typeof value === "string" && isUnknown(value))) return;
  const match = typeof value === "number" ? (Number.isInteger(value) ? [String(value), String(value)] : null) : /^\s*(\d+)s?\s*$/.exec(value);
  const at = `${TASK}.timeoutSeconds`;
  if (!match) {
    report(at, `\`${value}\` is not a whole number of seconds: write e.g. "3600" for one hour`);
    return;
  }
  const seconds = Number(match[1]);
  if (seconds < 1) report(at, "must be at least 1 second");
  else if (seconds > MAX_TIMEOUT_SECONDS) report(at, `${seconds} s is more than 168 h (${MAX_TIMEOUT_SECONDS} s), the longest a task may run: lower it`);
  else if (gpu !== undefined && seconds > MAX_GPU_TIMEOUT_SECONDS) {
    report(at, `${seconds} s is more than 1 h, the longest a GPU task may run: lower it to at most ${MAX_GPU_TIMEOUT_SECONDS}`);
  }
}

/**
 * CPU ↔ memory pairs Cloud Run accepts for jobs (§2.4, docs configuring/jobs/cpu and memory-limits):
 * a fraction of a vCPU (0.08–1): 512 MiB (more memory needs a whole vCPU) [I]; 1 vCPU: 512 MiB–4 GiB;
 * 2: ≤ 8 GiB; 4: 2–16 GiB; 6: 4–24 GiB; 8: 4–32 GiB.
 */
const FRACTIONAL = { millis: 999, min: 512 * MiB, max: 512 * MiB };
const CPU_MEMORY: ReadonlyArray<{ millis: number; min: number; max: number }> = [
  { millis: 1000, min: 512 * MiB, max: 4 * GiB },
  { millis: 2000, min: 512 * MiB, max: 8 * GiB },
  { millis: 4000, min: 2 * GiB, max: 16 * GiB },
  { millis: 6000, min: 4 * GiB, max: 24 * GiB },
  { millis: 8000, min: 4 * GiB, max: 32 * GiB },
];
/** GPU jobs need at least 4 vCPU and 16 GiB (docs configuring/jobs/gpu) [I]. */
const GPU_MIN_MILLIS = 4000;
const GPU_MIN_MEMORY = 16 * GiB;

/** Returns true when the container asks for a GPU. */
function checkResources(c: ContainerManifest, at: string, report: Report): boolean {
  const limits = c.resources?.limits;
  if (!limits) return false;
  const lat = `${at}.resources.limits`;
  for (const key of Object.keys(limits)) {
    if (!["cpu", "memory", "nvidia.com/gpu"].includes(key)) {
      report(`${lat}${keyPath(key)}`, "Cloud Run limits only `cpu`, `memory` and `nvidia.com/gpu`: remove it");
    }
  }
  const isUnknownValue = (v: string | number | undefined) => typeof v === "string" && isUnknown(v);
  if (isUnknownValue(limits.cpu) || isUnknownValue(limits.memory) || isUnknownValue(limits["nvidia.com/gpu"])) return false;
  const millis = limits.cpu !== undefined ? parseMillicpu(limits.cpu) : DEFAULT_CPU_MILLIS;
  const bytes = limits.memory !== undefined ? parseQuantity(limits.memory) : DEFAULT_MEMORY_BYTES;
  if (millis === undefined) {
    report(`${lat}.cpu`, `\`${limits.cpu}\` is not a CPU quantity: use e.g. "1", "2" or "500m"`);
  }
  if (bytes === undefined) {
    report(`${lat}.memory`, `\`${limits.memory}\` is not a memory quantity: use e.g. "512Mi" or "2Gi"`);
  }
  const gpuValue = limits["nvidia.com/gpu"];
  const gpu = gpuValue !== undefined;
  if (gpu && parseQuantity(gpuValue) !== 1) {
    report(`${lat}${keyPath("nvidia.com/gpu")}`, 'Cloud Run gives a container at most one GPU: use "1"');
  }
  if (millis === undefined || bytes === undefined) return gpu;
  const fractional = millis < 1000;
  const row = fractional ? FRACTIONAL : CPU_MEMORY.find((r) => r.millis === millis);
  if (fractional && millis < 80) {
    report(`${lat}.cpu`, `${formatMillicpu(millis)} is less than the smallest CPU, 80m: raise it`);
    return gpu;
  }
  if (!row) {
    report(`${lat}.cpu`, `${formatMillicpu(millis)} vCPU is not offered: use a fraction of 1 (e.g. "500m"), or 1, 2, 4, 6 or 8`);
    return gpu;
  }
  if (bytes < row.min) {
    report(`${lat}.memory`, `${formatBytes(bytes)} is less than ${formatBytes(row.min)}, the least memory for ${formatMillicpu(millis)} vCPU: raise memory or lower cpu`);
  } else if (bytes > row.max) {
    const enough = CPU_MEMORY.find((r) => r.max >= bytes && r.millis > millis);
    const fix = enough ? `raise cpu to ${formatMillicpu(enough.millis)} or lower memory` : "lower memory to at most 32Gi";
    const cpu = fractional ? `less than 1` : formatMillicpu(millis);
    report(`${lat}.memory`, `${formatBytes(bytes)} is more than ${formatBytes(row.max)}, the most memory for ${cpu} vCPU: ${fix}`);
  }
  if (gpu && (millis < GPU_MIN_MILLIS || bytes < GPU_MIN_MEMORY)) {
    report(lat, `a GPU needs at least 4 vCPU and 16Gi of memory: set cpu to "4" or more and memory to "16Gi" or more`);
  }
  return gpu;
}

/** Environment variable names Cloud Run sets itself (container contract, §3.8). */
const RESERVED_ENV = new Set(["CLOUD_RUN_JOB", "CLOUD_RUN_EXECUTION", "CLOUD_RUN_TASK_INDEX", "CLOUD_RUN_TASK_ATTEMPT", "CLOUD_RUN_TASK_COUNT"]);

function checkEnv(c: ContainerManifest, at: string, aliases: Map<string, string>, report: Report): void {
  const env = c.env ?? [];
  if (env.length > 1000) report(`${at}.env`, `${env.length} variables is more than 1000 per container: move some into a secret file`);
  const secretNames = new Set<string>();
  env.forEach((e, i) => {
    const eat = `${at}.env[${i}]`;
    if (RESERVED_ENV.has(e.name)) report(`${eat}.name`, `\`${e.name}\` is set by Cloud Run: use another name`);
    if (e.value !== undefined && e.valueFrom !== undefined) {
      report(eat, "set either `value` or `valueFrom`, not both");
      return;
    }
    if (e.value !== undefined && known(e.value) && Buffer.byteLength(e.value) > 32768) {
      report(`${eat}.value`, "is longer than 32768 bytes: store it in Secret Manager and use `valueFrom.secretKeyRef`");
    }
    if (!e.valueFrom) return;
    const ref = e.valueFrom.secretKeyRef;
    if (!ref) {
      report(`${eat}.valueFrom`, "needs `secretKeyRef` (a Secret Manager secret and version)");
      return;
    }
    if (secretNames.has(e.name)) report(`${eat}.name`, `\`${e.name}\` is set from a secret twice: keep one`);
    secretNames.add(e.name);
    const name = ref.name ?? ref.localObjectReference?.name;
    if (ref.name !== undefined && ref.localObjectReference?.name !== undefined && ref.name !== ref.localObjectReference.name) {
      report(`${eat}.valueFrom.secretKeyRef.localObjectReference`, "disagrees with `name`: keep only `name`");
    }
    if (!name) report(`${eat}.valueFrom.secretKeyRef.name`, "is required: the Secret Manager secret (or an alias from `run.googleapis.com/secrets`)");
    if (!ref.key) {
      report(`${eat}.valueFrom.secretKeyRef.key`, 'is required: the secret version, e.g. "latest" or "3"');
    }
    if (name && known(name)) checkSecretName(name, aliases, `${eat}.valueFrom.secretKeyRef.name`, report);
  });
}

function checkSecretName(name: string, aliases: Map<string, string>, at: string, report: Report): void {
  if (aliases.has(name)) return;
  if (name.startsWith("projects/") ? !/^projects\/[^/]+\/secrets\/[^/]+$/.test(name) : !/^[\w-]{1,255}$/.test(name)) {
    report(at, `\`${name}\` is not a secret: use a secret id, \`projects/<p>/secrets/<s>\`, or an alias from \`run.googleapis.com/secrets\``);
  }
}

function checkMounts(c: ContainerManifest, at: string, volumes: Map<string, VolumeManifest>, report: Report): void {
  const paths = new Set<string>();
  c.volumeMounts?.forEach((mount, i) => {
    const mat = `${at}.volumeMounts[${i}]`;
    if (!known(mount.name)) return;
    if (mount.name === "cloudsql") {
      report(`${mat}.name`, "`cloudsql` is reserved: Cloud SQL sockets are mounted at /cloudsql by the `run.googleapis.com/cloudsql-instances` annotation; remove this mount");
      return;
    }
    const volume = volumes.get(mount.name);
    if (!volume && volumes.has(UNKNOWN)) return; // it may name the volume whose name is not known yet
    if (!volume) {
      const names = [...volumes.keys()];
      report(`${mat}.name`, `no volume is named \`${mount.name}\`: ${names.length ? `use one of ${names.map((n) => `\`${n}\``).join(", ")}` : "add it to `volumes`"}`);
    } else {
      if (volume.secret && mount.subPath) {
        report(`${mat}.subPath`, "Cloud Run does not accept `subPath` on secret volumes: mount the volume and read the file by name");
      }
      // VolumeMount.readOnly is "Not used by Cloud Run": a read-only mount of a writable volume would be ignored.
      const readOnlyVolume = volume.secret !== undefined || volume.csi?.readOnly === true || volume.nfs?.readOnly === true;
      if (mount.readOnly === true && !readOnlyVolume) {
        report(`${mat}.readOnly`, "Cloud Run ignores `readOnly` on mounts: set `readOnly: true` on the volume (`csi`, `nfs`) instead");
      }
    }
    if (known(mount.mountPath)) {
      if (!mount.mountPath.startsWith("/")) report(`${mat}.mountPath`, "must be an absolute path, e.g. /data");
      if (paths.has(mount.mountPath)) report(`${mat}.mountPath`, `\`${mount.mountPath}\` is mounted twice: use one mount per path`);
      paths.add(mount.mountPath);
    }
  });
}

function checkVolume(v: VolumeManifest, at: string, volumes: Map<string, VolumeManifest>, report: Report): void {
  if (v.name === "cloudsql") {
    report(`${at}.name`, "`cloudsql` is reserved: declare Cloud SQL instances with the `run.googleapis.com/cloudsql-instances` annotation");
  } else if (volumes.has(v.name) && known(v.name)) {
    report(`${at}.name`, `\`${v.name}\` names two volumes: give each a different name`);
  }
  volumes.set(v.name, v);
  const sources = (["secret", "emptyDir", "nfs", "csi"] as const).filter((k) => v[k] !== undefined);
  if (sources.length !== 1) {
    report(at, sources.length ? `has ${sources.join(" and ")}: a volume has exactly one source` : "needs a source: `secret`, `emptyDir`, `nfs` or `csi`");
  }
  if (v.secret) {
    if (!v.secret.secretName) report(`${at}.secret.secretName`, "is required: the Secret Manager secret (or an alias from `run.googleapis.com/secrets`)");
    v.secret.items?.forEach((item, j) => {
      // "When items are defined, they must specify both a key and a path" (SecretVolumeSource.items).
      if (!item.key) report(`${at}.secret.items[${j}].key`, 'is required: the secret version, e.g. "latest"');
      if (!item.path) report(`${at}.secret.items[${j}].path`, "is required: the file name in the volume");
    });
  }
  if (v.nfs) {
    if (!v.nfs.server) report(`${at}.nfs.server`, "is required: the NFS server's host name or IP address");
    if (!v.nfs.path) report(`${at}.nfs.path`, "is required: the exported path, e.g. /share");
  }
  if (v.emptyDir?.sizeLimit !== undefined && known(v.emptyDir.sizeLimit) && parseQuantity(v.emptyDir.sizeLimit) === undefined) {
    report(`${at}.emptyDir.sizeLimit`, `\`${v.emptyDir.sizeLimit}\` is not a size: use e.g. "1Gi"`);
  }
  if (v.csi) {
    const attributes = v.csi.volumeAttributes ?? {};
    if (!attributes.bucketName) report(`${at}.csi.volumeAttributes.bucketName`, "is required: the Cloud Storage bucket to mount");
    for (const key of Object.keys(attributes)) {
      if (key !== "bucketName" && key !== "mountOptions") {
        report(`${at}.csi.volumeAttributes${keyPath(key)}`, "Cloud Storage volumes take only `bucketName` and `mountOptions`: remove it");
      }
    }
  }
}

function checkProbe(p: ProbeManifest, at: string, startup: boolean, report: Report): void {
  const actions = (["httpGet", "tcpSocket", "grpc"] as const).filter((k) => p[k] !== undefined);
  if (actions.length !== 1) {
    report(at, actions.length ? `has ${actions.join(" and ")}: a probe has exactly one action` : "needs an action: `httpGet`, `tcpSocket` or `grpc`");
  }
  if (startup) {
    if ((p.initialDelaySeconds ?? 0) > 240) report(`${at}.initialDelaySeconds`, "must be at most 240 for a startup probe");
    if ((p.periodSeconds ?? 0) > 240) report(`${at}.periodSeconds`, "must be at most 240 for a startup probe");
  }
  const timeout = p.timeoutSeconds;
  if (timeout !== undefined) {
    // "Must be smaller than period_seconds; if period_seconds is not set, must be less or equal than 10."
    if (p.periodSeconds !== undefined ? timeout >= p.periodSeconds : timeout > 10) {
      report(`${at}.timeoutSeconds`, p.periodSeconds !== undefined ? `must be less than periodSeconds (${p.periodSeconds})` : "must be at most 10 when periodSeconds is not set");
    }
  }
}
