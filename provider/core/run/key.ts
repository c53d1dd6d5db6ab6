// The key that tells a JobRun's execution from every other execution of the job. RunJob picks
// the execution's name itself and takes no request id (v2 `RunJobRequest`), so the key travels as
// one env var of the run's overrides (MARKER_ENV): an `up` interrupted after RunJob finds its
// execution again by it, and waits for that one instead of running the job a second time
// (engine/job-runs.ts). The key is `<resource>-<run>`: a digest of the resource (its owner string,
// `<stack>::<project>::<name>`), and one of what defines the run (the job, the overrides, the
// triggers). The engine checks a replacement with no old inputs (pulumi/pulumi step_generator.go),
// so a run cannot chain from the one it replaces; instead, the newest execution of the resource
// decides: the same run when its run part matches, a new run otherwise (A, B, then A runs again).
// Pure.
import { createHash } from "node:crypto";

/** The env var that carries the key into the execution (visible to its tasks). */
export const MARKER_ENV = "PULUMI_CLOUDRUN_JOBRUN";

/** JSON with object keys sorted at every depth: equal values, equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? "null";
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

function digest(parts: readonly unknown[], length: number): string {
  return createHash("sha256").update(parts.map(String).join("\n")).digest("hex").slice(0, length);
}

/** `<resource>-<run>`: 12 + 20 hex digits (inputs as check returned them). */
export function runKeyOf(inputs: Record<string, unknown>): string {
  const resource = digest([inputs.__owner ?? ""], 12);
  const run = digest([inputs.job ?? "", canonicalJson(inputs.overrides ?? null), canonicalJson(inputs.triggers ?? null)], 20);
  return `${resource}-${run}`;
}

/** The resource part of a key: which JobRun marked an execution. */
export function resourceOfKey(key: string): string {
  return key.split("-")[0] ?? "";
}
