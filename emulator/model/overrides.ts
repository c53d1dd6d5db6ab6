// RunJobRequest.overrides applied to a copy of the job's execution template.
// docs/cloud-run-facts.md §2.2 (RunJobRequest.Overrides), §2.3.
import type { FieldViolation } from "../base/errors";
import type { EnvVar, ExecutionTemplate, Overrides } from "./types";
import { MAX_TASK_COUNT, validateTimeout } from "./validation";
import { validateEnv } from "./validation";

export function validateOverrides(o: Overrides | null | undefined, template: ExecutionTemplate): FieldViolation[] {
  if (!o) return [];
  const v: FieldViolation[] = [];
  const containers = template.template?.containers ?? [];
  (o.containerOverrides ?? []).forEach((co, i) => {
    const p = `overrides.container_overrides[${i}]`;
    // An unnamed override targets the only (first) container ([I]).
    if (co.name && !containers.some((c) => c.name === co.name)) {
      v.push({ field: `${p}.name`, description: `Container '${co.name}' does not exist in the job.` });
    }
    if (co.clearArgs && (co.args ?? []).length > 0)
      v.push({ field: `${p}.clear_args`, description: "clear_args cannot be set together with args." });
    v.push(...validateEnv(co.env ?? [], `${p}.env`));
  });
  const taskCount = o.taskCount ?? 0;
  if (taskCount < 0 || taskCount > MAX_TASK_COUNT)
    v.push({ field: "overrides.task_count", description: `Must be between 1 and ${MAX_TASK_COUNT}.` });
  if (o.timeout) v.push(...validateTimeout(o.timeout, "overrides.timeout"));
  return v;
}

/** Whether a RunJobRequest overrides anything (a run with overrides needs run.jobs.runWithOverrides). */
export function hasOverrides(o: Overrides | null | undefined): boolean {
  if (!o) return false;
  const container = (o.containerOverrides ?? []).some((co) => co.clearArgs || (co.args ?? []).length > 0 || (co.env ?? []).length > 0);
  return container || (o.taskCount ?? 0) > 0 || !!o.timeout;
}

function mergeEnv(base: EnvVar[], extra: EnvVar[]): EnvVar[] {
  const out = [...base];
  for (const e of extra) {
    const i = out.findIndex((b) => b.name === e.name);
    if (i >= 0) out[i] = e;
    else out.push(e);
  }
  return out;
}

/** The template an execution runs: overrides replace args/task_count/timeout and merge env (§2.2). */
export function applyOverrides(template: ExecutionTemplate, o: Overrides | null | undefined): ExecutionTemplate {
  const copy = structuredClone(template);
  if (!o) return copy;
  const tt = copy.template!;
  for (const co of o.containerOverrides ?? []) {
    const target = co.name ? tt.containers?.find((c) => c.name === co.name) : tt.containers?.[0];
    if (!target) continue;
    if (co.clearArgs) target.args = [];
    else if ((co.args ?? []).length > 0) target.args = [...co.args!];
    if ((co.env ?? []).length > 0) target.env = mergeEnv(target.env ?? [], co.env!);
  }
  if (o.taskCount) copy.taskCount = o.taskCount;
  if (o.timeout) tt.timeout = o.timeout;
  return copy;
}
