// zod schemas of a `gcp.cloudrunv2.Job`'s arguments as `@pulumi/gcp` spells them (camelCase,
// nested blocks as objects, repeated blocks as lists: `envs`, `commands`, `dependsOns`), plus the
// computed properties its state carries, so that a resource of `pulumi stack export` is read as
// it is. Every object is strict: a key pulumi-gcp does not document is refused by name.
// Sources: the Terraform google provider's `google_cloud_run_v2_job` reference
// (https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/cloud_run_v2_job,
// website/docs/r/cloud_run_v2_job.html.markdown in hashicorp/terraform-provider-google), which
// pulumi-gcp's `cloudrunv2.Job` is generated from, and the Pulumi registry's API docs
// (https://www.pulumi.com/registry/packages/gcp/api-docs/cloudrunv2/job/) for the camelCase names.
// Checked key by key against @pulumi/gcp 9.37.0's own declarations (cloudrunv2/job.d.ts JobArgs,
// types/input.d.ts cloudrunv2.JobTemplate…): the same keys at every level, plus `livenessProbe`
// and `sandboxLauncher`, which older versions had.
import { z } from "zod";

const str = z.string({ error: "must be a string" });
const num = z.number({ error: "must be a number" });
const bool = z.boolean({ error: "must be true or false" });
const strings = z.array(str, { error: "must be a list of strings" });
const stringMap = z.record(z.string(), str, { error: "must be a map of strings" });

export const gcpProbeSchema = z.strictObject({
  initialDelaySeconds: num.optional(),
  timeoutSeconds: num.optional(),
  periodSeconds: num.optional(),
  failureThreshold: num.optional(),
  httpGet: z
    .strictObject({
      path: str.optional(),
      port: num.optional(),
      httpHeaders: z.array(z.strictObject({ name: str, value: str.optional() })).optional(),
    })
    .optional(),
  tcpSocket: z.strictObject({ port: num.optional() }).optional(),
  grpc: z.strictObject({ port: num.optional(), service: str.optional() }).optional(),
});

export const gcpEnvSchema = z.strictObject({
  name: str,
  value: str.optional(),
  valueSource: z
    .strictObject({
      secretKeyRef: z.strictObject({ secret: str, version: str.optional() }).optional(),
    })
    .optional(),
});

export const gcpContainerSchema = z.strictObject({
  name: str.optional(),
  image: str,
  commands: strings.optional(),
  args: strings.optional(),
  envs: z.array(gcpEnvSchema).optional(),
  resources: z.strictObject({ limits: stringMap.optional() }).optional(),
  ports: z.array(z.strictObject({ name: str.optional(), containerPort: num.optional() })).optional(),
  volumeMounts: z.array(z.strictObject({ name: str, mountPath: str.optional(), subPath: str.optional() })).optional(),
  workingDir: str.optional(),
  dependsOns: strings.optional(),
  startupProbe: gcpProbeSchema.optional(),
  // Deprecated for jobs in the Terraform provider 4.51.0 ("not supported by the API") and removed
  // in 5.0; older pulumi-gcp programs and states still carry it.
  livenessProbe: gcpProbeSchema.optional(),
  sandboxLauncher: bool.optional(),
});

export const gcpVolumeSchema = z.strictObject({
  name: str,
  secret: z
    .strictObject({
      secret: str,
      defaultMode: num.optional(),
      items: z.array(z.strictObject({ path: str, version: str.optional(), mode: num.optional() })).optional(),
    })
    .optional(),
  cloudSqlInstance: z.strictObject({ instances: strings.optional() }).optional(),
  emptyDir: z
    .strictObject({
      // "Possible values are: MEMORY" (the one medium Cloud Run has).
      medium: z.enum(["MEMORY"], { error: "must be `MEMORY`: Cloud Run keeps emptyDir volumes in memory" }).optional(),
      sizeLimit: str.optional(),
    })
    .optional(),
  gcs: z.strictObject({ bucket: str, readOnly: bool.optional(), mountOptions: strings.optional() }).optional(),
  nfs: z.strictObject({ server: str, path: str.optional(), readOnly: bool.optional() }).optional(),
});

export const gcpTaskTemplateSchema = z.strictObject({
  containers: z.array(gcpContainerSchema).optional(),
  volumes: z.array(gcpVolumeSchema).optional(),
  timeout: str.optional(),
  serviceAccount: str.optional(),
  executionEnvironment: z
    .enum(["EXECUTION_ENVIRONMENT_GEN1", "EXECUTION_ENVIRONMENT_GEN2", "EXECUTION_ENVIRONMENT_UNSPECIFIED"], {
      error: "must be `EXECUTION_ENVIRONMENT_GEN1` or `EXECUTION_ENVIRONMENT_GEN2`",
    })
    .optional(),
  encryptionKey: str.optional(),
  vpcAccess: z
    .strictObject({
      connector: str.optional(),
      egress: z
        .enum(["ALL_TRAFFIC", "PRIVATE_RANGES_ONLY", "VPC_EGRESS_UNSPECIFIED"], { error: "must be `ALL_TRAFFIC` or `PRIVATE_RANGES_ONLY`" })
        .optional(),
      networkInterfaces: z
        .array(z.strictObject({ network: str.optional(), subnetwork: str.optional(), tags: strings.optional() }))
        .optional(),
    })
    .optional(),
  maxRetries: num.optional(),
  nodeSelector: z.strictObject({ accelerator: str }).optional(),
  gpuZonalRedundancyDisabled: bool.optional(),
});

export const gcpExecutionTemplateSchema = z.strictObject({
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
  parallelism: num.optional(),
  taskCount: num.optional(),
  template: gcpTaskTemplateSchema,
});

/** `gcp.cloudrunv2.Job` arguments, or the inputs or outputs of one in a stack's state without its computed properties. */
export const gcpJobSchema = z.strictObject({
  name: str.optional(),
  location: str.optional(),
  project: str.optional(),
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
  client: str.optional(),
  clientVersion: str.optional(),
  launchStage: str.optional(),
  binaryAuthorization: z
    .strictObject({ useDefault: bool.optional(), policy: str.optional(), breakglassJustification: str.optional() })
    .optional(),
  startExecutionToken: str.optional(),
  runExecutionToken: str.optional(),
  deletionProtection: bool.optional(),
  // In @pulumi/gcp 9.x (types/input.d.ts and cloudrunv2/job.d.ts of 9.37.0, read for this): the
  // provider's delete behaviour, and Resource Manager tags bound to the job.
  deletionPolicy: z.enum(["DELETE", "PREVENT", "ABANDON"], { error: "must be DELETE, PREVENT or ABANDON" }).optional(),
  tags: stringMap.optional(),
  template: gcpExecutionTemplateSchema,
});

export type GcpJob = z.output<typeof gcpJobSchema>;
export type GcpExecutionTemplate = z.output<typeof gcpExecutionTemplateSchema>;
export type GcpTaskTemplate = z.output<typeof gcpTaskTemplateSchema>;
export type GcpContainer = z.output<typeof gcpContainerSchema>;
export type GcpEnv = z.output<typeof gcpEnvSchema>;
export type GcpProbe = z.output<typeof gcpProbeSchema>;
export type GcpVolume = z.output<typeof gcpVolumeSchema>;

/** The labels pulumi-gcp's state holds besides the user's: all of them, provider defaults included. */
export const COMPUTED_LABEL_SETS = ["effectiveLabels", "pulumiLabels", "terraformLabels"] as const;

/**
 * Properties pulumi-gcp computes (the reference's "Attributes Reference", and the Pulumi names of
 * its lists: `terminalConditions`, `latestCreatedExecutions`): in a stack's state, never sent by a
 * program. Accepted and left out.
 */
export const COMPUTED_KEYS: ReadonlySet<string> = new Set([
  ...COMPUTED_LABEL_SETS,
  "id",
  "urn",
  "uid",
  "etag",
  "generation",
  "observedGeneration",
  "reconciling",
  "conditions",
  "terminalCondition",
  "terminalConditions",
  "latestCreatedExecution",
  "latestCreatedExecutions",
  "executionCount",
  "createTime",
  "updateTime",
  "deleteTime",
  "expireTime",
  "creator",
  "lastModifier",
  "effectiveAnnotations",
]);
