// Server defaults Cloud Run fills in and echoes back on every read, in LRO responses and for
// validate_only. docs/cloud-run-facts.md §3.3.
import { createHash } from "node:crypto";
import type { Container, ExecutionTemplate, Job, TaskTemplate } from "./types";

/** Third-party fixtures of real responses show these strings (§3.3 [V-obs]). */
export const DEFAULT_LIMITS: Readonly<Record<string, string>> = { cpu: "1000m", memory: "512Mi" };
export const DEFAULT_MAX_RETRIES = 3;
export const DEFAULT_TIMEOUT = { seconds: "600", nanos: 0 };
/** Probe defaults (§3.3 [V]). */
const PROBE = { timeoutSeconds: 1, periodSeconds: 10, failureThreshold: 3 };
/** SecretVolumeSource.default_mode 0444 (§3.3 [V]). */
const SECRET_DEFAULT_MODE = 0o444;

/** A stable fake project number, for the default compute service account. */
export function projectNumber(project: string): string {
  if (/^\d+$/.test(project)) return project;
  const digest = createHash("sha256").update(project).digest();
  return String(100_000_000_000 + (digest.readUInt32BE(0) % 900_000_000_000));
}

/** "the project's default service account" = the Compute default SA (§3.3 [I] format). */
export const defaultServiceAccount = (project: string) => `${projectNumber(project)}-compute@developer.gserviceaccount.com`;

function withProbeDefaults<T extends Container["startupProbe"]>(probe: T, container: Container): T {
  if (!probe) return probe;
  // Ports default to the container's first port, else 8080 (§3.3 [V]; 8080 is Cloud Run's $PORT default).
  const port = container.ports?.[0]?.containerPort || 8080;
  return {
    ...PROBE,
    ...probe,
    timeoutSeconds: probe.timeoutSeconds || PROBE.timeoutSeconds,
    periodSeconds: probe.periodSeconds || PROBE.periodSeconds,
    failureThreshold: probe.failureThreshold || PROBE.failureThreshold,
    ...(probe.httpGet ? { httpGet: { ...probe.httpGet, path: probe.httpGet.path || "/", port: probe.httpGet.port || port } } : {}),
    ...(probe.tcpSocket ? { tcpSocket: { ...probe.tcpSocket, port: probe.tcpSocket.port || port } } : {}),
    ...(probe.grpc ? { grpc: { ...probe.grpc, port: probe.grpc.port || port } } : {}),
  };
}

function containerDefaults(c: Container): Container {
  return {
    ...c,
    resources: { ...(c.resources ?? {}), limits: { ...DEFAULT_LIMITS, ...(c.resources?.limits ?? {}) } },
    ...(c.startupProbe ? { startupProbe: withProbeDefaults(c.startupProbe, c) } : {}),
    ...(c.livenessProbe ? { livenessProbe: withProbeDefaults(c.livenessProbe, c) } : {}),
    ...(c.readinessProbe ? { readinessProbe: withProbeDefaults(c.readinessProbe, c) } : {}),
  };
}

export function taskTemplateDefaults(tt: TaskTemplate, project: string): TaskTemplate {
  const out: TaskTemplate = { ...tt };
  // `oneof retries`: only an unset oneof gets the default, an explicit 0 stays 0 (§2.2).
  if (out.maxRetries == null) out.maxRetries = DEFAULT_MAX_RETRIES;
  if (!out.timeout) out.timeout = { ...DEFAULT_TIMEOUT };
  if (!out.serviceAccount) out.serviceAccount = defaultServiceAccount(project);
  if (!out.executionEnvironment || out.executionEnvironment === "EXECUTION_ENVIRONMENT_UNSPECIFIED") {
    out.executionEnvironment = "EXECUTION_ENVIRONMENT_GEN2";
  }
  out.containers = (tt.containers ?? []).map(containerDefaults);
  // Egress defaults only inside a VpcAccess the caller sent ([I]: we do not invent a VpcAccess).
  if (out.vpcAccess && (!out.vpcAccess.egress || out.vpcAccess.egress === "VPC_EGRESS_UNSPECIFIED")) {
    out.vpcAccess = { ...out.vpcAccess, egress: "PRIVATE_RANGES_ONLY" };
  }
  if (tt.volumes) {
    out.volumes = tt.volumes.map((v) => {
      if (v.secret && !v.secret.defaultMode) return { ...v, secret: { ...v.secret, defaultMode: SECRET_DEFAULT_MODE } };
      // Unspecified medium means memory (§3.3, Terraform default MEMORY [I]).
      if (v.emptyDir && (!v.emptyDir.medium || v.emptyDir.medium === "MEDIUM_UNSPECIFIED"))
        return { ...v, emptyDir: { ...v.emptyDir, medium: "MEMORY" } };
      return v;
    });
  }
  return out;
}

export function executionTemplateDefaults(t: ExecutionTemplate, project: string): ExecutionTemplate {
  return {
    ...t,
    // task_count 0/unset → 1. parallelism 0/unset means "as many as possible" and is echoed
    // as 0 ([U] §3.3: gcloud prints "No limit" for 0, so we keep it unset).
    taskCount: t.taskCount || 1,
    template: taskTemplateDefaults(t.template ?? {}, project),
  };
}

export function applyJobDefaults(job: Job, project: string): Job {
  return {
    ...job,
    launchStage: !job.launchStage || job.launchStage === "LAUNCH_STAGE_UNSPECIFIED" ? "GA" : job.launchStage,
    template: executionTemplateDefaults(job.template ?? {}, project),
  };
}
