// Values Cloud Run fills in when a field is left out. The canonical form leaves every one of them
// out, so that writing a default explicitly and omitting it compare equal, and so that what the
// server echoes back reads as what the user wrote. docs/architecture.md, facts: server defaults.
import { MiB } from "./quantities";

export const DEFAULT_TASK_COUNT = 1;
/** "if this field is 0 or unset, the maximum possible value will be used" (ExecutionSpec.parallelism). */
export const DEFAULT_PARALLELISM = 0;
export const DEFAULT_MAX_RETRIES = 3;
export const DEFAULT_TIMEOUT_SECONDS = 600;
/** 168 h: the longest task timeout (docs configuring/task-timeout, docs/architecture.md facts: v1 → v2 mapping). */
export const MAX_TIMEOUT_SECONDS = 168 * 3600;
/** GPU tasks may run for at most 1 h (docs/architecture.md facts: v1 → v2 mapping). */
export const MAX_GPU_TIMEOUT_SECONDS = 3600;
export const DEFAULT_CPU_MILLIS = 1000;
export const DEFAULT_MEMORY_BYTES = 512 * MiB;
/** The Compute Engine default service account, `{PROJECT_NUMBER}-compute@developer.gserviceaccount.com` (docs/architecture.md facts: server defaults). */
export const DEFAULT_SERVICE_ACCOUNT = /^\d+-compute@developer\.gserviceaccount\.com$/;
export const DEFAULT_LAUNCH_STAGE = "GA";
/** "If 0 or not set, it will default to 0444" (SecretVolumeSource.defaultMode). */
export const DEFAULT_SECRET_MODE = 0o444;
/** Probe defaults from the Probe field descriptions in the v1 discovery document. */
export const PROBE_DEFAULTS = {
  initialDelaySeconds: 0,
  timeoutSeconds: 1,
  periodSeconds: 10,
  failureThreshold: 3,
} as const;
export const DEFAULT_HTTP_PATH = "/";
/** "If omitted, a port number will be chosen" — 8080, the `PORT` Cloud Run sets (Container.ports, docs/architecture.md facts: server defaults). */
export const DEFAULT_CONTAINER_PORT = 8080;
