// Conditions as Cloud Run reports them: a Job's terminal condition is "Ready"; an Execution's
// are ResourcesAvailable → Started → Completed, "Completed" being the terminal one.
// docs/cloud-run-facts.md §3.4, §3.8. "Successful conditions cannot have a reason."
import { timestamp } from "./time";
import type { Condition } from "./types";

export type State = "CONDITION_PENDING" | "CONDITION_RECONCILING" | "CONDITION_FAILED" | "CONDITION_SUCCEEDED";

export function condition(type: string, state: State, now: Date, extra: Partial<Condition> = {}): Condition {
  const c: Condition = { type, state, lastTransitionTime: timestamp(now), ...extra };
  if (state === "CONDITION_FAILED" && !c.severity) c.severity = "ERROR";
  return c;
}

/** Replaces the condition of the same type, keeping the transition time when the state did not change. */
export function setCondition(list: Condition[] | null | undefined, next: Condition): Condition[] {
  const out = [...(list ?? [])];
  const i = out.findIndex((c) => c.type === next.type);
  if (i < 0) out.push(next);
  else {
    const same = out[i]!.state === next.state && out[i]!.message === next.message;
    out[i] = same ? { ...next, lastTransitionTime: out[i]!.lastTransitionTime } : next;
  }
  return out;
}

export const ready = (now: Date): Condition => condition("Ready", "CONDITION_SUCCEEDED", now);
export const reconcilingReady = (now: Date, message: string): Condition => condition("Ready", "CONDITION_RECONCILING", now, { message });
export const failedReady = (now: Date, message: string): Condition => condition("Ready", "CONDITION_FAILED", now, { message });
