// The canonical form of a validated manifest: the one spelling of each meaning, so that two
// manifests that mean the same compare equal, and equal what the server echoes back
// (fromApiJob canonicalizes the same way). The rules:
//   dropped     status; metadata uid/generation/resourceVersion/selfLink/creation-/deletionTimestamp;
//               apiVersion/kind; system labels and annotations (annotations.ts);
//               `run.googleapis.com/secrets` (its aliases are resolved into the references).
//   hoisted     `project` ← metadata.namespace, `region` ← label cloud.googleapis.com/location,
//               when not given; both then leave metadata.
//   defaults    left out when equal to what Cloud Run fills in (defaults.ts, docs/architecture.md facts: server defaults): taskCount 1,
//               parallelism 0, maxRetries 3, timeoutSeconds 600, the default compute service
//               account, limits cpu 1 vCPU / memory 512Mi, launch-stage GA, execution-environment
//               gen2, egress private-ranges-only, emptyDir medium, secret defaultMode 0444 and
//               item mode 0, probe initialDelay 0 / timeout 1 / period 10 / failureThreshold 3,
//               httpGet path "/", a probe port equal to the container's port (8080 if none),
//               env value "", subPath "", readOnly false, successThreshold 1, protocol TCP, and
//               empty lists and maps.
//   spelling    cpu "2" / "500m" (from 2000m, 2, 0.5); memory in the largest exact unit ("1Gi" from
//               1024Mi); timeoutSeconds a string of whole seconds ("600" from 600 or "600s");
//               launch stage upper case; egress `all` → `all-traffic`; comma lists trimmed and
//               de-duplicated; JSON annotations re-serialized with sorted keys; short Cloud SQL
//               instance and VPC connector names expanded when project and region are known;
//               secretKeyRef.localObjectReference.name → name.
//   order       object keys sorted at every level; list order kept (it can matter, e.g. env).
// Values still unknown during a preview are kept as they are.
import { ANNOTATION, classifyAnnotation, classifyLabel, LOCATION_LABEL, type Level } from "./annotations";
import {
  DEFAULT_CONTAINER_PORT,
  DEFAULT_CPU_MILLIS,
  DEFAULT_HTTP_PATH,
  DEFAULT_MAX_RETRIES,
  DEFAULT_MEMORY_BYTES,
  DEFAULT_PARALLELISM,
  DEFAULT_SECRET_MODE,
  DEFAULT_SERVICE_ACCOUNT,
  DEFAULT_TASK_COUNT,
  DEFAULT_TIMEOUT_SECONDS,
  PROBE_DEFAULTS,
} from "./defaults";
import { formatBytes, formatMillicpu, parseMillicpu, parseQuantity } from "./quantities";
import type {
  ContainerManifest,
  EnvVarManifest,
  JobManifest,
  ObjectMeta,
  ProbeManifest,
  TaskSpecManifest,
  VolumeManifest,
  VolumeMountManifest,
} from "./schema/v1";
import { ANNOTATION_RULES, type Location, parseSecretAliases } from "./annotation-rules";
import { isUnknown } from "./unknown";

type StringMap = Record<string, string>;

/** Where the manifest says the job lives, before stack config is consulted. */
export function locationHints(raw: unknown): Location {
  const m = (raw ?? {}) as { project?: unknown; region?: unknown; metadata?: { namespace?: unknown; labels?: unknown } };
  const labels = (m.metadata?.labels ?? {}) as Record<string, unknown>;
  const project = typeof m.project === "string" ? m.project : typeof m.metadata?.namespace === "string" ? m.metadata.namespace : undefined;
  const region =
    typeof m.region === "string" ? m.region : typeof labels[LOCATION_LABEL] === "string" ? (labels[LOCATION_LABEL] as string) : undefined;
  return { ...(project !== undefined ? { project } : {}), ...(region !== undefined ? { region } : {}) };
}

export function canonicalizeJobManifest(m: JobManifest): JobManifest {
  const where = locationHints(m);
  const templateMeta = m.spec.template.metadata;
  const secretsAnnotation = templateMeta?.annotations?.[ANNOTATION.secrets];
  const aliases = secretsAnnotation && !isUnknown(secretsAnnotation) ? parseSecretAliases(secretsAnnotation) : new Map<string, string>();
  const keepSecrets = secretsAnnotation !== undefined && isUnknown(secretsAnnotation);
  const exec = m.spec.template.spec;
  const templateAnnotations = canonicalAnnotations(templateMeta?.annotations, "template", where, keepSecrets);
  // Binary Authorization on the execution template means the job's (v2 has only Job.binaryAuthorization).
  const binaryAuthorization = templateAnnotations?.[ANNOTATION.binaryAuthorization];
  if (templateAnnotations && binaryAuthorization !== undefined) delete templateAnnotations[ANNOTATION.binaryAuthorization];
  const jobAnnotations = canonicalAnnotations(m.metadata?.annotations, "job", where);
  const metadata = compact({
    name: m.metadata?.name,
    labels: canonicalLabels(m.metadata?.labels),
    annotations:
      binaryAuthorization !== undefined && jobAnnotations?.[ANNOTATION.binaryAuthorization] === undefined
        ? { ...jobAnnotations, [ANNOTATION.binaryAuthorization]: binaryAuthorization }
        : jobAnnotations,
  });
  const templateMetadata = compact({
    labels: canonicalLabels(templateMeta?.labels),
    annotations: templateAnnotations && Object.keys(templateAnnotations).length ? templateAnnotations : undefined,
  });
  return sortKeys({
    ...(where.project !== undefined ? { project: where.project } : {}),
    ...(where.region !== undefined ? { region: where.region } : {}),
    ...(metadata ? { metadata } : {}),
    spec: {
      ...(m.spec.startExecutionToken !== undefined ? { startExecutionToken: m.spec.startExecutionToken } : {}),
      ...(m.spec.runExecutionToken !== undefined ? { runExecutionToken: m.spec.runExecutionToken } : {}),
      template: {
        ...(templateMetadata ? { metadata: templateMetadata } : {}),
        spec: {
          ...omitDefault("parallelism", exec.parallelism, DEFAULT_PARALLELISM),
          ...omitDefault("taskCount", exec.taskCount, DEFAULT_TASK_COUNT),
          template: { spec: canonicalTaskSpec(exec.template.spec, aliases) },
        },
      },
    },
  });
}

function canonicalLabels(labels: StringMap | undefined): StringMap | undefined {
  if (!labels) return undefined;
  return nonEmpty(Object.fromEntries(Object.entries(labels).filter(([k]) => classifyLabel(k).kind === "user")));
}

function canonicalAnnotations(
  annotations: StringMap | undefined,
  level: Level,
  where: Location,
  keepSecrets = false,
): StringMap | undefined {
  if (!annotations) return undefined;
  const out: StringMap = {};
  for (const [key, value] of Object.entries(annotations)) {
    const verdict = classifyAnnotation(key, level);
    if (verdict.kind === "user") out[key] = value;
    if (verdict.kind !== "setting") continue;
    if (isUnknown(value) || (key === ANNOTATION.secrets && keepSecrets)) {
      out[key] = value;
      continue;
    }
    const canonical = ANNOTATION_RULES[key]?.canonical(value, where);
    if (canonical !== undefined) out[key] = canonical;
  }
  return nonEmpty(out);
}

function canonicalTaskSpec(task: TaskSpecManifest, aliases: Map<string, string>): TaskSpecManifest {
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

function resolveAlias(name: string, aliases: Map<string, string>): string {
  return aliases.get(name) ?? name;
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

function canonicalVolume(v: VolumeManifest, aliases: Map<string, string>): VolumeManifest {
  if (v.secret) {
    const s = v.secret;
    return {
      name: v.name,
      secret: {
        ...(s.secretName !== undefined ? { secretName: resolveAlias(s.secretName, aliases) } : {}),
        ...(s.items?.length
          ? {
              items: s.items.map((i) => ({
                ...(i.key !== undefined ? { key: i.key } : {}),
                ...(i.path !== undefined ? { path: i.path } : {}),
                ...(i.mode ? { mode: i.mode } : {}),
              })),
            }
          : {}),
        ...(s.defaultMode && s.defaultMode !== DEFAULT_SECRET_MODE ? { defaultMode: s.defaultMode } : {}),
      },
    };
  }
  if (v.emptyDir) {
    // Cloud Run keeps emptyDir volumes in memory: "" (the node's default medium) and `Memory` are
    // the same thing there, and the server echoes MEMORY for either (docs/architecture.md facts: server defaults), so `medium` is left out.
    const size = v.emptyDir.sizeLimit;
    const bytes = size !== undefined && !isUnknown(size) ? parseQuantity(size) : undefined;
    return { name: v.name, emptyDir: size ? { sizeLimit: bytes !== undefined ? formatBytes(bytes) : size } : {} };
  }
  if (v.nfs) {
    return {
      name: v.name,
      nfs: {
        ...(v.nfs.server !== undefined ? { server: v.nfs.server } : {}),
        ...(v.nfs.path !== undefined ? { path: v.nfs.path } : {}),
        ...(v.nfs.readOnly ? { readOnly: true } : {}),
      },
    };
  }
  if (v.csi) {
    const { mountOptions, ...attributes } = v.csi.volumeAttributes ?? {};
    // "mountOptions: comma-separated list of mount options" (CSIVolumeSource.volumeAttributes): one spelling.
    const options = mountOptions === undefined || isUnknown(mountOptions) ? mountOptions : splitOptions(mountOptions);
    const volumeAttributes: Record<string, string> = { ...attributes, ...(options ? { mountOptions: options } : {}) };
    return {
      name: v.name,
      csi: {
        driver: v.csi.driver,
        ...(v.csi.readOnly ? { readOnly: true } : {}),
        ...(Object.keys(volumeAttributes).length ? { volumeAttributes } : {}),
      },
    };
  }
  return { name: v.name };
}

function splitOptions(value: string): string {
  return value
    .split(",")
    .map((o) => o.trim())
    .filter((o) => o.length > 0)
    .join(",");
}

// ── helpers ─────────────────────────────────────────────────────────────────────────────────

function omitDefault<K extends string, V>(key: K, value: V | undefined, fallback: V): { [P in K]?: V } {
  return (value === undefined || value === fallback ? {} : { [key]: value }) as { [P in K]?: V };
}

function nonEmpty<T extends object>(value: T): T | undefined {
  return Object.keys(value).length ? value : undefined;
}

function compact<T extends Record<string, unknown>>(value: T): ObjectMeta | undefined {
  const out = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
  return Object.keys(out).length ? (out as ObjectMeta) : undefined;
}

/** Object keys in one order (alphabetical) at every level; arrays keep theirs. */
function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as T;
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)])) as T;
}
