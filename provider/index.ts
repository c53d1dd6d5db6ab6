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
import type * as Convert from "./core/convert";
import type { ConversionOptions, ConversionResult, StackJobResource } from "./core/convert/result";

export { Job, type JobArgs, type DeepInput, type JobMetadataOutput } from "./job";
export { JobRun, type JobRunArgs } from "./job-run";
export type { RunOverridesInput, ContainerOverride, RunEnvVar } from "./core/run/public-types";
export type { TokenRun } from "./core/token-run";
export type { ExecutionSummary, CompletionStatus } from "./core/execution-summary";
export type { V1JobStatus, V1Condition, V1ExecutionReference } from "./core/v1-status";
export type { JobManifest, JobManifestInput, JobStatus } from "./core/public-types";
export type { CheckFailure } from "./core/failures";
export { validateJobName } from "./core/names";
export type { ConversionOptions, ConversionResult, Refusal, StackJobResource } from "./core/convert/result";

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

/**
 * Converts the arguments of a `gcp.cloudrunv2.Job` (@pulumi/gcp, camelCase, as a program writes
 * them or as a stack's state holds them) to the v1 manifest `new Job` takes. What has no v1
 * counterpart is in `notes`; what cannot be converted is in `refusals`, each naming the pulumi-gcp
 * property, and then there is no manifest. `options` says where the job lives when the arguments
 * do not (pulumi-gcp then used its provider's project). docs/from-pulumi-gcp.md has the field table.
 */
export function fromCloudRunV2Job(args: unknown, options?: ConversionOptions): ConversionResult {
  return (require("./core/convert") as typeof Convert).fromCloudRunV2Job(args, options);
}

/**
 * The `gcp:cloudrunv2/job:Job` resources of a `pulumi stack export` (the whole JSON, its
 * `deployment`, or its `resources`); `problem` says why when the JSON is not an export.
 */
export function cloudRunV2JobsInStackExport(exported: unknown): { jobs: StackJobResource[]; problem?: string } {
  return (require("./core/convert") as typeof Convert).cloudRunV2JobsInStackExport(exported);
}

/**
 * Converts one resource of `cloudRunV2JobsInStackExport`: its inputs, placed by its outputs (or
 * its id) where they do not say; secrets need `pulumi stack export --show-secrets`.
 */
export function fromStackExportResource(resource: StackJobResource, options?: ConversionOptions): ConversionResult {
  return (require("./core/convert") as typeof Convert).fromStackExportResource(resource, options);
}
