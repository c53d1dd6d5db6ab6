// The Pulumi face of one execution of a job: `new JobRun(name, { job, overrides, triggers })`,
// what `gcloud run jobs execute --args … --update-env-vars … --tasks … --task-timeout …` does,
// declared in the program (README, "Runs as resources").
import * as pulumi from "@pulumi/pulumi";
import type { CompletionStatus } from "./core/execution-summary";
import { ownerOf } from "./core/ownership";
import type { RunOverridesInput } from "./core/run/public-types";
import { plaintextSecretWarning } from "./core/secrets";
import { type DeepInput, Job, secretPathsOfArgs } from "./job";
import { runShim } from "./run-shim";

export interface JobRunArgs {
  /** The job to run: a `Job` resource, or a job's id `projects/<project>/locations/<region>/jobs/<name>`. */
  job: Job | pulumi.Input<string>;
  /** What this run does differently, in the v1 `run` method's shape; needs `run.jobs.runWithOverrides`. */
  overrides?: DeepInput<RunOverridesInput>;
  /** Any values: a change of them runs the job again (the JobRun is replaced; the old execution stays in Cloud Run's history). */
  triggers?: pulumi.Input<unknown>;
  /** How long `up` waits: until the execution `completed` (default; a failed run fails the deploy), `started`, or `none`. */
  wait?: pulumi.Input<"completed" | "started" | "none">;
  /** The longest `up` waits, in seconds (default 3600); the run goes on past it, and the next `up` waits again. */
  waitTimeoutSeconds?: pulumi.Input<number>;
  /** Cancel the execution when this resource is destroyed while it still runs (default false: it runs on). */
  cancelOnDelete?: pulumi.Input<boolean>;
  /** How many of each failed task's last log lines a failed run's error shows (default 20, 0 for none). */
  logLines?: pulumi.Input<number>;
  /** Print the tasks' log lines into the `up` output while it waits (default false). */
  streamLogs?: pulumi.Input<boolean>;
}

/** One execution of a Cloud Run job, with per-run overrides, started when the resource is created. */
export class JobRun extends pulumi.dynamic.Resource {
  /** The job's id. */
  declare public readonly job: pulumi.Output<string>;
  /** The execution's full resource name (the resource's id too). */
  declare public readonly executionName: pulumi.Output<string>;
  /** The execution's short name, as `gcloud run jobs executions describe` takes it. */
  declare public readonly execution: pulumi.Output<string>;
  declare public readonly completionStatus: pulumi.Output<CompletionStatus>;
  declare public readonly taskCount: pulumi.Output<number>;
  declare public readonly succeededCount: pulumi.Output<number>;
  declare public readonly failedCount: pulumi.Output<number>;
  declare public readonly cancelledCount: pulumi.Output<number>;
  declare public readonly runningCount: pulumi.Output<number>;
  declare public readonly retriedCount: pulumi.Output<number>;
  /** RFC 3339; "" when not yet. */
  declare public readonly createTime: pulumi.Output<string>;
  declare public readonly startTime: pulumi.Output<string>;
  declare public readonly completionTime: pulumi.Output<string>;
  /** Where its logs are in the Cloud Console. */
  declare public readonly logUri: pulumi.Output<string>;
  /** Why it failed or was cancelled; "" otherwise. */
  declare public readonly failureReason: pulumi.Output<string>;
  /** Whether the execution carries this run's key (needs `run.jobs.runWithOverrides`): only then can an interrupted `up` find it again. */
  declare public readonly marked: pulumi.Output<boolean>;

  constructor(name: string, args: JobRunArgs, opts?: pulumi.CustomResourceOptions) {
    const job = args?.job instanceof Job ? args.job.id : args?.job;
    const props: Record<string, unknown> = {
      job,
      overrides: args?.overrides,
      triggers: args?.triggers,
      wait: args?.wait,
      waitTimeoutSeconds: args?.waitTimeoutSeconds,
      cancelOnDelete: args?.cancelOnDelete,
      logLines: args?.logLines,
      streamLogs: args?.streamLogs,
      __owner: ownerOf(pulumi.getStack(), pulumi.getProject(), name),
      executionName: undefined,
      execution: undefined,
      completionStatus: undefined,
      taskCount: undefined,
      succeededCount: undefined,
      failedCount: undefined,
      cancelledCount: undefined,
      runningCount: undefined,
      retriedCount: undefined,
      createTime: undefined,
      startTime: undefined,
      completionTime: undefined,
      logUri: undefined,
      failureReason: undefined,
      marked: undefined,
    };
    // Secret override values are masked in the log lines a failed run shows (core/secrets.ts).
    // biome-ignore lint/complexity/noUselessThisAlias: `this` cannot be touched before super(); the warning, sent later, needs the resource.
    let self: JobRun | undefined;
    const paths = args
      ? secretPathsOfArgs({ overrides: args.overrides, triggers: args.triggers }, (found) => {
          const message = plaintextSecretWarning(found);
          if (message) void pulumi.log.warn(message, self);
        })
      : undefined;
    if (paths) props.__secretPaths = paths;
    // runKey is a digest over the overrides and triggers, secrets included: kept encrypted in the state.
    super(
      runShim,
      name,
      props,
      { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "runKey"] },
      "cloudrun",
      "JobRun",
    );
    self = this;
  }
}
