// The inputs of a JobRun: one execution of a job, with the per-run overrides of the `run`
// method in the seed's v1 shape (v1 discovery `Overrides`, `ContainerOverride`; what
// `gcloud run jobs execute --args --update-env-vars --tasks --task-timeout` sends). The single
// source of truth for check (check.ts) and for the types the JobRun class exposes.
import { z } from "zod";
import { refused } from "../schema/helpers";
import { envVarSchema, MAX_ARGS, MAX_TASK_COUNT } from "../schema/v1";

/** How long `up` waits: until the execution completed (default), until it started, or not at all. */
export const WAIT_MODES = ["completed", "started", "none"] as const;
export type WaitMode = (typeof WAIT_MODES)[number];

/** docs/cloud-run-facts.md §7: a task runs 1 s to 168 h. */
export const MAX_RUN_TIMEOUT_SECONDS = 168 * 3600;
/** The longest `up` may be asked to wait for one run: the longest a run may last. */
export const MAX_WAIT_SECONDS = MAX_RUN_TIMEOUT_SECONDS;

const wholeSeconds = (max: number, what: string) =>
  z
    .union([z.number(), z.string().regex(/^\d+$/, { error: `must be a whole number of seconds, e.g. 600 (${what})` })], {
      error: `must be a whole number of seconds, e.g. 600 (${what})`,
    })
    .transform(Number)
    .pipe(
      z
        .number()
        .int({ error: `must be a whole number of seconds (${what})` })
        .min(1, { error: `must be at least 1 second (${what})` })
        .max(max, { error: `must be at most ${max} seconds (${what})` }),
    );

export const containerOverrideSchema = z.strictObject({
  name: z.string().optional().meta({ description: "The container to override; the job's only (first) container when left out." }),
  args: z
    .array(z.string({ error: "must be a string: quote it in YAML" }))
    .max(MAX_ARGS, { error: `at most ${MAX_ARGS} arguments` })
    .optional()
    .meta({ description: "Replace the container's args for this run (`gcloud run jobs execute --args`)." }),
  env: z
    .array(envVarSchema)
    .optional()
    .meta({ description: "Set these env vars for this run, on top of the job's (`--update-env-vars`)." }),
  clearArgs: z.boolean({ error: "must be true or false" }).optional().meta({ description: "Run with no args at all." }),
});

export const runOverridesSchema = z.strictObject({
  containerOverrides: z.array(containerOverrideSchema).optional(),
  taskCount: z
    .number({ error: "must be a whole number of tasks" })
    .int({ error: "must be a whole number of tasks" })
    .min(1, { error: "must be at least 1 task" })
    .max(MAX_TASK_COUNT, { error: `must be at most ${MAX_TASK_COUNT} tasks` })
    .optional()
    .meta({ description: "Run this many tasks (`--tasks`)." }),
  timeoutSeconds: wholeSeconds(MAX_RUN_TIMEOUT_SECONDS, "168 h is the longest a task may run")
    .optional()
    .meta({ description: "Each task's timeout for this run (`--task-timeout`)." }),
  delayExecution: refused("the v2 `run` method this package calls has no delayed start: leave `delayExecution` out"),
});

export const jobRunInputsSchema = z.strictObject({
  job: z
    .string({ error: "is required: a Job resource, or a job's id `projects/<project>/locations/<region>/jobs/<name>`" })
    .regex(/^projects\/[^/]+\/locations\/[^/]+\/jobs\/[^/]+$/, {
      error: "must be a Job resource or a job's id `projects/<project>/locations/<region>/jobs/<name>`",
    }),
  overrides: runOverridesSchema.optional(),
  triggers: z.unknown().optional().meta({ description: "Any values: a change of them runs the job again (a replacement)." }),
  wait: z.enum(WAIT_MODES, { error: "must be `completed`, `started` or `none`" }).optional(),
  waitTimeoutSeconds: wholeSeconds(MAX_WAIT_SECONDS, "168 h is the longest a run may last").optional(),
  cancelOnDelete: z.boolean({ error: "must be true or false" }).optional(),
  logLines: z
    .number({ error: "must be a whole number of lines" })
    .int({ error: "must be a whole number of lines" })
    .min(0, { error: "must be 0 (none) or more" })
    .max(1000, { error: "must be at most 1000" })
    .optional(),
  streamLogs: z.boolean({ error: "must be true or false" }).optional(),
});

export type RunOverrides = z.output<typeof runOverridesSchema>;
export type JobRunInputs = z.output<typeof jobRunInputsSchema>;
