// pulumi-gcp's `template` (v2 ExecutionTemplate) and `template.template` (v2 TaskTemplate) → the
// v1 execution template `spec.template`. The TaskTemplate fields v1 has no field for are spelled as
// execution-template annotations, as this package maps them (mapping/to-api.ts, annotations.ts;
// docs/cloud-run-facts.md §2.4): vpcAccess → `vpc-access-connector`/`vpc-access-egress`/
// `network-interfaces`, executionEnvironment, encryptionKey, Cloud SQL volumes →
// `cloudsql-instances`, `dependsOns` → `container-dependencies`, gpuZonalRedundancyDisabled.
import { ACCELERATOR_KEY, ANNOTATION } from "../annotations";
import { formatContainerDependencies, formatNetworkInterfaces } from "../annotation-rules";
import type { JobManifestInput } from "../public-types";
import { CLOUD_SQL_VOLUME } from "../mapping/to-api";
import { toV1Containers } from "./containers";
import type { GcpExecutionTemplate, GcpTaskTemplate } from "./schema";
import { note, refuse, setAnnotation, type StringMap, TASK_AT, type TaskSpecInput, type Trail } from "./trail";
import { userMap } from "./user-keys";
import { toV1Volumes } from "./volumes";

type ExecutionTemplateInput = JobManifestInput["spec"]["template"];

export function toV1ExecutionTemplate(template: GcpExecutionTemplate, t: Trail): ExecutionTemplateInput {
  const annotations: StringMap = userMap(template.annotations, "template.annotations", "template", t);
  const labels = userMap(template.labels, "template.labels", "label", t);
  const spec = toV1TaskSpec(template.template, annotations, t);
  return {
    ...(Object.keys(labels).length || Object.keys(annotations).length
      ? {
          metadata: {
            ...(Object.keys(labels).length ? { labels } : {}),
            ...(Object.keys(annotations).length ? { annotations } : {}),
          },
        }
      : {}),
    spec: {
      ...(template.parallelism !== undefined ? { parallelism: template.parallelism } : {}),
      ...(template.taskCount !== undefined ? { taskCount: template.taskCount } : {}),
      template: { spec },
    },
  };
}

function toV1TaskSpec(task: GcpTaskTemplate, annotations: StringMap, t: Trail): TaskSpecInput {
  const { volumes, cloudSql } = toV1Volumes(task.volumes ?? [], t);
  const { containers, dependencies, cloudSqlMounts } = toV1Containers(task.containers ?? [], cloudSql.names, t);
  if (cloudSql.at) {
    if (cloudSql.instances.length) {
      setAnnotation(t, "template", annotations, ANNOTATION.cloudSqlInstances, [...new Set(cloudSql.instances)].join(","), cloudSql.at);
    }
    noteCloudSql(cloudSql.names, cloudSqlMounts, containers.length, cloudSql.instances.length, t);
  }
  const deps = formatContainerDependencies(dependencies);
  if (deps) setAnnotation(t, "template", annotations, ANNOTATION.containerDependencies, deps, `${TASK_AT}.containers`);
  setTaskAnnotations(task, annotations, t);
  const timeout = task.timeout !== undefined ? timeoutSeconds(task.timeout, t) : undefined;
  return {
    containers,
    ...(volumes.length ? { volumes } : {}),
    ...(task.maxRetries !== undefined ? { maxRetries: task.maxRetries } : {}),
    ...(timeout !== undefined ? { timeoutSeconds: timeout } : {}),
    ...(task.serviceAccount !== undefined ? { serviceAccountName: task.serviceAccount } : {}),
    ...(task.nodeSelector ? { nodeSelector: { [ACCELERATOR_KEY]: task.nodeSelector.accelerator } } : {}),
  };
}

function setTaskAnnotations(task: GcpTaskTemplate, annotations: StringMap, t: Trail): void {
  const set = (key: string, value: string, source: string) => setAnnotation(t, "template", annotations, key, value, source);
  const environment = task.executionEnvironment;
  if (environment === "EXECUTION_ENVIRONMENT_GEN1") {
    // docs/cloud-run-facts.md §2.4 and §3.2: jobs run in gen2 only, and GEN1 is refused for a job.
    refuse(
      t,
      `${TASK_AT}.executionEnvironment`,
      "Cloud Run jobs always run in the second generation environment: use `EXECUTION_ENVIRONMENT_GEN2` or leave it out",
    );
  }
  if (environment === "EXECUTION_ENVIRONMENT_GEN2") set(ANNOTATION.executionEnvironment, "gen2", `${TASK_AT}.executionEnvironment`);
  if (task.encryptionKey !== undefined) set(ANNOTATION.encryptionKey, task.encryptionKey, `${TASK_AT}.encryptionKey`);
  const vpc = task.vpcAccess;
  if (vpc?.connector !== undefined) set(ANNOTATION.vpcConnector, vpc.connector, `${TASK_AT}.vpcAccess.connector`);
  // ALL_TRAFFIC ⇄ `all-traffic`, PRIVATE_RANGES_ONLY ⇄ `private-ranges-only` (mapping/to-api.ts).
  if (vpc?.egress === "ALL_TRAFFIC") set(ANNOTATION.vpcEgress, "all-traffic", `${TASK_AT}.vpcAccess.egress`);
  if (vpc?.egress === "PRIVATE_RANGES_ONLY") set(ANNOTATION.vpcEgress, "private-ranges-only", `${TASK_AT}.vpcAccess.egress`);
  if (vpc?.networkInterfaces?.length) {
    set(ANNOTATION.networkInterfaces, formatNetworkInterfaces(vpc.networkInterfaces), `${TASK_AT}.vpcAccess.networkInterfaces`);
  }
  if (task.gpuZonalRedundancyDisabled) {
    set(ANNOTATION.gpuZonalRedundancyDisabled, "true", `${TASK_AT}.gpuZonalRedundancyDisabled`);
  }
}

/** A v2 Duration ("3.5s", "600s") → v1's whole seconds ("600"). */
function timeoutSeconds(value: string, t: Trail): string | undefined {
  const match = /^\s*(\d+)(?:\.0*)?s?\s*$/.exec(value);
  if (!match) {
    refuse(t, `${TASK_AT}.timeout`, `\`${value}\` is not a whole number of seconds: v1's timeoutSeconds counts whole seconds, e.g. "600s"`);
    return undefined;
  }
  return String(Number(match[1]));
}

function noteCloudSql(names: Set<string>, mounts: Map<string, number>, containers: number, instances: number, t: Trail): void {
  const at = `${TASK_AT}.volumes`;
  if (!instances) {
    note(t, at, "a Cloud SQL volume lists no instances: left out, with its mounts (nothing to connect to)");
    return;
  }
  const renamed = [...names].some((n) => n !== CLOUD_SQL_VOLUME);
  const partial = names.size > 1 || [...names].some((n) => (mounts.get(n) ?? 0) < containers);
  if (renamed || partial) {
    note(
      t,
      at,
      `Cloud SQL volume(s) ${[...names].map((n) => `\`${n}\``).join(", ")} become the annotation \`${ANNOTATION.cloudSqlInstances}\`; v1 has no per-container choice, so the next update this package sends mounts the sockets at /cloudsql in every container, as the volume \`${CLOUD_SQL_VOLUME}\``,
    );
  }
}
