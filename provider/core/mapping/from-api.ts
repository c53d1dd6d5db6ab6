// v2 Job (as Cloud Run returns it) → the canonical v1 manifest parts that describe it. Output-only
// fields, server defaults and system labels/annotations are left out, so that reading back a job
// we applied yields what check produced for it.
// Tokens are NOT returned: the server echoes a token only until anything else runs the job
// (docs/architecture.md, facts: executions), so the provider keeps the last applied token itself.
// Enums may arrive as names (gax decodes with `enums: String`) or as numbers; scalars may carry
// proto3 zero values ("" / 0 / []) that mean "unset".
import type { protos } from "@google-cloud/run";
import { ANNOTATION, ACCELERATOR_KEY, classifyAnnotation, classifyLabel, type Level } from "../annotations";
import { canonicalizeJobManifest } from "../canonical";
import type { ContainerManifest, JobManifest, ObjectMeta, ProbeManifest, VolumeManifest } from "../schema/v1";
import { formatContainerDependencies, formatNetworkInterfaces } from "../annotation-rules";
import type { ApiJob } from "../api";
import { CLOUD_SQL_VOLUME } from "./to-api";

type ApiTaskTemplate = protos.google.cloud.run.v2.ITaskTemplate;
type ApiContainer = protos.google.cloud.run.v2.IContainer;
type ApiVolume = protos.google.cloud.run.v2.IVolume;
type ApiProbe = protos.google.cloud.run.v2.IProbe;
type StringMap = Record<string, string>;

/** The v1 parts of a live v2 job: labels/annotations and spec, canonical, without tokens. */
export interface ApiJobManifest {
  metadata: Pick<ObjectMeta, "labels" | "annotations">;
  spec: JobManifest["spec"];
}

const LAUNCH_STAGE_BY_NUMBER: Readonly<Record<number, string>> = {
  0: "LAUNCH_STAGE_UNSPECIFIED",
  1: "EARLY_ACCESS",
  2: "ALPHA",
  3: "BETA",
  4: "GA",
  5: "DEPRECATED",
  6: "UNIMPLEMENTED",
  7: "PRELAUNCH",
};
const EGRESS_BY_NUMBER: Readonly<Record<number, string>> = { 0: "VPC_EGRESS_UNSPECIFIED", 1: "ALL_TRAFFIC", 2: "PRIVATE_RANGES_ONLY" };
const ENVIRONMENT_BY_NUMBER: Readonly<Record<number, string>> = {
  0: "EXECUTION_ENVIRONMENT_UNSPECIFIED",
  1: "EXECUTION_ENVIRONMENT_GEN1",
  2: "EXECUTION_ENVIRONMENT_GEN2",
};

function enumName(value: unknown, byNumber: Readonly<Record<number, string>>): string | undefined {
  if (typeof value === "number") return byNumber[value];
  return typeof value === "string" ? value : undefined;
}

const str = (v: string | null | undefined): string | undefined => (v ? v : undefined);
const num = (v: number | null | undefined): number | undefined => (v ? v : undefined);
const list = <T>(v: T[] | null | undefined): T[] | undefined => (v?.length ? v : undefined);

export function fromApiJob(job: ApiJob): ApiJobManifest {
  const raw = v1FromApiJob(job);
  const canonical = canonicalizeJobManifest(raw);
  const { labels, annotations } = canonical.metadata ?? {};
  return {
    metadata: { ...(labels ? { labels } : {}), ...(annotations ? { annotations } : {}) },
    spec: canonical.spec,
  };
}

/** The faithful v1 spelling of a v2 job (not yet canonical). */
export function v1FromApiJob(job: ApiJob): JobManifest {
  const annotations = userMap(job.annotations, "job");
  const stage = enumName(job.launchStage, LAUNCH_STAGE_BY_NUMBER);
  if (stage && stage !== "LAUNCH_STAGE_UNSPECIFIED") annotations[ANNOTATION.launchStage] = stage;
  const binauthz = job.binaryAuthorization;
  if (binauthz?.useDefault) annotations[ANNOTATION.binaryAuthorization] = "default";
  else if (binauthz?.policy) annotations[ANNOTATION.binaryAuthorization] = binauthz.policy;
  if (binauthz?.breakglassJustification) annotations[ANNOTATION.breakglass] = binauthz.breakglassJustification;
  const template = job.template ?? {};
  const task = template.template ?? {};
  const templateAnnotations = { ...userMap(template.annotations, "template"), ...taskAnnotations(task) };
  return {
    metadata: { labels: userLabels(job.labels), annotations },
    spec: {
      template: {
        metadata: { labels: userLabels(template.labels), annotations: templateAnnotations },
        spec: {
          ...(num(template.parallelism) !== undefined ? { parallelism: template.parallelism as number } : {}),
          ...(num(template.taskCount) !== undefined ? { taskCount: template.taskCount as number } : {}),
          template: { spec: v1TaskSpec(task) },
        },
      },
    },
  };
}

function userMap(map: { [k: string]: string } | null | undefined, level: Level): StringMap {
  return Object.fromEntries(Object.entries(map ?? {}).filter(([k]) => classifyAnnotation(k, level).kind === "user"));
}

function userLabels(map: { [k: string]: string } | null | undefined): StringMap {
  return Object.fromEntries(Object.entries(map ?? {}).filter(([k]) => classifyLabel(k).kind === "user"));
}

/** TaskTemplate fields that v1 spells as execution-template annotations (docs/architecture.md facts: v1 → v2 mapping). */
function taskAnnotations(task: ApiTaskTemplate): StringMap {
  const out: StringMap = {};
  const sql = (task.volumes ?? []).flatMap((v) => v.cloudSqlInstance?.instances ?? []);
  if (sql.length) out[ANNOTATION.cloudSqlInstances] = sql.join(",");
  const vpc = task.vpcAccess;
  if (vpc?.connector) out[ANNOTATION.vpcConnector] = vpc.connector;
  const egress = enumName(vpc?.egress, EGRESS_BY_NUMBER);
  if (egress === "ALL_TRAFFIC") out[ANNOTATION.vpcEgress] = "all-traffic";
  if (egress === "PRIVATE_RANGES_ONLY") out[ANNOTATION.vpcEgress] = "private-ranges-only";
  const interfaces = (vpc?.networkInterfaces ?? []).map((i) => ({
    ...(i.network ? { network: i.network } : {}),
    ...(i.subnetwork ? { subnetwork: i.subnetwork } : {}),
    ...(i.tags?.length ? { tags: i.tags } : {}),
  }));
  if (interfaces.length) out[ANNOTATION.networkInterfaces] = formatNetworkInterfaces(interfaces);
  const environment = enumName(task.executionEnvironment, ENVIRONMENT_BY_NUMBER);
  if (environment === "EXECUTION_ENVIRONMENT_GEN1") out[ANNOTATION.executionEnvironment] = "gen1";
  if (environment === "EXECUTION_ENVIRONMENT_GEN2") out[ANNOTATION.executionEnvironment] = "gen2";
  if (task.encryptionKey) out[ANNOTATION.encryptionKey] = task.encryptionKey;
  const deps = Object.fromEntries(
    (task.containers ?? []).filter((c) => c.name && c.dependsOn?.length).map((c) => [c.name as string, c.dependsOn as string[]]),
  );
  const depsValue = formatContainerDependencies(deps);
  if (depsValue) out[ANNOTATION.containerDependencies] = depsValue;
  if (task.gpuZonalRedundancyDisabled) out[ANNOTATION.gpuZonalRedundancyDisabled] = "true";
  return out;
}

function v1TaskSpec(task: ApiTaskTemplate): JobManifest["spec"]["template"]["spec"]["template"]["spec"] {
  const volumes = (task.volumes ?? []).filter((v) => !v.cloudSqlInstance).map(v1Volume);
  // A Cloud SQL volume is the annotation in v1, whatever its name (a job made by another client,
  // pulumi-gcp for one, may call it anything): its mounts go with it.
  const cloudSql = new Set([CLOUD_SQL_VOLUME, ...(task.volumes ?? []).filter((v) => v.cloudSqlInstance).map((v) => v.name ?? "")]);
  const seconds = task.timeout?.seconds;
  return {
    containers: (task.containers ?? []).map((c) => v1Container(c, cloudSql)),
    ...(volumes.length ? { volumes } : {}),
    ...(typeof task.maxRetries === "number" ? { maxRetries: task.maxRetries } : {}),
    ...(seconds !== undefined && seconds !== null && Number(seconds) > 0 ? { timeoutSeconds: String(Number(seconds)) } : {}),
    ...(task.serviceAccount ? { serviceAccountName: task.serviceAccount } : {}),
    ...(task.nodeSelector?.accelerator ? { nodeSelector: { [ACCELERATOR_KEY]: task.nodeSelector.accelerator } } : {}),
  };
}

function v1Container(c: ApiContainer, cloudSqlVolumes: ReadonlySet<string>): ContainerManifest {
  const env = (c.env ?? []).map((e) => {
    const ref = e.valueSource?.secretKeyRef;
    if (ref)
      return { name: e.name ?? "", valueFrom: { secretKeyRef: { name: ref.secret ?? "", ...(ref.version ? { key: ref.version } : {}) } } };
    return { name: e.name ?? "", ...(e.value ? { value: e.value } : {}) };
  });
  const mounts = (c.volumeMounts ?? [])
    .filter((m) => !cloudSqlVolumes.has(m.name ?? ""))
    .map((m) => ({ name: m.name ?? "", mountPath: m.mountPath ?? "", ...(m.subPath ? { subPath: m.subPath } : {}) }));
  const limits = c.resources?.limits && Object.keys(c.resources.limits).length ? c.resources.limits : undefined;
  return {
    image: c.image ?? "",
    ...(str(c.name) ? { name: c.name as string } : {}),
    ...(list(c.command) ? { command: c.command as string[] } : {}),
    ...(list(c.args) ? { args: c.args as string[] } : {}),
    ...(env.length ? { env } : {}),
    ...(limits ? { resources: { limits } } : {}),
    ...(list(c.ports)
      ? {
          ports: (c.ports ?? []).map((p) => ({
            ...(num(p.containerPort) ? { containerPort: p.containerPort as number } : {}),
            ...(p.name === "http1" || p.name === "h2c" ? { name: p.name } : {}),
          })),
        }
      : {}),
    ...(mounts.length ? { volumeMounts: mounts } : {}),
    ...(str(c.workingDir) ? { workingDir: c.workingDir as string } : {}),
    ...(c.livenessProbe ? { livenessProbe: v1Probe(c.livenessProbe) } : {}),
    ...(c.readinessProbe ? { readinessProbe: v1Probe(c.readinessProbe) } : {}),
    ...(c.startupProbe ? { startupProbe: v1Probe(c.startupProbe) } : {}),
  };
}

function v1Probe(p: ApiProbe): ProbeManifest {
  return {
    ...(num(p.initialDelaySeconds) ? { initialDelaySeconds: p.initialDelaySeconds as number } : {}),
    ...(num(p.timeoutSeconds) ? { timeoutSeconds: p.timeoutSeconds as number } : {}),
    ...(num(p.periodSeconds) ? { periodSeconds: p.periodSeconds as number } : {}),
    ...(num(p.failureThreshold) ? { failureThreshold: p.failureThreshold as number } : {}),
    ...(p.httpGet
      ? {
          httpGet: {
            ...(str(p.httpGet.path) ? { path: p.httpGet.path as string } : {}),
            ...(num(p.httpGet.port) ? { port: p.httpGet.port as number } : {}),
            ...(list(p.httpGet.httpHeaders)
              ? { httpHeaders: (p.httpGet.httpHeaders ?? []).map((h) => ({ name: h.name ?? "", ...(h.value ? { value: h.value } : {}) })) }
              : {}),
          },
        }
      : {}),
    ...(p.tcpSocket ? { tcpSocket: { ...(num(p.tcpSocket.port) ? { port: p.tcpSocket.port as number } : {}) } } : {}),
    ...(p.grpc
      ? {
          grpc: {
            ...(num(p.grpc.port) ? { port: p.grpc.port as number } : {}),
            ...(str(p.grpc.service) ? { service: p.grpc.service as string } : {}),
          },
        }
      : {}),
  };
}

function v1Volume(v: ApiVolume): VolumeManifest {
  const name = v.name ?? "";
  if (v.secret) {
    return {
      name,
      secret: {
        secretName: v.secret.secret ?? "",
        ...(list(v.secret.items)
          ? {
              items: (v.secret.items ?? []).map((i) => ({
                path: i.path ?? "",
                ...(i.version ? { key: i.version } : {}),
                ...(i.mode ? { mode: i.mode } : {}),
              })),
            }
          : {}),
        ...(num(v.secret.defaultMode) ? { defaultMode: v.secret.defaultMode as number } : {}),
      },
    };
  }
  if (v.emptyDir) return { name, emptyDir: { ...(str(v.emptyDir.sizeLimit) ? { sizeLimit: v.emptyDir.sizeLimit as string } : {}) } };
  if (v.nfs) return { name, nfs: { server: v.nfs.server ?? "", path: v.nfs.path ?? "", ...(v.nfs.readOnly ? { readOnly: true } : {}) } };
  if (v.gcs) {
    const options = (v.gcs.mountOptions ?? []).join(",");
    return {
      name,
      csi: {
        driver: "gcsfuse.run.googleapis.com",
        ...(v.gcs.readOnly ? { readOnly: true } : {}),
        volumeAttributes: { bucketName: v.gcs.bucket ?? "", ...(options ? { mountOptions: options } : {}) },
      },
    };
  }
  return { name };
}
