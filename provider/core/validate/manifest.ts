// Rules that span fields, checked on a manifest the schemas already accepted, before any API call.
// Each failure names the property and the fix in one line. Values still unknown during a preview
// (unknown.ts) are skipped: they are checked again once known.
// Sources (docs/architecture.md, facts): names, server defaults, CPU and memory limits, the v1 →
// v2 mapping and annotations, and the field descriptions of the v1 Job schema.
import { ANNOTATION, ACCELERATOR_KEY, classifyAnnotation, classifyLabel, type Level } from "../annotations";
import { locationHints } from "../canonical/location";
import { DEFAULT_TASK_COUNT, MAX_GPU_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS } from "../defaults";
import type { CheckFailure } from "../failures";
import { PROJECT_PATTERN, REGION_PATTERN, validateExecutionToken, validateJobName, validateNameAndTokenLength } from "../names";
import type { JobManifest, ObjectMeta, TaskSpecManifest, VolumeManifest } from "../schema/v1";
import { annotationRule, parseContainerDependencies, parseSecretAliases } from "../annotation-rules";
import { isUnknown } from "../unknown";
import { EXEC, keyPath, known, type Report, TASK } from "./common";
import { checkEnv, checkMounts, checkProbe, checkVolume } from "./containers";
import { checkResources } from "./resources";

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
  const userLabels = Object.keys(meta.labels ?? {}).filter((key) => classifyLabel(key).kind === "user").length;
  if (userLabels > MAX_LABELS) {
    report(
      `${at}.labels`,
      `${userLabels} labels is more than ${MAX_LABELS} (the Google Cloud limit per resource): remove some or move them to annotations`,
    );
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
    const reason = annotationRule(key)?.validate(value);
    if (reason) report(property, reason);
  }
}

/** docs/cloud-run-facts.md §7: "Each resource can have up to 64 labels" (resource-manager labels-overview). */
const MAX_LABELS = 64;

/**
 * Cloud Run labels are Google Cloud labels (docs resource-manager/labels-overview) [I]: keys start
 * with a lowercase letter, keys and values use lowercase letters, digits, `_` and `-`, 63 at most.
 */
const LABEL_KEY = /^\p{Ll}[\p{Ll}\p{Lo}\p{N}_-]{0,62}$/u;
const LABEL_VALUE = /^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u;

export function validateLabel(key: string, value: string): string | undefined {
  if (!LABEL_KEY.test(key)) {
    return `\`${key}\` is not a Google Cloud label key: start with a lowercase letter and use lowercase letters, digits, \`_\` and \`-\` (at most 63); put other metadata in annotations`;
  }
  if (!isUnknown(value) && !LABEL_VALUE.test(value)) {
    return `\`${value}\` is not a Google Cloud label value: use lowercase letters, digits, \`_\` and \`-\` (at most 63)`;
  }
  return undefined;
}

/** v1 rejects a template name ("Template name must be unspecified", docs/architecture.md facts: v1 Job schema). */
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
  const onTemplate = m.spec.template.metadata?.annotations?.[ANNOTATION.binaryAuthorization];
  const onJob = annotations?.[ANNOTATION.binaryAuthorization];
  if (onTemplate !== undefined && onJob !== undefined && onTemplate.trim() !== onJob.trim() && known(onTemplate) && known(onJob)) {
    report(
      `spec.template.metadata.annotations${keyPath(ANNOTATION.binaryAuthorization)}`,
      `disagrees with the job's \`${onJob}\`: a job has one Binary Authorization policy; keep it in \`metadata.annotations\``,
    );
  }
  if (annotations?.[ANNOTATION.breakglass] !== undefined && onJob === undefined && onTemplate === undefined) {
    report(
      `metadata.annotations${keyPath(ANNOTATION.breakglass)}`,
      `a breakglass justification needs Binary Authorization: add \`${ANNOTATION.binaryAuthorization}: default\` or remove it`,
    );
  }
}

function checkVpc(annotations: Record<string, string> | undefined, report: Report): void {
  if (!annotations) return;
  const at = "spec.template.metadata.annotations";
  if (annotations[ANNOTATION.vpcConnector] !== undefined && annotations[ANNOTATION.networkInterfaces] !== undefined) {
    report(`${at}${keyPath(ANNOTATION.networkInterfaces)}`, "use either a VPC connector or Direct VPC network interfaces, not both");
  }
  if (
    annotations[ANNOTATION.vpcEgress] !== undefined &&
    annotations[ANNOTATION.vpcConnector] === undefined &&
    annotations[ANNOTATION.networkInterfaces] === undefined
  ) {
    report(
      `${at}${keyPath(ANNOTATION.vpcEgress)}`,
      `egress applies to VPC access: add \`${ANNOTATION.vpcConnector}\` or \`${ANNOTATION.networkInterfaces}\`, or remove it`,
    );
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
  const aliasesValue = templateAnnotations[ANNOTATION.secrets];
  const aliases = aliasesValue && !isUnknown(aliasesValue) ? parseSecretAliases(aliasesValue) : new Map<string, string>();
  for (const [i, v] of (task.volumes ?? []).entries()) checkVolume(v, `${TASK}.volumes[${i}]`, volumes, report);
  const gpu = checkNodeSelector(task, report);
  checkTimeout(task, gpu, report);
  // "Email address of the IAM service account" (TaskSpec.serviceAccountName).
  const sa = task.serviceAccountName;
  if (sa !== undefined && known(sa) && !/^[^@\s]+@[^@\s]+\.[a-z]+$/.test(sa)) {
    report(
      `${TASK}.serviceAccountName`,
      sa === ""
        ? "is empty: remove it to run as the project's default service account"
        : `\`${sa}\` is not a service account e-mail: use e.g. runner@my-project.iam.gserviceaccount.com`,
    );
  }
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
    report(
      `${TASK}.nodeSelector${keyPath(ACCELERATOR_KEY)}`,
      'a GPU type needs a container with `resources.limits["nvidia.com/gpu"]: "1"`: add it, or remove the node selector',
    );
  }
  if (gpu === undefined && gpuContainers > 0 && !unknownGpu) {
    report(`${TASK}.nodeSelector`, `a GPU limit needs the GPU type: add \`nodeSelector: {"${ACCELERATOR_KEY}": "nvidia-l4"}\``);
  }
  const deps = templateAnnotations[ANNOTATION.containerDependencies];
  const namesKnown = task.containers.every((c) => c.name === undefined || known(c.name));
  if (deps !== undefined && !isUnknown(deps) && namesKnown) {
    const parsed = parseContainerDependencies(deps);
    if (typeof parsed !== "string") {
      const missing = [...Object.keys(parsed), ...Object.values(parsed).flat()].find((n) => !names.has(n));
      if (missing !== undefined) {
        report(
          `spec.template.metadata.annotations${keyPath(ANNOTATION.containerDependencies)}`,
          `no container is named \`${missing}\`: name the containers it refers to`,
        );
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
  const match =
    typeof value === "number" ? (Number.isInteger(value) ? [String(value), String(value)] : null) : /^\s*(\d+)s?\s*$/.exec(value);
  const at = `${TASK}.timeoutSeconds`;
  if (!match) {
    report(at, `\`${value}\` is not a whole number of seconds: write e.g. "3600" for one hour`);
    return;
  }
  const seconds = Number(match[1]);
  // docs/cloud-run-facts.md §7: 1 s to 168 h, at most 1 h with a GPU.
  if (seconds < 1 || seconds > MAX_TIMEOUT_SECONDS) {
    report(at, `must be between 1 and ${MAX_TIMEOUT_SECONDS} (seconds; 168 h is the longest a task may run), got ${seconds}`);
  } else if (gpu !== undefined && seconds > MAX_GPU_TIMEOUT_SECONDS) {
    report(at, `must be between 1 and ${MAX_GPU_TIMEOUT_SECONDS} (seconds; 1 h is the longest a GPU task may run), got ${seconds}`);
  }
}
