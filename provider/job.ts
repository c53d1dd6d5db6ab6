// The Pulumi face of the provider: `new Job(name, manifest)`.
import * as pulumi from "@pulumi/pulumi";
import type { JobManifestInput } from "./core/public-types";
import type { V1JobStatus } from "./core/v1-status";
import type { TokenRun } from "./core/token-run";
import { ownerOf } from "./core/ownership";
import {
  containsOpaque,
  NOT_YET_KNOWN,
  type PlaintextSecretEnv,
  plaintextSecretEnvs,
  plaintextSecretWarning,
  SECRET,
  secretPathsIn,
} from "./core/secrets";
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
   * How many of the last log lines of each failed task (its last attempt, stdout and stderr
   * interleaved) a failed run's `up` error shows, read from Cloud Logging only after a failure
   * (the deploying identity needs `roles/logging.viewer`); default 20, at most 1000, 0 for none.
   * Values given as secrets are masked in them. Not part of the manifest.
   */
  logLines?: pulumi.Input<number>;
  /**
   * Prints the tasks' log lines into the `up` output while it waits for a run (at most one
   * Cloud Logging read every 5 s, 50 lines each), masked like the error's; default false.
   * Not part of the manifest.
   */
  streamLogs?: pulumi.Input<boolean>;
  /**
   * Lets this resource take over a job that another Pulumi resource owns: the owner named by
   * the job's `pulumi-cloudrun-jobs/owner` annotation, `<stack>::<project>::<resource>`. Without
   * it, adopting (the `import` option) or finding such a job is refused before any change.
   * With it, the job is taken over and its annotation names this resource; the former owner's
   * stack then no longer changes, runs or deletes it. Not part of the manifest: adding or
   * removing it changes nothing by itself.
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

/** What the SDK's Outputs carry at run time besides their public face (@internal there). */
interface OutputInternals {
  isKnown: Promise<boolean>;
  promise(withUnknowns?: boolean): Promise<unknown>;
}

const isPromiseLike = (v: unknown): v is PromiseLike<unknown> =>
  typeof v === "object" && v !== null && typeof (v as { then?: unknown }).then === "function";
/** A value the args walk cannot look into without waiting. */
const needsResolving = (v: unknown): boolean => pulumi.Output.isInstance(v) || isPromiseLike(v);

/**
 * The args as a plain tree (core/secrets.ts): every Output and Promise resolved, a secret Output
 * replaced by SECRET (never looked into), a value not known yet by NOT_YET_KNOWN. A subtree with
 * nothing to resolve is returned as is, synchronously: no promise per property.
 */
function resolveMarked(value: unknown): unknown {
  if (pulumi.Output.isInstance(value)) return resolveOutput(value);
  if (isPromiseLike(value)) return Promise.resolve(value).then(resolveMarked);
  if (pulumi.isUnknown(value)) return NOT_YET_KNOWN;
  if (Array.isArray(value)) {
    const items = value.map(resolveMarked);
    return items.some(isPromiseLike) ? Promise.all(items) : items;
  }
  if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.entries(value).map(([k, v]) => [k, resolveMarked(v)] as const);
    if (!entries.some(([, v]) => isPromiseLike(v))) return Object.fromEntries(entries);
    return Promise.all(entries.map(async ([k, v]) => [k, await v] as const)).then(Object.fromEntries);
  }
  return value;
}

async function resolveOutput(output: pulumi.Output<unknown>): Promise<unknown> {
  if (await pulumi.isSecret(output)) return SECRET;
  const internals = output as unknown as OutputInternals;
  const [known, value] = await Promise.all([internals.isKnown, internals.promise(true)]);
  if (!known && (value === undefined || pulumi.isUnknown(value))) return NOT_YET_KNOWN;
  return resolveMarked(value);
}

/**
 * The paths of the args' secret values, once they resolve (core/secrets.ts), or undefined when the
 * args hold no Output or Promise (nothing can be secret: missing means none). `warn` hears of env
 * vars that look secret and are plaintext.
 */
export function secretPathsOfArgs(args: object, warn: (found: PlaintextSecretEnv[]) => void): Promise<string[]> | undefined {
  if (!containsOpaque(args, needsResolving)) return undefined;
  return Promise.resolve(resolveMarked(args)).then(
    (tree) => {
      warn(plaintextSecretEnvs(tree));
      return secretPathsIn(tree);
    },
    // An Output that fails fails the registration through its own property; none here.
    () => [],
  );
}

/** The Pulumi Cloud organization, or "" (a DIY backend's placeholder "organization", or none set, as in some test set-ups). */
function organizationOf(): string {
  try {
    const organization = pulumi.getOrganization();
    return organization && organization !== "organization" ? organization : "";
  } catch {
    return "";
  }
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
   * The execution the current token (`runExecutionToken` or `startExecutionToken`) started, and
   * its result: what a migration gate should read. A run started elsewhere (console, Scheduler,
   * gcloud) never changes it, unlike `status.latestCreatedExecution`. Absent without a token.
   */
  declare public readonly tokenRun: pulumi.Output<TokenRun | undefined>;

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
      tokenRun: undefined,
    };
    if (importId !== undefined && !rest.id) props.__adopt = importId;
    // Also tells the provider the logical name (autonames): every property a resource
    // registers costs the program time on each run, so one hidden input carries both.
    props.__owner = ownerOf(pulumi.getStack(), pulumi.getProject(), name);
    // What else tells this resource from another of the same owner string, for the seed of its
    // autoname (core/autoname.ts): the Pulumi Cloud organization, and the parent's URN (two
    // Jobs of one name under two components). Registered only when there is either.
    const org = organizationOf();
    if (rest.parent) props.__nameSeed = rest.parent.urn.apply((urn) => `${org}\n${urn}`);
    else if (org) props.__nameSeed = org;
    // The engine cannot match replaceOnChanges against a dynamic resource's diff; the provider does.
    if (rest.replaceOnChanges?.length) props.__replaceOnChanges = rest.replaceOnChanges;
    // Which values are secret (core/secrets.ts): the provider gets them all as plain values, so
    // it learns that one became secret (and the state must be rewritten) only from this list.
    // Only Outputs can be secret: args without an Output or a Promise are not walked again and
    // register no such property (missing means none); with one, a single promise resolves it.
    // Env vars that look secret and are plaintext get one warning on this resource.
    // biome-ignore lint/complexity/noUselessThisAlias: `this` cannot be touched before super(); the warning, sent later, needs the resource.
    let self: Job | undefined;
    const warn = (found: PlaintextSecretEnv[]) => {
      const message = plaintextSecretWarning(found);
      if (message) void pulumi.log.warn(message, self);
    };
    let plaintext: PlaintextSecretEnv[] = [];
    const paths = args ? secretPathsOfArgs(args, warn) : undefined;
    if (paths) props.__secretPaths = paths;
    else if (args) plaintext = plaintextSecretEnvs(args);
    // The SDK makes four promises for each registered property and stamps each with
    // `new Error().stack`, read only to report leaked promises when PULUMI_DEBUG_PROMISE_LEAKS
    // is set; formatting those stacks was about a third of a program's CPU per Job
    // (measured under the SDK's mocks, per Job, with and without the stacks; the preview and up
    // ratios of bench figures 1 and 2 moved with it). They are left empty unless that variable
    // asks for them.
    // Source positions are unaffected (the SDK lifts the limit itself for them), and an error
    // thrown here gets a stack taken at the caller. Resource transformations the SDK runs inside
    // this call see the same limit.
    const limit = Error.stackTraceLimit;
    if (!process.env.PULUMI_DEBUG_PROMISE_LEAKS) Error.stackTraceLimit = 0;
    try {
      super(shim, name, props, rest, "cloudrun", "Job");
      self = this;
    } catch (err) {
      Error.stackTraceLimit = limit;
      if (err instanceof Error) Error.captureStackTrace(err, Job);
      throw err;
    } finally {
      Error.stackTraceLimit = limit;
    }
    if (plaintext.length) warn(plaintext);
  }

  /** A read-only reference to an existing job, by its id `projects/P/locations/R/jobs/N`. */
  public static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): Job {
    return new Job(name, {} as JobArgs, { ...opts, id });
  }
}
