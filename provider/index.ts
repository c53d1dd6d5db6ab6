// The package's public face: the Job resource, its types, and the pure helpers that tools
// (editors, CI checks, the export command) use to validate manifests.
//
// A program that declares Jobs loads this file on every `pulumi preview` and `up`, before it
// registers anything. The helpers that need the zod schemas load them at their first call:
// loading zod and the schemas costs ~110 ms of CPU, loading the Job class ~1 ms
// (bench/ANALYSIS.md, figure 1).
import type * as Schema from "./core/schema";
import type * as JsonSchema from "./core/json-schema";
import type { CheckFailure, JobManifest } from "./core/schema";

export { Job, type JobArgs, type DeepInput, type JobMetadataOutput } from "./job";
export type { V1JobStatus, V1Condition, V1ExecutionReference } from "./core/outputs";
export type { JobManifest, JobManifestInput, JobStatus, CheckFailure } from "./core/schema";
export { locationHints } from "./core/canonical";
export { validateJobName } from "./core/names";

/** Validates raw inputs; returns the canonical manifest, or the failures, each naming its property. */
export function checkJobManifest(raw: unknown): { manifest?: JobManifest; failures: CheckFailure[] } {
  return (require("./core/schema") as typeof Schema).checkJobManifest(raw);
}

/** The manifest's JSON Schema (draft-07, what YAML editors support best). */
export function jobJsonSchema(): Record<string, unknown> {
  return (require("./core/json-schema") as typeof JsonSchema).jobJsonSchema();
}
