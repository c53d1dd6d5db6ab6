// What a conversion from `gcp.cloudrunv2.Job` gives back. Plain types only: the package's public
// declarations (provider/index.ts) name them, and must never reach zod's.
import type { CheckFailure } from "../failures";
import type { JobManifestInput } from "../public-types";

/** A property of the pulumi-gcp resource that cannot become a v1 manifest, and why. */
export type Refusal = CheckFailure;

/** A conversion's outcome: the manifest and the import id, or the refusals; notes either way. */
export interface ConversionResult {
  /** The v1 manifest (`apiVersion`, `kind`, `metadata`, `spec`), with `project` and `region` when known; absent when anything was refused. */
  manifest?: JobManifestInput;
  /** `projects/P/locations/R/jobs/N`, the `import` option that adopts the job, when name, project and location are known. */
  importId?: string;
  /** What was left out or changed on the way, and why: `<pulumi-gcp property>: <what>`. */
  notes: string[];
  /** What cannot be converted, each naming the pulumi-gcp property path. */
  refusals: Refusal[];
}

/** Where the job lives when the arguments do not say (pulumi-gcp then uses its provider's project). */
export interface ConversionOptions {
  project?: string;
  location?: string;
}

/** A `gcp:cloudrunv2/job:Job` resource of a `pulumi stack export`. */
export interface StackJobResource {
  urn: string;
  /** The logical (Pulumi) name: the URN's last part. */
  resourceName: string;
  /** The Cloud Run job's id, `projects/P/locations/R/jobs/N`, when the state has it. */
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  /** The resource's `protect` option. */
  protect?: boolean;
}
