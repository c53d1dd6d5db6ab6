// pulumi-gcp's `template.template.containers` → the v1 task's containers. The names differ where
// pulumi-gcp pluralizes repeated blocks (`commands`, `envs`, `dependsOns`) and where v1 keeps the
// Kubernetes spelling (`valueFrom.secretKeyRef.{name,key}` for v2's `valueSource.secretKeyRef.
// {secret,version}`: mapping/to-api.ts). `dependsOns` has no v1 field: it becomes the
// `run.googleapis.com/container-dependencies` annotation (docs/cloud-run-facts.md §1.2).
// Field names: the `containers` block of the Terraform `google_cloud_run_v2_job` reference.
import { CLOUD_SQL_MOUNT_PATH } from "../mapping/to-api";
import type { GcpContainer, GcpEnv, GcpProbe } from "./schema";
import { type ContainerInput, type EnvInput, note, type ProbeInput, refuse, setOwn, TASK_AT, type Trail } from "./trail";

export interface V1Containers {
  containers: ContainerInput[];
  /** container name → the containers it waits for, for `run.googleapis.com/container-dependencies`. */
  dependencies: Record<string, string[]>;
  /** How many containers mount each Cloud SQL volume. */
  cloudSqlMounts: Map<string, number>;
}

export function toV1Containers(containers: GcpContainer[], cloudSqlVolumes: Set<string>, t: Trail): V1Containers {
  const dependencies: Record<string, string[]> = {};
  const cloudSqlMounts = new Map<string, number>();
  const out = containers.map((c, i) => {
    const at = `${TASK_AT}.containers[${i}]`;
    if (c.dependsOns?.length) {
      if (c.name) setOwn(dependencies, c.name, c.dependsOns);
      else
        refuse(
          t,
          `${at}.dependsOns`,
          "needs the container's `name`: v1 names the containers in `run.googleapis.com/container-dependencies`",
        );
    }
    if (c.sandboxLauncher) {
      refuse(t, `${at}.sandboxLauncher`, "the v2 gRPC API this package speaks (@google-cloud/run 4.2) has no `sandboxLauncher`");
    }
    if (c.livenessProbe) {
      note(
        t,
        `${at}.livenessProbe`,
        "kept as `livenessProbe`; the Terraform provider deprecated it for jobs in 4.51.0 as not supported by the API: remove it if Cloud Run refuses it",
      );
    }
    const mounts = toV1Mounts(c, at, i, cloudSqlVolumes, cloudSqlMounts, t);
    return {
      image: c.image,
      ...(c.name !== undefined ? { name: c.name } : {}),
      ...(c.commands?.length ? { command: c.commands } : {}),
      ...(c.args?.length ? { args: c.args } : {}),
      ...(c.envs?.length ? { env: c.envs.map((e, j) => toV1Env(e, `${at}.envs[${j}]`, t)) } : {}),
      ...(c.resources?.limits && Object.keys(c.resources.limits).length ? { resources: { limits: c.resources.limits } } : {}),
      ...(c.ports?.length
        ? {
            ports: c.ports.map((p) => ({
              ...(p.containerPort !== undefined ? { containerPort: p.containerPort } : {}),
              ...(p.name !== undefined ? { name: p.name as "http1" | "h2c" } : {}),
            })),
          }
        : {}),
      ...(mounts.length ? { volumeMounts: mounts } : {}),
      ...(c.workingDir !== undefined ? { workingDir: c.workingDir } : {}),
      ...(c.startupProbe ? { startupProbe: toV1Probe(c.startupProbe) } : {}),
      ...(c.livenessProbe ? { livenessProbe: toV1Probe(c.livenessProbe) } : {}),
    };
  });
  return { containers: out, dependencies, cloudSqlMounts };
}

function toV1Env(e: GcpEnv, at: string, t: Trail): EnvInput {
  const source = e.valueSource;
  // A state's outputs carry `value: ""` beside a secret reference: "" is the unset value.
  const value = source && e.value === "" ? undefined : e.value;
  if (source && value !== undefined) {
    refuse(t, at, "has both `value` and `valueSource`: a variable has one (EnvVar's `values` oneof)");
    return { name: e.name };
  }
  if (source) {
    const ref = source.secretKeyRef;
    if (!ref) {
      refuse(t, `${at}.valueSource`, "needs `secretKeyRef`: the Secret Manager secret and version");
      return { name: e.name };
    }
    return { name: e.name, valueFrom: { secretKeyRef: { name: ref.secret, ...(ref.version !== undefined ? { key: ref.version } : {}) } } };
  }
  return { name: e.name, ...(value !== undefined ? { value } : {}) };
}

function toV1Mounts(
  c: GcpContainer,
  at: string,
  containerIndex: number,
  cloudSqlVolumes: Set<string>,
  cloudSqlMounts: Map<string, number>,
  t: Trail,
): NonNullable<ContainerInput["volumeMounts"]> {
  const kept: NonNullable<ContainerInput["volumeMounts"]> = [];
  const index: number[] = [];
  (c.volumeMounts ?? []).forEach((m, k) => {
    if (cloudSqlVolumes.has(m.name)) {
      // "For Cloud SQL volumes, it can be left empty, or must otherwise be /cloudsql" (VolumeMount.mount_path).
      if (m.mountPath && m.mountPath !== CLOUD_SQL_MOUNT_PATH) {
        refuse(
          t,
          `${at}.volumeMounts[${k}].mountPath`,
          `a Cloud SQL volume is mounted at ${CLOUD_SQL_MOUNT_PATH} (or the path left empty)`,
        );
      }
      cloudSqlMounts.set(m.name, (cloudSqlMounts.get(m.name) ?? 0) + 1);
      return;
    }
    kept.push({ name: m.name, mountPath: m.mountPath ?? "", ...(m.subPath !== undefined ? { subPath: m.subPath } : {}) });
    index.push(k);
  });
  t.mountIndex[containerIndex] = index;
  return kept;
}

/** pulumi-gcp's probe has v1's field names (Probe, HTTPGetAction, TCPSocketAction, GRPCAction). */
function toV1Probe(p: GcpProbe): ProbeInput {
  return {
    ...(p.initialDelaySeconds !== undefined ? { initialDelaySeconds: p.initialDelaySeconds } : {}),
    ...(p.timeoutSeconds !== undefined ? { timeoutSeconds: p.timeoutSeconds } : {}),
    ...(p.periodSeconds !== undefined ? { periodSeconds: p.periodSeconds } : {}),
    ...(p.failureThreshold !== undefined ? { failureThreshold: p.failureThreshold } : {}),
    ...(p.httpGet
      ? {
          httpGet: {
            ...(p.httpGet.path !== undefined ? { path: p.httpGet.path } : {}),
            ...(p.httpGet.port !== undefined ? { port: p.httpGet.port } : {}),
            ...(p.httpGet.httpHeaders?.length
              ? { httpHeaders: p.httpGet.httpHeaders.map((h) => ({ name: h.name, ...(h.value !== undefined ? { value: h.value } : {}) })) }
              : {}),
          },
        }
      : {}),
    ...(p.tcpSocket ? { tcpSocket: { ...(p.tcpSocket.port !== undefined ? { port: p.tcpSocket.port } : {}) } } : {}),
    ...(p.grpc
      ? {
          grpc: {
            ...(p.grpc.port !== undefined ? { port: p.grpc.port } : {}),
            ...(p.grpc.service !== undefined ? { service: p.grpc.service } : {}),
          },
        }
      : {}),
  };
}
