// v1 manifest → v2 Job, the body `@google-cloud/run` sends. Takes the canonical form check made
// (CanonicalManifest), as it is: server defaults are already left out for the server to fill, and
// aliases already resolved.
// docs/architecture.md, facts: v1 → v2 mapping and annotations.
import type { protos } from "@google-cloud/run";
import type { ApiJob } from "../api";
import { ANNOTATION, ACCELERATOR_KEY, classifyAnnotation, type Level } from "../annotations";
import type { CanonicalManifest } from "../canonical";
import type { ContainerManifest, ProbeManifest, VolumeManifest } from "../schema/v1";
import { type LaunchStageName, parseCloudSqlInstances, parseContainerDependencies, parseNetworkInterfaces } from "../annotation-rules";

type ApiTaskTemplate = protos.google.cloud.run.v2.ITaskTemplate;
type ApiContainer = protos.google.cloud.run.v2.IContainer;
type ApiVolume = protos.google.cloud.run.v2.IVolume;
type ApiProbe = protos.google.cloud.run.v2.IProbe;
type StringMap = Record<string, string>;

/** The v2 volume and mount that carry `run.googleapis.com/cloudsql-instances` (docs/architecture.md facts: v1 → v2 mapping). */
export const CLOUD_SQL_VOLUME = "cloudsql";
export const CLOUD_SQL_MOUNT_PATH = "/cloudsql";

export function toApiJob(m: CanonicalManifest): ApiJob {
  const jobAnnotations = m.metadata?.annotations ?? {};
  const template = m.spec.template;
  const templateAnnotations = template.metadata?.annotations ?? {};
  const exec = template.spec;
  const job: ApiJob = {
    ...nonEmpty("labels", m.metadata?.labels),
    ...nonEmpty("annotations", userAnnotations(jobAnnotations, "job")),
    ...launchStage(jobAnnotations[ANNOTATION.launchStage]),
    ...binaryAuthorization(jobAnnotations),
    template: {
      ...nonEmpty("labels", template.metadata?.labels),
      ...nonEmpty("annotations", userAnnotations(templateAnnotations, "template")),
      ...(exec.parallelism !== undefined ? { parallelism: exec.parallelism } : {}),
      ...(exec.taskCount !== undefined ? { taskCount: exec.taskCount } : {}),
      template: toApiTaskTemplate(m, templateAnnotations),
    },
  };
  if (m.spec.startExecutionToken !== undefined) job.startExecutionToken = m.spec.startExecutionToken;
  if (m.spec.runExecutionToken !== undefined) job.runExecutionToken = m.spec.runExecutionToken;
  return job;
}

function userAnnotations(annotations: StringMap, level: Level): StringMap {
  return Object.fromEntries(Object.entries(annotations).filter(([k]) => classifyAnnotation(k, level).kind === "user"));
}

function nonEmpty<K extends string>(key: K, map: StringMap | undefined): { [P in K]?: StringMap } {
  return (map && Object.keys(map).length ? { [key]: map } : {}) as { [P in K]?: StringMap };
}

function launchStage(value: string | undefined): Pick<ApiJob, "launchStage"> {
  return value ? { launchStage: value as LaunchStageName } : {};
}

function binaryAuthorization(annotations: StringMap): Pick<ApiJob, "binaryAuthorization"> {
  const policy = annotations[ANNOTATION.binaryAuthorization];
  const breakglass = annotations[ANNOTATION.breakglass];
  if (policy === undefined && breakglass === undefined) return {};
  return {
    binaryAuthorization: {
      ...(policy === "default" ? { useDefault: true } : policy !== undefined ? { policy } : {}),
      ...(breakglass !== undefined ? { breakglassJustification: breakglass } : {}),
    },
  };
}

function toApiTaskTemplate(m: CanonicalManifest, annotations: StringMap): ApiTaskTemplate {
  const task = m.spec.template.spec.template.spec;
  const sql = annotations[ANNOTATION.cloudSqlInstances];
  const instances = sql ? parseCloudSqlInstances(sql) : [];
  const depsValue = annotations[ANNOTATION.containerDependencies];
  const deps = depsValue ? parseContainerDependencies(depsValue) : {};
  const dependsOn = typeof deps === "string" ? {} : deps;
  const volumes: ApiVolume[] = (task.volumes ?? []).map(toApiVolume);
  if (instances.length) volumes.push({ name: CLOUD_SQL_VOLUME, cloudSqlInstance: { instances } });
  const tt: ApiTaskTemplate = {
    containers: task.containers.map((c) => toApiContainer(c, instances.length > 0, c.name ? dependsOn[c.name] : undefined)),
  };
  if (volumes.length) tt.volumes = volumes;
  if (task.maxRetries !== undefined) tt.maxRetries = task.maxRetries;
  if (task.timeoutSeconds !== undefined) tt.timeout = { seconds: Number(task.timeoutSeconds) };
  if (task.serviceAccountName !== undefined) tt.serviceAccount = task.serviceAccountName;
  const environment = annotations[ANNOTATION.executionEnvironment];
  if (environment) tt.executionEnvironment = environment === "gen1" ? "EXECUTION_ENVIRONMENT_GEN1" : "EXECUTION_ENVIRONMENT_GEN2";
  if (annotations[ANNOTATION.encryptionKey]) tt.encryptionKey = annotations[ANNOTATION.encryptionKey];
  const vpc = toApiVpcAccess(annotations);
  if (vpc) tt.vpcAccess = vpc;
  const accelerator = task.nodeSelector?.[ACCELERATOR_KEY];
  if (accelerator) tt.nodeSelector = { accelerator };
  if (annotations[ANNOTATION.gpuZonalRedundancyDisabled] === "true") tt.gpuZonalRedundancyDisabled = true;
  return tt;
}

function toApiVpcAccess(annotations: StringMap): ApiTaskTemplate["vpcAccess"] {
  const connector = annotations[ANNOTATION.vpcConnector];
  const egress = annotations[ANNOTATION.vpcEgress];
  const interfacesValue = annotations[ANNOTATION.networkInterfaces];
  const interfaces = interfacesValue ? parseNetworkInterfaces(interfacesValue) : [];
  if (!connector && !egress && (typeof interfaces === "string" || !interfaces.length)) return undefined;
  return {
    ...(connector ? { connector } : {}),
    ...(egress ? { egress: egress === "private-ranges-only" ? "PRIVATE_RANGES_ONLY" : "ALL_TRAFFIC" } : {}),
    ...(typeof interfaces !== "string" && interfaces.length ? { networkInterfaces: interfaces } : {}),
  };
}

function toApiContainer(c: ContainerManifest, cloudSql: boolean, dependsOn: string[] | undefined): ApiContainer {
  const out: ApiContainer = { image: c.image };
  if (c.name) out.name = c.name;
  if (c.command?.length) out.command = c.command;
  if (c.args?.length) out.args = c.args;
  if (c.workingDir) out.workingDir = c.workingDir;
  if (c.env?.length) {
    out.env = c.env.map((e) => {
      const ref = e.valueFrom?.secretKeyRef;
      if (ref) return { name: e.name, valueSource: { secretKeyRef: { secret: ref.name ?? "", ...(ref.key ? { version: ref.key } : {}) } } };
      return { name: e.name, ...(e.value !== undefined ? { value: e.value } : {}) };
    });
  }
  const limits = c.resources?.limits;
  if (limits && Object.keys(limits).length) {
    out.resources = { limits: Object.fromEntries(Object.entries(limits).map(([k, v]) => [k, String(v)])) };
  }
  if (c.ports?.length) {
    out.ports = c.ports.map((p) => ({
      ...(p.name ? { name: p.name } : {}),
      ...(p.containerPort ? { containerPort: p.containerPort } : {}),
    }));
  }
  const mounts = (c.volumeMounts ?? []).map((v) => ({
    name: v.name,
    mountPath: v.mountPath,
    ...(v.subPath ? { subPath: v.subPath } : {}),
  }));
  // v1 exposed every Cloud SQL socket under /cloudsql in each container; v2 needs the mount (docs/architecture.md facts: v1 → v2 mapping).
  if (cloudSql) mounts.push({ name: CLOUD_SQL_VOLUME, mountPath: CLOUD_SQL_MOUNT_PATH });
  if (mounts.length) out.volumeMounts = mounts;
  if (c.livenessProbe) out.livenessProbe = toApiProbe(c.livenessProbe);
  if (c.readinessProbe) out.readinessProbe = toApiProbe(c.readinessProbe);
  if (c.startupProbe) out.startupProbe = toApiProbe(c.startupProbe);
  if (dependsOn?.length) out.dependsOn = dependsOn;
  return out;
}

function toApiProbe(p: ProbeManifest): ApiProbe {
  const out: ApiProbe = {};
  if (p.initialDelaySeconds !== undefined) out.initialDelaySeconds = p.initialDelaySeconds;
  if (p.timeoutSeconds !== undefined) out.timeoutSeconds = p.timeoutSeconds;
  if (p.periodSeconds !== undefined) out.periodSeconds = p.periodSeconds;
  if (p.failureThreshold !== undefined) out.failureThreshold = p.failureThreshold;
  if (p.httpGet) {
    out.httpGet = {
      ...(p.httpGet.path !== undefined ? { path: p.httpGet.path } : {}),
      ...(p.httpGet.port !== undefined ? { port: p.httpGet.port } : {}),
      ...(p.httpGet.httpHeaders?.length
        ? { httpHeaders: p.httpGet.httpHeaders.map((h) => ({ name: h.name, ...(h.value !== undefined ? { value: h.value } : {}) })) }
        : {}),
    };
  }
  if (p.tcpSocket) out.tcpSocket = { ...(p.tcpSocket.port !== undefined ? { port: p.tcpSocket.port } : {}) };
  if (p.grpc) {
    out.grpc = { ...(p.grpc.port !== undefined ? { port: p.grpc.port } : {}), ...(p.grpc.service ? { service: p.grpc.service } : {}) };
  }
  return out;
}

function toApiVolume(v: VolumeManifest): ApiVolume {
  if (v.secret) {
    return {
      name: v.name,
      secret: {
        secret: v.secret.secretName ?? "",
        ...(v.secret.items?.length
          ? {
              items: v.secret.items.map((i) => ({
                path: i.path ?? "",
                ...(i.key ? { version: i.key } : {}),
                ...(i.mode ? { mode: i.mode } : {}),
              })),
            }
          : {}),
        ...(v.secret.defaultMode ? { defaultMode: v.secret.defaultMode } : {}),
      },
    };
  }
  if (v.emptyDir) {
    return { name: v.name, emptyDir: { medium: "MEMORY", ...(v.emptyDir.sizeLimit ? { sizeLimit: v.emptyDir.sizeLimit } : {}) } };
  }
  if (v.nfs) {
    return { name: v.name, nfs: { server: v.nfs.server ?? "", path: v.nfs.path ?? "", ...(v.nfs.readOnly ? { readOnly: true } : {}) } };
  }
  if (v.csi) {
    const attributes = v.csi.volumeAttributes ?? {};
    const options = attributes.mountOptions ? attributes.mountOptions.split(",").filter((o) => o.length > 0) : [];
    return {
      name: v.name,
      gcs: {
        bucket: attributes.bucketName ?? "",
        ...(v.csi.readOnly ? { readOnly: true } : {}),
        ...(options.length ? { mountOptions: options } : {}),
      },
    };
  }
  return { name: v.name };
}
