// The Pulumi face of the provider: `new Job(name, manifest)`.
import * as pulumi from "@pulumi/pulumi";
import type { JobManifestInput } from "./core/public-types";
import type { V1JobStatus } from "./core/v1-status";
import { ownerOf } from "./core/ownership";
import { shim } from "./shim";

/** Accepts a Pulumi Input (a value, a Promise or an Output) at every level. */
export type DeepInput<T> = T extends string | number | boolean
  ? pulumi.Input<T>
  : T extends Array<infer U>
    ? pulumi.Input<Array<DeepInput<U>>>
    : T extends object
      ? pulumi.Input<{ [K in keyof T]: DeepInput<T[K]> }>
      : pulumi.Input<T>;

/**
 * Arguments of a Job: a Cloud Run Admin API v1 Job manifest (`apiVersion`, `kind`, `metadata`,
 * `spec`, and a `status` that is accepted and ignored), plus `project` and `region` when the
 * manifest does not carry them (`metadata.namespace`, label `cloud.googleapis.com/location`).
 */
export type JobArgs = { [K in keyof JobManifestInput]: DeepInput<JobManifestInput[K]> } & {
  /**
   * How long `pulumi up` waits for the execution a changed `runExecutionToken` (or
   * `startExecutionToken`) starts, in seconds; default 3600. When it passes, `up` fails saying
   * so, the run goes on in Cloud Run, and the next `up` waits for the same execution.
   */
  waitTimeoutSeconds?: pulumi.Input<number>;
  /**
   * Lets this resource take over a job that another Pulumi resource owns: the owner named by
   * the job's `pulumi-cloudrun-jobs/owner` annotation, `<stack>::<project>::<resource>`. Without
   * it, adopting (the `import` option) or finding such a job is refused before any change.
   */
  takeOwnershipFrom?: pulumi.Input<string>;
};

/** The job's metadata as outputs: the manifest's, plus what Cloud Run reports. */
export interface JobMetadataOutput {
  name: string;
  /** The project. */
  namespace: string;
  uid: string;
  generation: number;
  /** The etag of the last read; update sends it back. */
  resourceVersion: string;
  creationTimestamp: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** A Cloud Run job, declared as a v1 `namespaces.jobs` manifest and managed through the v2 API. */
export class Job extends pulumi.dynamic.Resource {
  /** The project the job lives in. */
  declare public readonly project: pulumi.Output<string>;
  /** The region (Cloud Run location) of the job. */
  declare public readonly region: pulumi.Output<string>;
  /** The job's name (its id in Cloud Run). */
  declare public readonly name: pulumi.Output<string>;
  declare public readonly apiVersion: pulumi.Output<string>;
  declare public readonly kind: pulumi.Output<string>;
  /** Object metadata: name, namespace, uid, generation, creationTimestamp, labels, annotations. */
  declare public readonly metadata: pulumi.Output<JobMetadataOutput>;
  /** The spec as applied (canonical form). */
  declare public readonly spec: pulumi.Output<Record<string, unknown>>;
  /** The job's status in the v1 JobStatus shape. */
  declare public readonly status: pulumi.Output<V1JobStatus>;

  /**
   * @param name the Pulumi resource name; also the base of the job's autoname when
   *   `metadata.name` is not given.
   * @param args the v1 manifest, plus `project` and `region`.
   * @param opts resource options. `import: "projects/P/locations/R/jobs/N"` adopts an existing
   *   job: it is taken over and converged on the manifest on the first `up` (the engine's own
   *   import path cannot read dynamic resources).
   */
  constructor(name: string, args: JobArgs, opts?: pulumi.CustomResourceOptions) {
    const { import: importId, ...rest } = opts ?? {};
    // A fresh object: dynamic.Resource writes `__provider` into the props it is given.
    const props: Record<string, unknown> = {
      ...(args ?? {}),
      project: args?.project,
      region: args?.region,
      name: undefined,
      apiVersion: args?.apiVersion,
      kind: args?.kind,
      metadata: args?.metadata,
      spec: args?.spec,
      status: undefined,
    };
    if (importId !== undefined && !rest.id) props.__adopt = importId;
    // Also tells the provider the logical name (autonames): every property a resource
    // registers costs the program time on each run, so one hidden input carries both.
    props.__owner = ownerOf(pulumi.getStack(), pulumi.getProject(), name);
    // The engine cannot match replaceOnChanges against a dynamic resource's diff; the provider does.
    if (rest.replaceOnChanges?.length) props.__replaceOnChanges = rest.replaceOnChanges;
    // The SDK makes four promises for each registered property and stamps each with
    // `new Error().stack`, read only to report leaked promises when PULUMI_DEBUG_PROMISE_LEAKS
    // is set; formatting those stacks was about a third of a program's CPU per Job
    // (bench/ANALYSIS.md, section 3). They are left empty unless that variable asks for them.
    // Source positions are unaffected (the SDK lifts the limit itself for them), and an error
    // thrown here gets a stack taken at the caller. Resource transformations the SDK runs inside
    // this call see the same limit.
    const limit = Error.stackTraceLimit;
    if (!process.env.PULUMI_DEBUG_PROMISE_LEAKS) Error.stackTraceLimit = 0;
    try {
      super(shim, name, props, rest, "cloudrun", "Job");
    } catch (err) {
      Error.stackTraceLimit = limit;
      if (err instanceof Error) Error.captureStackTrace(err, Job);
      throw err;
    } finally {
      Error.stackTraceLimit = limit;
    }
  }

  /** A read-only reference to an existing job, by its id `projects/P/locations/R/jobs/N`. */
  public static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): Job {
    return new Job(name, {} as JobArgs, { ...opts, id });
  }
}
