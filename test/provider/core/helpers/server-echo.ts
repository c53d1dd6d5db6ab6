// What Cloud Run gives back for a job it accepted: the body we sent, plus the defaults the server
// fills in (docs/cloud-run-facts.md §3.3) and the output-only
// fields (§3.4). With `zeroValues`, unset scalars come back as proto3 zero values the way gax
// decodes with `defaults: true` ("" / 0 / [] / {}), and enums as numbers.
import type { ApiJob } from "../../../../provider/core/api";

export const PROJECT_NUMBER = "123456789012";

export function serverEcho(sent: ApiJob, options: { zeroValues?: boolean; name?: string } = {}): ApiJob {
  const job = structuredClone(sent);
  job.name = options.name ?? "projects/my-project/locations/us-central1/jobs/my-job";
  job.uid = "0b5e2d39-6b8f-4c8d-9e47-4f6b9d9d8d11";
  job.generation = "1";
  job.observedGeneration = "1";
  job.createTime = { seconds: "1795000000", nanos: 0 };
  job.updateTime = { seconds: "1795000000", nanos: 0 };
  job.creator = "someone@example.com";
  job.lastModifier = "someone@example.com";
  job.client = "gcloud";
  job.clientVersion = "502.0.0";
  job.etag = '"abc"';
  job.reconciling = false;
  job.executionCount = 0;
  job.terminalCondition = { type: "Ready", state: "CONDITION_SUCCEEDED" };
  job.launchStage ??= "GA";
  const template = (job.template ??= {});
  template.taskCount ??= 1;
  const task = (template.template ??= {});
  task.maxRetries ??= 3;
  task.timeout ??= { seconds: "600", nanos: 0 };
  task.serviceAccount ??= `${PROJECT_NUMBER}-compute@developer.gserviceaccount.com`;
  task.executionEnvironment ??= "EXECUTION_ENVIRONMENT_GEN2";
  if (task.vpcAccess) task.vpcAccess.egress ??= "PRIVATE_RANGES_ONLY";
  for (const volume of task.volumes ?? []) {
    if (volume.secret) volume.secret.defaultMode ??= 0o444;
    if (volume.emptyDir) volume.emptyDir.medium ??= "MEMORY";
  }
  for (const container of task.containers ?? []) {
    const limits = ((container.resources ??= {}).limits ??= {});
    limits.cpu ??= "1000m";
    limits.memory ??= "512Mi";
    const port = container.ports?.[0]?.containerPort ?? 8080;
    for (const probe of [container.livenessProbe, container.readinessProbe, container.startupProbe]) {
      if (!probe) continue;
      probe.initialDelaySeconds ??= 0;
      probe.timeoutSeconds ??= 1;
      probe.periodSeconds ??= 10;
      probe.failureThreshold ??= 3;
      if (probe.httpGet) {
        probe.httpGet.path ??= "/";
        probe.httpGet.port ??= port;
      }
      if (probe.tcpSocket) probe.tcpSocket.port ??= port;
      if (probe.grpc) probe.grpc.port ??= port;
    }
  }
  return options.zeroValues ? withZeroValues(job) : job;
}

const ENUMS: Record<string, Record<string, number>> = {
  launchStage: { LAUNCH_STAGE_UNSPECIFIED: 0, EARLY_ACCESS: 1, ALPHA: 2, BETA: 3, GA: 4 },
  executionEnvironment: { EXECUTION_ENVIRONMENT_UNSPECIFIED: 0, EXECUTION_ENVIRONMENT_GEN1: 1, EXECUTION_ENVIRONMENT_GEN2: 2 },
  egress: { VPC_EGRESS_UNSPECIFIED: 0, ALL_TRAFFIC: 1, PRIVATE_RANGES_ONLY: 2 },
  medium: { MEDIUM_UNSPECIFIED: 0, MEMORY: 1 },
};

/** Adds proto3 zero values for unset scalars of the messages we read, and numeric enums. */
function withZeroValues(job: ApiJob): ApiJob {
  const fill = (o: Record<string, unknown>, zeros: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(zeros)) if (o[k] === undefined) o[k] = v;
    for (const [k, table] of Object.entries(ENUMS))
      if (typeof o[k] === "string" && table[o[k] as string] !== undefined) o[k] = table[o[k] as string];
  };
  fill(job as Record<string, unknown>, { labels: {}, annotations: {} });
  const template = job.template as Record<string, unknown>;
  fill(template, { labels: {}, annotations: {}, parallelism: 0 });
  const task = job.template?.template as Record<string, unknown>;
  fill(task, { volumes: [], encryptionKey: "" });
  if (task.vpcAccess) fill(task.vpcAccess as Record<string, unknown>, { connector: "", networkInterfaces: [] });
  for (const v of job.template?.template?.volumes ?? []) {
    if (v.emptyDir) fill(v.emptyDir as Record<string, unknown>, { sizeLimit: "" });
  }
  for (const c of job.template?.template?.containers ?? []) {
    fill(c as Record<string, unknown>, {
      name: "",
      command: [],
      args: [],
      env: [],
      ports: [],
      volumeMounts: [],
      workingDir: "",
      dependsOn: [],
      baseImageUri: "",
    });
    for (const e of c.env ?? []) if (e.valueSource) fill(e as Record<string, unknown>, {});
  }
  return job;
}
