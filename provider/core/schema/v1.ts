// zod schemas of the Cloud Run Admin API v1 `namespaces.jobs` Job, one per schema of the `Job`
// tree of the Cloud Run Admin API v1 discovery document (rev 20260917; docs/architecture.md, facts: v1 Job schema). Every object is strict: an
// unknown key is refused. Fields are either mapped to the v2 API, accepted and ignored because
// they are output-only, or refused with the reason and what to use instead
// (docs/architecture.md, facts: v1 → v2 mapping and annotations). Cross-field rules live in ../validate/.
import { z } from "zod";
import { int32, ON_LIST, ON_STRING, onlyValue, outputOnly, quantitySchema, refused, shown, stringMapSchema } from "./helpers";
import { jobStatusSchema } from "./status";
import { volumeSchema } from "./volumes";

const NO_K8S = "Cloud Run has no such Kubernetes feature";

// Limits Cloud Run enforces on the v1 tree, each with its source: docs/cloud-run-facts.md §7.
/** §7: "Maximum number of tasks in a single job: 10,000" (Cloud Run quotas and limits). */
export const MAX_TASK_COUNT = 10_000;
/** §7: "a maximum of 1000 arguments per container for each job" (configuring/jobs/containers). */
export const MAX_ARGS = 1000;
/** §7: up to 10 containers (the ingress container and its sidecars) per instance. */
export const MAX_CONTAINERS = 10;
/** §7: EnvVar.name "Must not exceed 32768 characters" (v2 discovery, protos). */
export const MAX_ENV_NAME_LENGTH = 32_768;

/** The length of a list a length check refused (the check runs only on lists: ON_LIST). */
function shownLength(input: unknown): string {
  return Array.isArray(input) ? String(input.length) : shown(input);
}

// ── metadata ────────────────────────────────────────────────────────────────────────────────

/** OwnerReference: "This is not supported or used by Cloud Run." Kept so a stray key is named. */
export const ownerReferenceSchema = z.strictObject({
  apiVersion: z.string().optional(),
  blockOwnerDeletion: z.boolean().optional(),
  controller: z.boolean().optional(),
  kind: z.string().optional(),
  name: z.string().optional(),
  uid: z.string().optional(),
});

/** ObjectMeta, for the Job and for its execution template (`spec.template.metadata`). */
export const objectMetaSchema = z.strictObject({
  name: z.string().optional().meta({ description: "The job's name; left out, Pulumi names the job." }),
  namespace: z.string().optional().meta({ description: "The project id or number; used as `project` when that is not given." }),
  labels: stringMapSchema.optional(),
  annotations: stringMapSchema
    .optional()
    .meta({ description: "User annotations plus the `run.googleapis.com/*` keys Cloud Run accepts on jobs." }),
  generateName: refused("server-generated names are not available through the v2 API: leave `metadata.name` out and Pulumi names the job"),
  clusterName: refused(`${NO_K8S}: remove \`clusterName\``),
  deletionGracePeriodSeconds: refused(`${NO_K8S}: remove \`deletionGracePeriodSeconds\``),
  finalizers: refused(`${NO_K8S}: remove \`finalizers\``),
  ownerReferences: z
    .array(ownerReferenceSchema)
    .max(0, { error: `${NO_K8S}: remove \`ownerReferences\` and use Pulumi's \`parent\`/\`dependsOn\` options`, ...ON_LIST })
    .optional(),
  uid: outputOnly(z.string()),
  generation: outputOnly(z.number()),
  resourceVersion: outputOnly(z.string()),
  selfLink: outputOnly(z.string()),
  creationTimestamp: outputOnly(z.string()),
  deletionTimestamp: outputOnly(z.string()),
});

// ── containers ──────────────────────────────────────────────────────────────────────────────

export const localObjectReferenceSchema = z.strictObject({ name: z.string().optional() });

export const secretKeySelectorSchema = z.strictObject({
  name: z.string().optional().meta({
    description: "Secret Manager secret id, `projects/<p>/secrets/<s>`, or an alias from `run.googleapis.com/secrets`.",
  }),
  key: z.string().optional().meta({ description: "The secret version: `latest`, a number, or a version alias." }),
  // "This field should not be used directly … Use the name field instead": accepted as `name`.
  localObjectReference: localObjectReferenceSchema.optional(),
  optional: onlyValue(false, "Cloud Run always requires the secret to exist: remove `optional`"),
});

export const envVarSourceSchema = z.strictObject({
  secretKeyRef: secretKeySelectorSchema.optional(),
  configMapKeyRef: refused("Cloud Run has no ConfigMaps: store the value in Secret Manager and use `secretKeyRef`"),
});

export const envVarSchema = z.strictObject({
  name: z
    .string({ error: "is required: the variable's name" })
    .min(1, { error: "is required: the variable's name", ...ON_STRING })
    .max(MAX_ENV_NAME_LENGTH, {
      error: (issue) =>
        `must be at most ${MAX_ENV_NAME_LENGTH} characters (Cloud Run's limit on a variable's name), got ${String((issue.input as string).length)}: shorten it`,
      ...ON_STRING,
    }),
  value: z.string({ error: "must be a string: quote it in YAML" }).optional(),
  valueFrom: envVarSourceSchema.optional(),
});

export const resourceRequirementsSchema = z.strictObject({
  limits: z.record(z.string(), quantitySchema).optional().meta({ description: "Keys `cpu`, `memory` and `nvidia.com/gpu`." }),
  requests: refused("Cloud Run sizes instances by `limits` only: move cpu and memory to `resources.limits`"),
});

export const containerPortSchema = z.strictObject({
  containerPort: int32(1, 65535, "a TCP port").optional(),
  name: z.enum(["http1", "h2c"], { error: "must be `http1` or `h2c`" }).optional(),
  protocol: onlyValue("TCP", "Cloud Run only serves TCP ports: use `TCP` or leave `protocol` out"),
});

export const volumeMountSchema = z.strictObject({
  name: z.string({ error: "is required: the name of a volume in `volumes`" }),
  mountPath: z
    .string({ error: "is required: an absolute path in the container" })
    .min(1, { error: "is required: an absolute path in the container", ...ON_STRING })
    .refine((p) => !p.includes(":"), { error: "must not contain `:`" }),
  subPath: z.string().optional(),
  // "Not used by Cloud Run": accepted where the volume is read-only anyway, refused elsewhere (validate/manifest.ts).
  readOnly: z.boolean().optional().meta({ description: "Only where the volume is read-only anyway (secret, or `readOnly` csi/nfs)." }),
});

export const httpHeaderSchema = z.strictObject({
  name: z.string({ error: "is required: the header's name" }),
  value: z.string().optional(),
});

export const httpGetActionSchema = z.strictObject({
  path: z.string().optional(),
  port: int32(1, 65535, "a TCP port").optional(),
  httpHeaders: z.array(httpHeaderSchema).optional(),
  host: refused("Cloud Run probes always target the container itself: remove `host`"),
  scheme: refused("Cloud Run probes use plain HTTP to the container: remove `scheme`"),
});

export const tcpSocketActionSchema = z.strictObject({
  port: int32(1, 65535, "a TCP port").optional(),
  host: refused("Cloud Run probes always target the container itself: remove `host`"),
});

export const grpcActionSchema = z.strictObject({
  port: int32(1, 65535, "a TCP port").optional(),
  service: z.string().optional(),
});

export const probeSchema = z.strictObject({
  // §7: the Probe field descriptions of the v1 and v2 discovery documents.
  initialDelaySeconds: int32(0, 3600, "seconds; at most 240 for a startup probe").optional(),
  timeoutSeconds: int32(1, 3600, "seconds").optional(),
  periodSeconds: int32(1, 3600, "seconds; at most 240 for a startup probe").optional(),
  failureThreshold: int32(1, 2147483647, "consecutive failures").optional(),
  successThreshold: onlyValue(1, "Cloud Run requires 1 if set: remove `successThreshold`"),
  httpGet: httpGetActionSchema.optional(),
  tcpSocket: tcpSocketActionSchema.optional(),
  grpc: grpcActionSchema.optional(),
  exec: refused("Cloud Run cannot run commands as probes: use `httpGet`, `tcpSocket` or `grpc`"),
});

export const containerSchema = z.strictObject({
  name: z.string().optional(),
  image: z
    .string({ error: "is required: the container image, e.g. us-docker.pkg.dev/cloudrun/container/job" })
    .min(1, { error: "is required: the container image, e.g. us-docker.pkg.dev/cloudrun/container/job", ...ON_STRING }),
  command: z.array(z.string()).optional(),
  args: z
    .array(z.string())
    .max(MAX_ARGS, {
      error: (issue) =>
        `${shownLength(issue.input)} arguments is more than ${MAX_ARGS} (Cloud Run's limit per container): pass the rest in a file or an environment variable`,
      ...ON_LIST,
    })
    .optional(),
  env: z.array(envVarSchema).optional(),
  resources: resourceRequirementsSchema.optional(),
  ports: z
    .array(containerPortSchema)
    .max(1, { error: "only one port can be specified", ...ON_LIST })
    .optional(),
  volumeMounts: z.array(volumeMountSchema).optional(),
  workingDir: z.string().optional(),
  livenessProbe: probeSchema.optional(),
  readinessProbe: probeSchema.optional(),
  startupProbe: probeSchema.optional(),
  envFrom: refused("Cloud Run cannot import whole ConfigMaps or Secrets: list each variable in `env` with `valueFrom.secretKeyRef`"),
  imagePullPolicy: refused("Cloud Run resolves the image to a digest when the job is deployed: remove `imagePullPolicy`"),
  securityContext: refused("Cloud Run runs containers with the image's user: remove `securityContext` (set USER in the image)"),
  terminationMessagePath: refused("Cloud Run does not read termination messages: remove it and write to stdout/stderr (Cloud Logging)"),
  terminationMessagePolicy: refused("Cloud Run does not read termination messages: remove it and write to stdout/stderr (Cloud Logging)"),
  // In the v2 REST discovery document (rev 20260917) but not in the 4.2.0 protos (docs/architecture.md, facts: v2 messages).
  sandboxLauncher: onlyValue(false, "the v2 gRPC API of @google-cloud/run 4.2 has no `sandboxLauncher`: remove it"),
});

// ── volumes: ./volumes.ts ───────────────────────────────────────────────────────────────────
export * from "./volumes";

// ── specs ───────────────────────────────────────────────────────────────────────────────────

/** timeoutSeconds is a discovery `string (int64)`; YAML written by hand often has a number. */
export const timeoutSecondsSchema = z.union([z.string(), z.number()], {
  error: 'must be a number of seconds, e.g. "600"',
});

export const taskSpecSchema = z.strictObject({
  containers: z
    .array(containerSchema, { error: "is required: a list with at least one container" })
    .min(1, { error: "needs at least one container", ...ON_LIST })
    .max(MAX_CONTAINERS, {
      error: (issue) =>
        `${shownLength(issue.input)} containers is more than ${MAX_CONTAINERS} (Cloud Run's limit per task, sidecars included): merge some`,
      ...ON_LIST,
    }),
  volumes: z.array(volumeSchema).optional(),
  maxRetries: int32(0, 10, "Cloud Run's limit on retries per task").optional(),
  timeoutSeconds: timeoutSecondsSchema.optional(),
  serviceAccountName: z.string().optional(),
  nodeSelector: stringMapSchema.optional().meta({ description: "Only `run.googleapis.com/accelerator` (the GPU type)." }),
});

export const taskTemplateSpecSchema = z.strictObject({
  spec: taskSpecSchema,
});

export const executionSpecSchema = z.strictObject({
  // Parallelism is at most taskCount (validate/manifest.ts), so at most MAX_TASK_COUNT too.
  parallelism: int32(0, MAX_TASK_COUNT, "tasks at a time, at most taskCount; 0 means as many as possible").optional(),
  taskCount: int32(1, MAX_TASK_COUNT, "Cloud Run's limit on tasks per execution").optional(),
  template: taskTemplateSpecSchema,
  // In the v2 REST discovery document (rev 20260917) but not in the 4.2.0 protos (docs/architecture.md, facts: v2 messages).
  delayExecution: onlyValue(false, "the v2 gRPC API of @google-cloud/run 4.2 cannot delay executions: remove `delayExecution`"),
});

export const executionTemplateSpecSchema = z.strictObject({
  metadata: objectMetaSchema.optional(),
  spec: executionSpecSchema,
});

export const jobSpecSchema = z.strictObject({
  template: executionTemplateSpecSchema,
  startExecutionToken: z
    .string()
    .optional()
    .meta({ description: "Changing it runs the job once the deploy has started it (execution `<name>-<token>`)." }),
  runExecutionToken: z
    .string()
    .optional()
    .meta({ description: "Changing it runs the job and waits for it to complete (execution `<name>-<token>`)." }),
});

/** The resource's inputs: the v1 Job plus `project` and `region`. */
export const jobArgsSchema = z.strictObject({
  project: z.string().optional().meta({ description: "Project id or number; default `metadata.namespace`, then `gcp:project`." }),
  region: z
    .string()
    .optional()
    .meta({ description: "Cloud Run region; default the label `cloud.googleapis.com/location`, then `gcp:region`." }),
  apiVersion: z.literal("run.googleapis.com/v1", { error: "must be `run.googleapis.com/v1`" }).optional(),
  kind: z.literal("Job", { error: "must be `Job`" }).optional(),
  metadata: objectMetaSchema.optional(),
  spec: jobSpecSchema,
  status: outputOnly(jobStatusSchema),
});

export type JobManifestInput = z.input<typeof jobArgsSchema>;
export type JobManifest = z.output<typeof jobArgsSchema>;
export type ObjectMeta = z.output<typeof objectMetaSchema>;
export type TaskSpecManifest = z.output<typeof taskSpecSchema>;
export type ContainerManifest = z.output<typeof containerSchema>;
export type EnvVarManifest = z.output<typeof envVarSchema>;
export type ProbeManifest = z.output<typeof probeSchema>;
export type VolumeManifest = z.output<typeof volumeSchema>;
export type VolumeMountManifest = z.output<typeof volumeMountSchema>;
