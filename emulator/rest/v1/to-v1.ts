// A stored v2 Job or Execution (proto3 JSON) as the v1 (Knative) object Cloud Run's v1 API
// returns: metadata with the region label and system annotations, the spec, and a v1 status
// (JobStatus: observedGeneration, conditions, executionCount, latestCreatedExecution). Inverse
// of to-v2.ts; rules inferred rather than documented are marked [I].
import { CLOUDSQL_VOLUME, GCS_DRIVER, LOCATION_LABEL } from "./to-v2";

type Obj = Record<string, unknown>;
type List = Obj[];

const obj = (v: unknown): Obj => (v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): List => (Array.isArray(v) ? (v as List) : []);
const defined = (o: Obj): Obj => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
const nonEmpty = (o: Obj): Obj | undefined => (Object.keys(o).length ? o : undefined);
const num = (v: unknown): number | undefined => (v === undefined ? undefined : Number(v));
const seconds = (duration: unknown): string | undefined =>
  typeof duration === "string" ? String(Math.round(Number(duration.replace(/s$/, "")))) : undefined;
const shortId = (name: unknown) =>
  String(name ?? "")
    .split("/")
    .pop()!;

export const API_VERSION = "run.googleapis.com/v1";

/** `projects/{p}/locations/{l}/jobs/{j}[/executions/{e}]` → its parts. */
export function partsOf(name: string): { project: string; location: string; job: string; execution?: string } {
  const p = name.split("/");
  return { project: p[1]!, location: p[3]!, job: p[5]!, ...(p[7] ? { execution: p[7] } : {}) };
}

const STATUS: Record<string, string> = { CONDITION_SUCCEEDED: "True", CONDITION_FAILED: "False" };
const SEVERITY: Record<string, string> = { ERROR: "Error", WARNING: "Warning", INFO: "Info" };
/** `NON_ZERO_EXIT_CODE` → `NonZeroExitCode` ([I]: v1 reasons are the v2 enum names in CamelCase). */
const camel = (s: string) => s.toLowerCase().replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());

export function conditionToV1(c: Obj): Obj {
  const reason = (c.reason ?? c.executionReason ?? c.revisionReason) as string | undefined;
  return defined({
    type: c.type,
    status: STATUS[String(c.state)] ?? "Unknown",
    reason: reason && !reason.endsWith("_UNDEFINED") ? camel(reason) : undefined,
    message: c.message,
    lastTransitionTime: c.lastTransitionTime,
    severity: c.severity ? SEVERITY[String(c.severity)] : undefined,
  });
}

/** How a v1 answer names what the v2 resource does not say: the namespace (the project number). */
export interface V1View {
  /** `metadata.namespace` and the selfLink's: Cloud Run answers the project number (default: the name's project). */
  namespace?: string;
  /** The execution template's system annotations a v1 write set and v2 has no field for (client name, version). */
  templateAnnotations?: Record<string, string>;
}

export const LAST_UPDATED_LABEL = "run.googleapis.com/lastUpdatedTime";

function metadataOf(kind: "jobs" | "executions" | "tasks", resource: Obj, labels: Obj, annotations: Obj, view: V1View): Obj {
  const { project, location } = partsOf(String(resource.name));
  const namespace = view.namespace ?? project;
  const id = shortId(resource.name);
  return defined({
    name: id,
    namespace,
    selfLink: `/apis/${API_VERSION}/namespaces/${namespace}/${kind}/${id}`,
    uid: resource.uid,
    // The v2 etag without its quotes stands in for the Kubernetes resourceVersion ([I]: both
    // are opaque; Cloud Run's values are not interchangeable).
    resourceVersion: typeof resource.etag === "string" ? resource.etag.replace(/^W\/|"/g, "") : undefined,
    generation: num(resource.generation),
    creationTimestamp: resource.createTime,
    deletionTimestamp: resource.deleteTime,
    labels: { ...labels, [LOCATION_LABEL]: location },
    annotations: nonEmpty(
      defined({ ...annotations, "run.googleapis.com/creator": resource.creator, "run.googleapis.com/lastModifier": resource.lastModifier }),
    ),
  });
}

function envToV1(env: unknown): List | undefined {
  if (!Array.isArray(env)) return undefined;
  return list(env).map((e) => {
    const ref = obj(obj(e.valueSource).secretKeyRef);
    return e.valueSource
      ? { name: e.name, valueFrom: { secretKeyRef: defined({ name: ref.secret, key: ref.version }) } }
      : defined({ name: e.name, value: e.value });
  });
}

function probe(p: unknown): Obj | undefined {
  if (!p) return undefined;
  const v = obj(p);
  return defined({
    initialDelaySeconds: v.initialDelaySeconds,
    timeoutSeconds: v.timeoutSeconds,
    periodSeconds: v.periodSeconds,
    failureThreshold: v.failureThreshold,
    httpGet: v.httpGet,
    tcpSocket: v.tcpSocket,
    grpc: v.grpc,
  });
}

function container(c: Obj): Obj {
  const mounts = list(c.volumeMounts)
    .filter((m) => m.name !== CLOUDSQL_VOLUME)
    .map((m) => defined({ name: m.name, mountPath: m.mountPath, subPath: m.subPath }));
  return defined({
    name: c.name,
    image: c.image,
    command: c.command,
    args: c.args,
    workingDir: c.workingDir,
    env: envToV1(c.env),
    resources: c.resources ? defined({ limits: obj(c.resources).limits }) : undefined,
    ports: Array.isArray(c.ports) ? list(c.ports).map((p) => defined({ name: p.name, containerPort: p.containerPort })) : undefined,
    volumeMounts: mounts.length ? mounts : undefined,
    livenessProbe: probe(c.livenessProbe),
    startupProbe: probe(c.startupProbe),
  });
}

function volume(v: Obj): Obj | undefined {
  if (v.cloudSqlInstance) return undefined;
  if (v.secret) {
    const s = obj(v.secret);
    return {
      name: v.name,
      secret: defined({
        secretName: s.secret,
        defaultMode: s.defaultMode,
        items: Array.isArray(s.items) ? list(s.items).map((i) => defined({ key: i.version, path: i.path, mode: i.mode })) : undefined,
      }),
    };
  }
  if (v.emptyDir) {
    const e = obj(v.emptyDir);
    return { name: v.name, emptyDir: defined({ medium: e.medium === "MEMORY" ? "Memory" : undefined, sizeLimit: e.sizeLimit }) };
  }
  if (v.nfs) return { name: v.name, nfs: v.nfs };
  if (v.gcs) {
    const g = obj(v.gcs);
    const options = Array.isArray(g.mountOptions) ? (g.mountOptions as string[]).join(",") : undefined;
    return {
      name: v.name,
      csi: defined({
        driver: GCS_DRIVER,
        readOnly: g.readOnly,
        volumeAttributes: defined({ bucketName: g.bucket, mountOptions: options }),
      }),
    };
  }
  return { name: v.name };
}

const EGRESS: Record<string, string> = { ALL_TRAFFIC: "all-traffic", PRIVATE_RANGES_ONLY: "private-ranges-only" };
const ENVIRONMENT: Record<string, string> = { EXECUTION_ENVIRONMENT_GEN1: "gen1", EXECUTION_ENVIRONMENT_GEN2: "gen2" };

/** The template's system annotations, from the v2 fields that replaced them. */
function templateAnnotations(template: Obj, task: Obj): Obj {
  const vpc = obj(task.vpcAccess);
  const cloudSql = list(task.volumes).find((v) => v.cloudSqlInstance);
  const dependsOn = Object.fromEntries(
    list(task.containers)
      .filter((c) => Array.isArray(c.dependsOn) && (c.dependsOn as unknown[]).length)
      .map((c) => [c.name, c.dependsOn]),
  );
  return defined({
    ...obj(template.annotations),
    "run.googleapis.com/execution-environment": task.executionEnvironment ? ENVIRONMENT[String(task.executionEnvironment)] : undefined,
    "run.googleapis.com/encryption-key": task.encryptionKey,
    "run.googleapis.com/vpc-access-connector": vpc.connector,
    "run.googleapis.com/vpc-access-egress": vpc.egress ? EGRESS[String(vpc.egress)] : undefined,
    "run.googleapis.com/network-interfaces": Array.isArray(vpc.networkInterfaces) ? JSON.stringify(vpc.networkInterfaces) : undefined,
    "run.googleapis.com/cloudsql-instances": cloudSql
      ? (obj(cloudSql.cloudSqlInstance).instances as string[] | undefined)?.join(",")
      : undefined,
    "run.googleapis.com/container-dependencies": Object.keys(dependsOn).length ? JSON.stringify(dependsOn) : undefined,
  });
}

function taskSpec(task: Obj): Obj {
  const volumes = list(task.volumes)
    .map(volume)
    .filter((v): v is Obj => !!v);
  return defined({
    containers: list(task.containers).map(container),
    volumes: volumes.length ? volumes : undefined,
    maxRetries: task.maxRetries,
    timeoutSeconds: seconds(task.timeout),
    serviceAccountName: task.serviceAccount,
    nodeSelector: obj(task.nodeSelector).accelerator ? { "run.googleapis.com/accelerator": obj(task.nodeSelector).accelerator } : undefined,
  });
}

function executionReference(e: unknown): Obj | undefined {
  if (!e) return undefined;
  const r = obj(e);
  return defined({
    name: r.name,
    creationTimestamp: r.createTime,
    completionTimestamp: r.completionTime,
    deletionTimestamp: r.deleteTime,
    completionStatus: r.completionStatus,
  });
}

/** The v1 JobStatus of a v2 Job: the seed's four fields, nothing else. */
export function jobStatusToV1(job: Obj): Obj {
  const conditions = [...(job.terminalCondition ? [obj(job.terminalCondition)] : []), ...list(job.conditions)].map(conditionToV1);
  return defined({
    observedGeneration: num(job.observedGeneration),
    conditions,
    executionCount: num(job.executionCount) ?? 0,
    latestCreatedExecution: executionReference(job.latestCreatedExecution),
  });
}

export function jobToV1(job: Obj, view: V1View = {}): Obj {
  const template = obj(job.template);
  const task = obj(template.template);
  const binary = obj(job.binaryAuthorization);
  const launchStage = job.launchStage && job.launchStage !== "GA" ? job.launchStage : undefined;
  const annotations = defined({
    ...obj(job.annotations),
    "run.googleapis.com/client-name": job.client,
    "run.googleapis.com/client-version": job.clientVersion,
    "run.googleapis.com/launch-stage": launchStage,
    "run.googleapis.com/binary-authorization": binary.useDefault ? "default" : binary.policy,
    "run.googleapis.com/binary-authorization-breakglass": binary.breakglassJustification,
  });
  return {
    apiVersion: API_VERSION,
    kind: "Job",
    // gcloud prints "Last updated on {label}" (api_lib/run/job.py last_modified_timestamp); the
    // value is the job's update time, RFC 3339 ([I] format).
    metadata: metadataOf("jobs", job, { ...obj(job.labels), [LAST_UPDATED_LABEL]: job.updateTime }, annotations, view),
    spec: defined({
      startExecutionToken: job.startExecutionToken,
      runExecutionToken: job.runExecutionToken,
      template: {
        metadata: defined({
          labels: nonEmpty(obj(template.labels)),
          annotations: nonEmpty({ ...(view.templateAnnotations ?? {}), ...templateAnnotations(template, task) }),
        }),
        spec: defined({ parallelism: template.parallelism, taskCount: template.taskCount, template: { spec: taskSpec(task) } }),
      },
    }),
    status: jobStatusToV1(job),
  };
}

export function executionToV1(execution: Obj, view: V1View = {}): Obj {
  const { job } = partsOf(String(execution.name));
  const task = obj(obj(execution.template));
  // An execution carries its template's annotations, the system ones derived from the task
  // template included (Cloud SQL, VPC, …: gcloud's execution describe prints them from here).
  const annotations = templateAnnotations({ annotations: execution.annotations }, task);
  return {
    apiVersion: API_VERSION,
    kind: "Execution",
    metadata: {
      ...metadataOf("executions", execution, { ...obj(execution.labels), "run.googleapis.com/job": job }, annotations, view),
      // gcloud finds an execution's job through this owner reference and the label above ([I] values).
      ownerReferences: [{ apiVersion: API_VERSION, kind: "Job", name: job, controller: true, blockOwnerDeletion: true }],
    },
    spec: defined({ parallelism: execution.parallelism, taskCount: execution.taskCount, template: { spec: taskSpec(task) } }),
    status: defined({
      observedGeneration: num(execution.generation),
      conditions: list(execution.conditions).map(conditionToV1),
      startTime: execution.startTime,
      completionTime: execution.completionTime,
      runningCount: execution.runningCount,
      succeededCount: execution.succeededCount,
      failedCount: execution.failedCount,
      cancelledCount: execution.cancelledCount,
      retriedCount: execution.retriedCount,
      logUri: execution.logUri,
    }),
  };
}

/** A task's `run.googleapis.com/runningState` label (gcloud task.py STATE_LABEL; values per its ReadySymbolAndColor). */
export function runningStateOf(task: Obj): string {
  const conditions = list(task.conditions);
  const completed = conditions.find((c) => c.type === "Completed");
  if (completed?.state === "CONDITION_SUCCEEDED") return "Succeeded";
  if (completed?.state === "CONDITION_FAILED") return completed.executionReason === "CANCELLED" ? "Cancelled" : "Failed";
  const started = conditions.find((c) => c.type === "Started");
  return started?.state === "CONDITION_SUCCEEDED" ? "Running" : "Pending";
}

/** A v2 Task as v1's (run-v1-discovery.json `Task`: TaskSpec, TaskStatus); labels name its job and execution ([I] label set). */
export function taskToV1(task: Obj, view: V1View = {}): Obj {
  const { job, execution } = partsOf(String(task.name));
  const attempt = task.lastAttemptResult ? obj(task.lastAttemptResult) : undefined;
  const status = attempt?.status ? obj(attempt.status) : undefined;
  const labels = {
    ...obj(task.labels),
    "run.googleapis.com/job": job,
    "run.googleapis.com/execution": execution,
    "run.googleapis.com/runningState": runningStateOf(task),
    "run.googleapis.com/taskIndex": String(num(task.index) ?? 0),
  };
  return {
    apiVersion: API_VERSION,
    kind: "Task",
    metadata: {
      ...metadataOf("tasks", task, labels, templateAnnotations({ annotations: task.annotations }, task), view),
      ownerReferences: [{ apiVersion: API_VERSION, kind: "Execution", name: execution, controller: true, blockOwnerDeletion: true }],
    },
    spec: taskSpec(task),
    status: defined({
      observedGeneration: num(task.observedGeneration),
      conditions: list(task.conditions).map(conditionToV1),
      index: num(task.index) ?? 0,
      retried: num(task.retried),
      startTime: task.startTime,
      completionTime: task.completionTime,
      lastAttemptResult: attempt
        ? defined({
            exitCode: num(attempt.exitCode),
            termSignal: num(attempt.termSignal),
            status: status ? defined({ code: num(status.code), message: status.message }) : undefined,
          })
        : undefined,
      logUri: task.logUri,
    }),
  };
}
