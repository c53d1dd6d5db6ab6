// The Pulumi face of the provider: `new Job(name, manifest)`.
import * as pulumi from "@pulumi/pulumi";
import type { JobManifestInput } from "./schema";
import { shim } from "./shim";

/** Accepts a Pulumi Input (a value, a Promise or an Output) at every level. */
export type DeepInput<T> = T extends string | number | boolean
  ? pulumi.Input<T>
  : T extends Array<infer U>
    ? pulumi.Input<Array<DeepInput<U>>>
    : T extends object
      ? pulumi.Input<{ [K in keyof T]: DeepInput<T[K]> }>
      : pulumi.Input<T>;

/** Arguments of a Job: a Cloud Run Admin API v1 Job manifest, plus `project` and `region`. */
export type JobArgs = { [K in keyof JobManifestInput]: DeepInput<JobManifestInput[K]> };

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
  declare public readonly metadata: pulumi.Output<Record<string, unknown>>;
  /** The spec as applied. */
  declare public readonly spec: pulumi.Output<Record<string, unknown>>;
  /** The job's status in the v1 JobStatus shape. */
  declare public readonly status: pulumi.Output<Record<string, unknown>>;

  constructor(name: string, args: JobArgs, opts?: pulumi.CustomResourceOptions) {
    // A fresh object: dynamic.Resource writes `__provider` into the props it is given.
    const props: Record<string, unknown> = {
      ...args,
      __logicalName: name,
      project: args.project,
      region: args.region,
      name: undefined,
      apiVersion: args.apiVersion,
      kind: args.kind,
      status: undefined,
      schemaVersion: undefined,
    };
    super(shim, name, props, opts, "cloudrun", "Job");
  }
}
