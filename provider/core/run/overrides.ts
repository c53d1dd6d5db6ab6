// A JobRun's v1 overrides as the v2 `RunJobRequest.Overrides` that @google-cloud/run sends
// (v1 discovery `Overrides`/`ContainerOverride` → v2 `RunJobRequest.Overrides`: container
// overrides keep `name`, `args`, `env` and `clearArgs`; `timeoutSeconds` becomes a Duration;
// env vars map as a job's do, mapping/to-api.ts). Plus the key's env var when the run is marked. Pure.
import type { ApiOverrides } from "../api";
import type { EnvVarManifest } from "../schema";
import { MARKER_ENV } from "./key";
import type { RunOverrides } from "./schema";

type ApiEnvVar = NonNullable<NonNullable<ApiOverrides["containerOverrides"]>[number]["env"]>[number];

function apiEnv(e: EnvVarManifest): ApiEnvVar {
  const ref = e.valueFrom?.secretKeyRef;
  const secret = ref?.name ?? ref?.localObjectReference?.name;
  if (ref) return { name: e.name, valueSource: { secretKeyRef: { secret: secret ?? "", ...(ref.key ? { version: ref.key } : {}) } } };
  return { name: e.name, value: e.value ?? "" };
}

/** Whether the overrides change anything: a run with any needs `run.jobs.runWithOverrides`. */
export function overridesAnything(o: RunOverrides | undefined): boolean {
  if (!o) return false;
  const container = (o.containerOverrides ?? []).some((c) => c.clearArgs || (c.args ?? []).length > 0 || (c.env ?? []).length > 0);
  return container || o.taskCount !== undefined || o.timeoutSeconds !== undefined;
}

/**
 * The v2 overrides; `marker` (the run's key) is added as one more env var of the first container
 * override (or of the job's first container when there is none). Undefined when nothing is sent.
 */
export function toApiOverrides(o: RunOverrides | undefined, marker: string | undefined): ApiOverrides | undefined {
  const containerOverrides = (o?.containerOverrides ?? []).map((c) => ({
    ...(c.name ? { name: c.name } : {}),
    ...(c.args?.length ? { args: c.args } : {}),
    ...(c.env?.length ? { env: c.env.map(apiEnv) } : {}),
    ...(c.clearArgs ? { clearArgs: true } : {}),
  }));
  if (marker !== undefined) {
    const first = containerOverrides[0] ?? {};
    containerOverrides[0] = { ...first, env: [...(first.env ?? []), { name: MARKER_ENV, value: marker }] };
  }
  const out: ApiOverrides = {
    ...(containerOverrides.length ? { containerOverrides } : {}),
    ...(o?.taskCount !== undefined ? { taskCount: o.taskCount } : {}),
    ...(o?.timeoutSeconds !== undefined ? { timeout: { seconds: o.timeoutSeconds, nanos: 0 } } : {}),
  };
  return Object.keys(out).length ? out : undefined;
}

/** The key an execution carries (MARKER_ENV in any of its containers), if any. */
export function markerOf(execution: {
  template?: { containers?: Array<{ env?: Array<{ name?: string | null; value?: string | null }> | null }> | null } | null;
}): string | undefined {
  for (const c of execution.template?.containers ?? []) {
    const found = (c.env ?? []).find((e) => e.name === MARKER_ENV);
    if (found?.value) return found.value;
  }
  return undefined;
}
