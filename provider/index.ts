// The package's public face: the Job resource, its types, and the pure helpers that tools
// (editors, CI checks, the export command) use to validate manifests.
//
// A program that declares Jobs loads this file on every `pulumi preview` and `up`, before it
// registers anything. The helpers that need the zod schemas load them at their first call:
// zod and the schemas cost far more to load than the Job class (bench figure 9 and its load-cost
// details: the package in a program, with and without them).
//
// Every type this file and job.ts expose is plain (core/public-types.ts, core/v1-status.ts,
// core/failures.ts): the declarations a user's `tsc` reads never reach zod's.
import type * as Location from "./core/canonical/location";
import type { CheckFailure } from "./core/failures";
import type * as JsonSchema from "./core/json-schema";
import type { JobManifest } from "./core/public-types";
import type * as ManifestCheck from "./core/check/manifest";

export { Job, type JobArgs, type DeepInput, type JobMetadataOutput } from "./job";
export { JobRun, type JobRunArgs } from "./job-run";
export type { RunOverridesInput, ContainerOverride, RunEnvVar } from "./core/run/public-types";
export type { TokenRun } from "./core/token-run";
export type { ExecutionSummary, CompletionStatus } from "./core/execution-summary";
export type { V1JobStatus, V1Condition, V1ExecutionReference } from "./core/v1-status";
export type { JobManifest, JobManifestInput, JobStatus } from "./core/public-types";
export type { CheckFailure } from "./core/failures";
export { validateJobName } from "./core/names";

/** Validates raw inputs; returns the canonical manifest, or the failures, each naming its property. */
export function checkJobManifest(raw: unknown): { manifest?: JobManifest; failures: CheckFailure[] } {
  return (require("./core/check/manifest") as typeof ManifestCheck).checkJobManifest(raw);
}

/** Where a manifest says its job lives: `project` or `metadata.namespace`, `region` or the location label. */
export function locationHints(raw: unknown): { project?: string; region?: string } {
  return (require("./core/canonical/location") as typeof Location).locationHints(raw);
}

/** The manifest's JSON Schema (draft-07, what YAML editors support best). */
export function jobJsonSchema(): Record<string, unknown> {
  return (require("./core/json-schema") as typeof JsonSchema).jobJsonSchema();
}
