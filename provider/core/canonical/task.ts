// The canonical form of a job's task spec and its containers (env, limits, mounts, probes):
// the rules are listed at the top of canonical/manifest.ts. Pure.
import {
  DEFAULT_CONTAINER_PORT,
  DEFAULT_CPU_MILLIS,
  DEFAULT_HTTP_PATH,
  DEFAULT_MAX_RETRIES,
  DEFAULT_MEMORY_BYTES,
  DEFAULT_SERVICE_ACCOUNT,
  DEFAULT_TIMEOUT_SECONDS,
  PROBE_DEFAULTS,
} from "../defaults";
import { formatBytes, formatMillicpu, parseMillicpu, parseQuantity } from "../quantities";
import type { ContainerManifest, EnvVarManifest, ProbeManifest, TaskSpecManifest, VolumeMountManifest } from "../schema/v1";
import { isUnknown } from "../unknown";
import { nonEmpty, omitDefault, resolveAlias } from "./shape";
import { canonicalVolume } from "./volumes";

export function canonicalTaskSpec(task: TaskSpecManifest, aliases: Map<string, string>): TaskSpecManifest {
  const timeout = canonicalSeconds(task.timeoutSeconds);
  return {
    containers: task.containers.map((c) => canonicalContainer(c, aliases)),
    ...(task.volumes?.length ? { volumes: task.volumes.map((v) => canonicalVolume(v, aliases)) } : {}),
    ...omitDefault("maxRetries", task.maxRetries, DEFAULT_MAX_RETRIES),
    ...(timeout !== undefined && timeout !== String(DEFAULT_TIMEOUT_SECONDS) ? { timeoutSeconds: timeout } : {}),
    ...(task.serviceAccountName && !DEFAULT_SERVICE_ACCOUNT.test(task.serviceAccountName)
      ? { serviceAccountName: task.serviceAccountName }
      : {}),
    ...(task.nodeSelector && Object.keys(task.nodeSelector).length ? { nodeSelector: task.nodeSelector } : {}),
  };
}

/** timeoutSeconds is a discovery `string (int64)`: `600`, `"600"` and `"600s"` all become `"600"`. */
function canonicalSeconds(value: string | number | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "number") return String(value);
  if (isUnknown(value)) return value;
  const match = /^\s*(\d+)s?\s*$/.exec(value);
  return match ? String(Number(match[1])) : value;
}

function canonicalContainer(c: ContainerManifest, aliases: Map<string, string>): ContainerManifest {
  const port = c.ports?.[0]?.containerPort ?? DEFAULT_CONTAINER_PORT;
  const limits = canonicalLimits(c.resources?.limits);
  return {
    image: c.image,
    ...(c.name ? { name: c.name } : {}),
    ...(c.command?.length ? { command: c.command } : {}),
    ...(c.args?.length ? { args: c.args } : {}),
    ...(c.env?.length ? { env: c.env.map((e) => canonicalEnv(e, aliases)) } : {}),
    ...(limits ? { resources: { limits } } : {}),
    ...(c.ports?.length
      ? {
          ports: c.ports.map((p) => ({
            ...(p.containerPort !== undefined ? { containerPort: p.containerPort } : {}),
            ...(p.name !== undefined ? { name: p.name } : {}),
          })),
        }
      : {}),
    ...(c.volumeMounts?.length ? { volumeMounts: c.volumeMounts.map(canonicalMount) } : {}),
    ...(c.workingDir ? { workingDir: c.workingDir } : {}),
    ...(c.livenessProbe ? { livenessProbe: canonicalProbe(c.livenessProbe, port) } : {}),
    ...(c.readinessProbe ? { readinessProbe: canonicalProbe(c.readinessProbe, port) } : {}),
    ...(c.startupProbe ? { startupProbe: canonicalProbe(c.startupProbe, port) } : {}),
  };
}

function canonicalEnv(e: EnvVarManifest, aliases: Map<string, string>): EnvVarManifest {
  const ref = e.valueFrom?.secretKeyRef;
  if (ref) {
    const name = ref.name ?? ref.localObjectReference?.name;
    return {
      name: e.name,
      valueFrom: {
        secretKeyRef: {
          ...(name !== undefined ? { name: resolveAlias(name, aliases) } : {}),
          ...(ref.key !== undefined ? { key: ref.key } : {}),
        },
      },
    };
  }
  // "Value of the environment variable. Defaults to """ (EnvVar.value).
  return { name: e.name, ...(e.value ? { value: e.value } : {}) };
}

/** cpu, memory and nvidia.com/gpu in one spelling; the defaults (1 vCPU, 512 MiB) left out. */
function canonicalLimits(limits: Record<string, string | number> | undefined): Record<string, string> | undefined {
  if (!limits) return undefined;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(limits)) {
    if (typeof value === "string" && isUnknown(value)) {
      out[key] = value;
    } else if (key === "cpu") {
      const millis = parseMillicpu(value);
      if (millis === undefined) out[key] = String(value);
      else if (millis !== DEFAULT_CPU_MILLIS) out[key] = formatMillicpu(millis);
    } else if (key === "memory") {
      const bytes = parseQuantity(value);
      if (bytes === undefined) out[key] = String(value);
      else if (bytes !== DEFAULT_MEMORY_BYTES) out[key] = formatBytes(bytes);
    } else {
      const n = parseQuantity(value);
      out[key] = n === undefined ? String(value) : String(n);
    }
  }
  return nonEmpty(out);
}

function canonicalMount(m: VolumeMountManifest): VolumeMountManifest {
  return { name: m.name, mountPath: m.mountPath, ...(m.subPath ? { subPath: m.subPath } : {}) };
}

function canonicalProbe(p: ProbeManifest, containerPort: number): ProbeManifest {
  const port = (value: number | undefined) => (value !== undefined && value !== containerPort ? { port: value } : {});
  return {
    ...omitDefault("initialDelaySeconds", p.initialDelaySeconds, PROBE_DEFAULTS.initialDelaySeconds),
    ...omitDefault("timeoutSeconds", p.timeoutSeconds, PROBE_DEFAULTS.timeoutSeconds),
    ...omitDefault("periodSeconds", p.periodSeconds, PROBE_DEFAULTS.periodSeconds),
    ...omitDefault("failureThreshold", p.failureThreshold, PROBE_DEFAULTS.failureThreshold),
    ...(p.httpGet
      ? {
          httpGet: {
            ...(p.httpGet.path && p.httpGet.path !== DEFAULT_HTTP_PATH ? { path: p.httpGet.path } : {}),
            ...port(p.httpGet.port),
            ...(p.httpGet.httpHeaders?.length
              ? { httpHeaders: p.httpGet.httpHeaders.map((h) => ({ name: h.name, ...(h.value ? { value: h.value } : {}) })) }
              : {}),
          },
        }
      : {}),
    ...(p.tcpSocket ? { tcpSocket: { ...port(p.tcpSocket.port) } } : {}),
    ...(p.grpc ? { grpc: { ...port(p.grpc.port), ...(p.grpc.service ? { service: p.grpc.service } : {}) } } : {}),
  };
}
