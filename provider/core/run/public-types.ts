// Plain types of a JobRun's overrides, so the package's declarations never reach zod's;
// test/provider/core/run/public-types.check.ts proves them equal to the schema's (schema.ts).

/** One env var of a run's override: a value, or a Secret Manager secret. */
export interface RunEnvVar {
  name: string;
  value?: string | undefined;
  valueFrom?:
    | {
        secretKeyRef?:
          | {
              name?: string | undefined;
              key?: string | undefined;
              localObjectReference?: { name?: string | undefined } | undefined;
              optional?: false | undefined;
            }
          | undefined;
        configMapKeyRef?: undefined;
      }
    | undefined;
}

/** What one container does differently in this run (v1 `ContainerOverride`). */
export interface ContainerOverride {
  /** The container; the job's only (first) one when left out. */
  name?: string | undefined;
  /** Replaces the container's args (`gcloud run jobs execute --args`). */
  args?: string[] | undefined;
  /** Set on top of the job's env (`--update-env-vars`). */
  env?: RunEnvVar[] | undefined;
  /** Runs with no args at all. */
  clearArgs?: boolean | undefined;
}

/** A run's overrides, in the shape of the v1 `run` method's `Overrides`. */
export interface RunOverridesInput {
  containerOverrides?: ContainerOverride[] | undefined;
  /** How many tasks (`--tasks`). */
  taskCount?: number | undefined;
  /** Each task's timeout, in seconds (`--task-timeout`). */
  timeoutSeconds?: number | string | undefined;
  delayExecution?: undefined;
}
