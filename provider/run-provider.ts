// The engine face of a JobRun (job-run.ts): check, diff and the four verbs, over the same gateway
// and stack settings as the Job's (provider.ts makes both). Each entry point reads the engine's
// property bags and calls core/run (pure) or engine/job-runs.ts.
import type * as pulumi from "@pulumi/pulumi";
import { checkRun, diffRun } from "./core/run/check";
import { overridesAnything } from "./core/run/overrides";
import { shortName } from "./core/names";
import type { ReconcileContext } from "./engine/context";
import { createRun, decodeRunInputs, deleteRun, readRun, updateRun } from "./engine/job-runs";

type Props = Record<string, unknown>;

/** A JobRun's entry points, as `pulumi.dynamic.ResourceProvider` names them (configure is the Job's). */
export interface JobRunProvider {
  check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult>;
  diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult>;
  create(inputs: Props): Promise<pulumi.dynamic.CreateResult>;
  read(id: string, props?: Props): Promise<pulumi.dynamic.ReadResult>;
  update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult>;
  delete(id: string, props?: Props): Promise<void>;
}

/** What `up` will do, for the preview: the diff shows a replacement; this line says it runs the job. */
function runPlanLine(news: Props): string {
  const inputs = decodeRunInputs(news);
  const overrides = overridesAnything(inputs.overrides) ? " with its overrides" : "";
  const wait =
    inputs.wait === "none"
      ? "and not wait for it"
      : `and wait up to ${inputs.waitSeconds} s for it to ${inputs.wait === "started" ? "start" : "complete"}${inputs.wait === "completed" ? "; a failed run fails the deploy" : ""}`;
  return `cloudrun job ${inputs.name}: up will run the job${overrides} (a new execution, unless one already carries this run's key) ${wait}`;
}

/** What `up` does with a run the state records as failed or unfinished; undefined for one that succeeded. */
function settledPlanLine(olds: Props): string | undefined {
  const job = typeof olds.job === "string" ? shortName(olds.job) : "";
  const execution = String(olds.execution ?? "");
  if (olds.completionStatus === "EXECUTION_FAILED" || olds.completionStatus === "EXECUTION_CANCELLED") {
    const verdict = olds.completionStatus === "EXECUTION_FAILED" ? "failed" : "was cancelled";
    return `cloudrun job ${job}: execution ${execution} ${verdict}: up will report that failure again and run nothing; change the JobRun's triggers to run again`;
  }
  if (olds.completionStatus === "EXECUTION_PENDING" || olds.completionStatus === "EXECUTION_RUNNING") {
    return `cloudrun job ${job}: execution ${execution} had not finished at the last up: up will wait for it again, not run the job`;
  }
  return undefined;
}

export function createRunProvider(context: () => ReconcileContext): JobRunProvider {
  return {
    async check(olds, news) {
      const checked = checkRun(news);
      if (checked.failures.length) return checked;
      const job = checked.inputs.job;
      // A create (nothing in the state; a replacement is checked again so too): say that up runs the job.
      if (typeof olds.__owner !== "string" && typeof job === "string" && job.startsWith("projects/"))
        context().log(runPlanLine(checked.inputs));
      const refused =
        typeof job === "string" && job.startsWith("projects/") ? await context().gateway.unreachable?.(shortName(job)) : undefined;
      return refused ? { ...checked, failures: [{ property: "", reason: refused }] } : checked;
    },

    async diff(_id, olds, news) {
      const d = diffRun(olds, news);
      // The last up left this run failed (or not done in time): the engine updates anyway (init
      // errors); say what that does, since the diff shows nothing.
      if (!d.replaces.length) {
        const line = settledPlanLine(olds);
        if (line) context().log(line);
      }
      return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: false };
    },

    async create(props) {
      return createRun(context(), decodeRunInputs(props));
    },

    async read(id, props = {}) {
      const outs = await readRun(context(), id, props);
      return { id, props: outs };
    },

    async update(_id, olds, news) {
      return { outs: await updateRun(context(), decodeRunInputs(news), olds) };
    },

    async delete(id, props = {}) {
      await deleteRun(context(), id, props);
    },
  };
}
