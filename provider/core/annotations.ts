// Which `metadata.labels`/`metadata.annotations` keys are system keys and what becomes of each.
// Sources (docs/architecture.md, facts: v1 → v2 mapping and annotations): the ObjectMeta.annotations
// list of the v1 discovery document, the v2 fields they map to, the namespaces v2 rejects
// (job.proto), and the keys gcloud and the server stamp on objects (gcloud k8s_object.py).

/** Namespaces v2 rejects on user labels and annotations (job.proto, docs/architecture.md facts: v1 → v2 mapping). */
export const RESERVED_NAMESPACES = [
  "run.googleapis.com",
  "cloud.googleapis.com",
  "serving.knative.dev",
  "autoscaling.knative.dev",
] as const;

export const ANNOTATION = {
  launchStage: "run.googleapis.com/launch-stage",
  binaryAuthorization: "run.googleapis.com/binary-authorization",
  breakglass: "run.googleapis.com/binary-authorization-breakglass",
  cloudSqlInstances: "run.googleapis.com/cloudsql-instances",
  vpcConnector: "run.googleapis.com/vpc-access-connector",
  vpcEgress: "run.googleapis.com/vpc-access-egress",
  networkInterfaces: "run.googleapis.com/network-interfaces",
  executionEnvironment: "run.googleapis.com/execution-environment",
  encryptionKey: "run.googleapis.com/encryption-key",
  secrets: "run.googleapis.com/secrets",
  containerDependencies: "run.googleapis.com/container-dependencies",
  gpuZonalRedundancyDisabled: "run.googleapis.com/gpu-zonal-redundancy-disabled",
} as const;

/** The label carrying the region on objects the server returns (gcloud k8s_object REGION_LABEL). */
export const LOCATION_LABEL = "cloud.googleapis.com/location";
/** The GPU node selector key (gcloud k8s_object GPU_TYPE_NODE_SELECTOR). */
export const ACCELERATOR_KEY = "run.googleapis.com/accelerator";

/** Job-level annotations that carry settings (the v1 annotation list: "Service, Job"). */
export const JOB_ANNOTATIONS: ReadonlySet<string> = new Set([
  ANNOTATION.launchStage,
  ANNOTATION.binaryAuthorization,
  ANNOTATION.breakglass,
]);

/** Execution-template annotations that carry settings (the v1 annotation list: "Execution"), plus TaskTemplate fields (docs/architecture.md facts: v1 → v2 mapping). */
export const TEMPLATE_ANNOTATIONS: ReadonlySet<string> = new Set([
  ANNOTATION.cloudSqlInstances,
  ANNOTATION.vpcConnector,
  ANNOTATION.vpcEgress,
  ANNOTATION.networkInterfaces,
  ANNOTATION.executionEnvironment,
  ANNOTATION.encryptionKey,
  ANNOTATION.secrets,
  ANNOTATION.containerDependencies,
  ANNOTATION.gpuZonalRedundancyDisabled,
  // Listed for "Service, Job, Execution" (docs/architecture.md facts: v1 Job schema, ObjectMeta.annotations); v2 has it on the Job only, so it is folded there.
  ANNOTATION.binaryAuthorization,
]);

/**
 * Annotations the server or a client (gcloud, the console) stamps; accepted anywhere and dropped.
 * `client-name`/`client-version` would map to the advisory `Job.client`/`clientVersion`, but gcloud
 * rewrites them on every deploy, so following them would only produce diffs.
 */
export const SYSTEM_ANNOTATIONS: ReadonlySet<string> = new Set([
  "run.googleapis.com/creator",
  "run.googleapis.com/lastModifier",
  "run.googleapis.com/creatorEmail",
  "run.googleapis.com/lastModifierEmail",
  "run.googleapis.com/operation-id",
  "run.googleapis.com/client-name",
  "run.googleapis.com/client-version",
  "run.googleapis.com/observedGeneration",
  "serving.knative.dev/creator",
  "serving.knative.dev/lastModifier",
  "client.knative.dev/user-image",
  "client.knative.dev/nonce",
]);

/**
 * Labels the server or a client stamps; accepted anywhere and dropped. Cloud Run sets
 * `run.googleapis.com/lastUpdatedTime` on every job it returns (gcloud's `describe` reads it,
 * `api_lib/run/job.py`), so `gcloud run jobs describe --format yaml` and `--format export` carry it.
 */
export const SYSTEM_LABELS: ReadonlySet<string> = new Set([
  LOCATION_LABEL,
  "run.googleapis.com/lastUpdatedTime",
  "client.knative.dev/nonce",
  "run.googleapis.com/job",
  "run.googleapis.com/satisfiesPzs",
]);

/** Annotations documented for Services/Revisions only (docs/architecture.md facts: v1 Job schema, ObjectMeta.annotations), so meaningless on a job. */
const SERVICE_ONLY_HINT = "it applies to Cloud Run services, not jobs: remove it";

export type Level = "job" | "template";

export type KeyVerdict = { kind: "user" } | { kind: "setting" } | { kind: "system" } | { kind: "refused"; reason: string };

function isReservedKey(key: string): boolean {
  const slash = key.indexOf("/");
  if (slash < 0) return false;
  const prefix = key.slice(0, slash);
  return RESERVED_NAMESPACES.some((ns) => prefix === ns || prefix.endsWith(`.${ns}`));
}

/** What an annotation key at `level` means: a user key, a setting we map, a system stamp, or refused. */
export function classifyAnnotation(key: string, level: Level): KeyVerdict {
  if (SYSTEM_ANNOTATIONS.has(key)) return { kind: "system" };
  const own = level === "job" ? JOB_ANNOTATIONS : TEMPLATE_ANNOTATIONS;
  const other = level === "job" ? TEMPLATE_ANNOTATIONS : JOB_ANNOTATIONS;
  if (own.has(key)) return { kind: "setting" };
  if (other.has(key)) {
    const where = level === "job" ? "spec.template.metadata.annotations" : "metadata.annotations";
    return {
      kind: "refused",
      reason: `\`${key}\` is set on the ${level === "job" ? "execution template" : "job"}: move it to \`${where}\``,
    };
  }
  if (!isReservedKey(key)) return { kind: "user" };
  if (key.startsWith("run.googleapis.com/") || key.startsWith("autoscaling.knative.dev/")) {
    return {
      kind: "refused",
      reason: `\`${key}\` is not an annotation Cloud Run accepts on a job; ${SERVICE_ONLY_HINT} (see ${level === "job" ? "metadata" : "spec.template.metadata"} annotations in the v1 Job reference)`,
    };
  }
  return { kind: "refused", reason: `\`${key}\` is in a namespace reserved for Cloud Run: rename the annotation` };
}

/** What a label key means: a user key, a system stamp, or refused (reserved namespace). */
export function classifyLabel(key: string): KeyVerdict {
  if (SYSTEM_LABELS.has(key)) return { kind: "system" };
  if (isReservedKey(key)) {
    return { kind: "refused", reason: `\`${key}\` is in a namespace reserved for Cloud Run (the v2 API rejects it): rename the label` };
  }
  return { kind: "user" };
}
