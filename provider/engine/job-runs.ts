// A JobRun's life: one execution of a job, started by RunJob with the run's overrides, awaited as
// a token's is (progress, streamed lines, the failure with its reason and log lines), found
// again by its key after an interrupted `up` (core/run/key.ts), and left in Cloud Run's history
// on delete unless asked to cancel it. Permissions are asked first: nothing starts without them.
import { CloudRunError, Code, codeOf } from "../cloud/errors";
import type { ApiExecution } from "../core/api";
import { DEFAULT_WAIT_TIMEOUT_SECONDS, failureReason, outcomeOf, progressLine } from "../core/executions";
import { executionSummary, isFinal } from "../core/execution-summary";
import { DEFAULT_LOG_LINES, secretValuesOf } from "../core/log-lines";
import { shortName } from "../core/names";
import { RUN_PROVIDER } from "../core/run/check";
import { resourceOfKey, runKeyOf } from "../core/run/key";
import { markerOf, overridesAnything, toApiOverrides } from "../core/run/overrides";
import { missingPermissions, permissionsForRun, RUN_WITH_OVERRIDES_PERMISSION } from "../core/run/permissions";
import type { RunOverrides, WaitMode } from "../core/run/schema";
import { JobInitError, type ReconcileContext, say } from "./context";
import type { JobGateway } from "./gateway-contract";
import { logStream, PROGRESS_EVERY_MS, type RunVoice, withLogLines } from "./runs";

type Props = Record<string, unknown>;

/** How many of the job's latest executions are searched for the run's key: one page. */
export const MARKER_SEARCH = 100;
/** The hidden input the JobRun class sends with the paths of its secret values (core/secrets.ts). */
const SECRET_PATHS = "__secretPaths";

/** A JobRun's checked inputs, read. */
export interface RunInputs extends RunVoice {
  readonly props: Props;
  /** The job's id, `projects/…/locations/…/jobs/<name>`. */
  readonly job: string;
  readonly overrides: RunOverrides | undefined;
  readonly wait: WaitMode;
  readonly waitSeconds: number;
  readonly cancelOnDelete: boolean;
  /** The run's key (core/run/key.ts). */
  readonly key: string;
}

export function decodeRunInputs(props: Props): RunInputs {
  const job = String(props.job);
  return {
    props,
    job,
    name: shortName(job),
    overrides: props.overrides as RunOverrides | undefined,
    wait: (props.wait as WaitMode | undefined) ?? "completed",
    waitSeconds: typeof props.waitTimeoutSeconds === "number" ? props.waitTimeoutSeconds : DEFAULT_WAIT_TIMEOUT_SECONDS,
    cancelOnDelete: props.cancelOnDelete === true,
    logLines: typeof props.logLines === "number" ? props.logLines : DEFAULT_LOG_LINES,
    streamLogs: props.streamLogs === true,
    secrets: secretValuesOf(props, props[SECRET_PATHS]),
    key: runKeyOf(props),
  };
}

/** Every gateway method a run needs; a test double without them cannot run. */
function runGateway(
  ctx: ReconcileContext,
): Required<Pick<JobGateway, "testIamPermissions" | "runJob" | "recentExecutions" | "cancelExecution">> & JobGateway {
  const g = ctx.gateway;
  if (!g.testIamPermissions || !g.runJob || !g.recentExecutions || !g.cancelExecution) throw new Error("this gateway cannot run jobs");
  return g as ReturnType<typeof runGateway>;
}

/** The outputs: the inputs as applied, the key, and the execution as it now stands. */
function runOutputs(inputs: RunInputs, execution: ApiExecution, marked: boolean): Props {
  return { ...inputs.props, runKey: inputs.key, marked, ...executionSummary(execution) };
}

/** A run that exists but is not what was asked (failed, or not done in time): state keeps it, `up` fails. */
function runFailure(inputs: RunInputs, outs: Props, reason: string): JobInitError {
  return new JobInitError(String(outs.executionName), { ...outs, [RUN_PROVIDER]: inputs.props[RUN_PROVIDER] }, [reason]);
}

/**
 * The execution an earlier, interrupted `up` of this run started, if any: the newest of the job's
 * latest executions that this resource marked, when it carries this run's key (core/run/key.ts).
 * One marked by this resource for another run (B after A) means the run is new.
 */
async function findMarked(ctx: ReconcileContext, inputs: RunInputs): Promise<ApiExecution | undefined> {
  const executions = await runGateway(ctx).recentExecutions(inputs.job, MARKER_SEARCH);
  const ours = resourceOfKey(inputs.key);
  const newest = executions
    .filter((e) => resourceOfKey(markerOf(e as Parameters<typeof markerOf>[0]) ?? "") === ours)
    .sort(
      (a, b) =>
        Number(b.createTime?.seconds ?? 0) - Number(a.createTime?.seconds ?? 0) || (b.createTime?.nanos ?? 0) - (a.createTime?.nanos ?? 0),
    )[0];
  return newest && markerOf(newest as Parameters<typeof markerOf>[0]) === inputs.key ? newest : undefined;
}

/**
 * What the run needs of IAM, asked before anything starts (testIamPermissions: one call, in `up`
 * only; a preview makes none). Refused with the missing permission and a role that grants it.
 * Answers whether the run can carry its key (marking it is an override too).
 */
async function mayRun(ctx: ReconcileContext, inputs: RunInputs): Promise<{ mark: boolean }> {
  const needed = permissionsForRun(overridesAnything(inputs.overrides));
  const held = await runGateway(ctx).testIamPermissions(inputs.job, [...new Set([...needed, RUN_WITH_OVERRIDES_PERMISSION])]);
  const refusal = missingPermissions(inputs.job, needed, held);
  if (refusal) throw new CloudRunError({ verb: "run", resource: inputs.name, code: Code.PERMISSION_DENIED, detail: refusal, advice: "" });
  return { mark: held.includes(RUN_WITH_OVERRIDES_PERMISSION) };
}

/** Failures after which a RunJob may or may not have landed. */
const AMBIGUOUS = new Set<number>([Code.UNAVAILABLE, Code.DEADLINE_EXCEEDED, Code.INTERNAL, Code.UNKNOWN]);

/** Creating a JobRun: the execution its key marks if an earlier `up` started it, else a new one. */
export async function createRun(ctx: ReconcileContext, inputs: RunInputs): Promise<{ id: string; outs: Props }> {
  const { mark } = await mayRun(ctx, inputs);
  const earlier = mark ? await findMarked(ctx, inputs) : undefined;
  if (earlier) {
    say(
      ctx,
      inputs,
      `execution ${shortName(earlier.name)} already carries this run's key (an earlier \`up\` of it started it, maybe interrupted): it is not run again`,
    );
    return finishRecorded(ctx, inputs, earlier, undefined, true);
  }
  if (!mark) {
    say(ctx, inputs, "runs unmarked (no run.jobs.runWithOverrides): an `up` interrupted while it runs cannot find this execution again");
  }
  const overrides = toApiOverrides(inputs.overrides, mark ? inputs.key : undefined);
  let started: { execution: ApiExecution; operation: string };
  try {
    started = await runGateway(ctx).runJob(inputs.job, overrides);
  } catch (err) {
    // Landed or not? Only a marked run can tell, by its key; an unmarked one is not sent twice.
    const found = mark && AMBIGUOUS.has(codeOf(err) ?? -1) ? await findMarked(ctx, inputs) : undefined;
    if (!found) throw err;
    return finishRecorded(ctx, inputs, found, undefined, true);
  }
  if (!started.execution.name) throw new Error(`run job ${inputs.name}: RunJob's answer names no execution`);
  say(ctx, inputs, `started execution ${shortName(started.execution.name)}`);
  return finishRecorded(ctx, inputs, started.execution, started.operation, mark);
}

/**
 * finish, for an execution that exists: whatever fails from here on (a read refused, retries run
 * out, the wait cut short) leaves the execution in the state, as a partial failure, so the next
 * `up` waits for it or reports it and never runs the job again. The execution is this process's
 * now: a delete in the same deployment (the old half of a `--replace` that found it again by its
 * key) does not cancel it.
 */
async function finishRecorded(
  ctx: ReconcileContext,
  inputs: RunInputs,
  execution: ApiExecution,
  operation: string | undefined,
  marked: boolean,
): Promise<{ id: string; outs: Props }> {
  ctx.madeHere?.add(execution.name ?? "");
  try {
    return await finish(ctx, inputs, execution, operation, marked);
  } catch (err) {
    if (err instanceof JobInitError) throw err;
    const reason = `job ${inputs.name}: execution ${shortName(execution.name)} started, but following it failed: ${err instanceof Error ? err.message : String(err)}. The next \`pulumi up\` follows it again; it is not run again`;
    throw runFailure(inputs, runOutputs(inputs, execution, marked), reason);
  }
}

/**
 * Awaits the run as `wait` says, within the wait limit, and judges it: a failed or cancelled run
 * (when awaited to completion) and one not done in time are partial failures: state records the
 * execution, and the next `up` waits for it again or reports it again, never running the job anew.
 */
async function finish(
  ctx: ReconcileContext,
  inputs: RunInputs,
  execution: ApiExecution,
  operation: string | undefined,
  marked: boolean,
): Promise<{ id: string; outs: Props }> {
  const name = execution.name ?? "";
  const settled = await awaitRun(ctx, inputs, name, operation);
  const now = (await ctx.gateway.getExecution(name)) ?? execution;
  const outs = runOutputs(inputs, now, marked);
  if (inputs.wait !== "none") say(ctx, inputs, progressLine(now));
  if (!settled) {
    const what = inputs.wait === "started" ? "start" : "complete";
    throw runFailure(
      inputs,
      outs,
      `job ${inputs.name}: execution ${shortName(name)} did not ${what} within ${inputs.waitSeconds} s. ` +
        "It goes on in Cloud Run; the next `pulumi up` waits for it again (raise `waitTimeoutSeconds` to wait longer)",
    );
  }
  const outcome = outcomeOf(now);
  if (inputs.wait === "completed" && outcome !== "succeeded") {
    const reason = failureReason(inputs.name, now).replace(
      "Fix the cause and change the token to run it again",
      "Fix the cause and change the JobRun's `triggers` to run it again",
    );
    throw runFailure(inputs, outs, await withLogLines(ctx, inputs, reason, name, now));
  }
  if (inputs.wait !== "none") say(ctx, inputs, `execution ${shortName(name)} ${outcome === "succeeded" ? "succeeded" : "started"}`);
  return { id: name, outs };
}

/** Waits as `wait` says; true once there is nothing more to wait for. */
async function awaitRun(ctx: ReconcileContext, inputs: RunInputs, name: string, operation: string | undefined): Promise<boolean> {
  if (inputs.wait === "none") return true;
  const current = await ctx.gateway.getExecution(name);
  if (current && (inputs.wait === "started" ? outcomeOf(current) !== "pending" : isFinal(executionSummary(current).completionStatus)))
    return true;
  const started = Date.now();
  let lastLine = "";
  let lastSaid = 0;
  const stream = logStream(ctx, inputs, name);
  const verb = inputs.wait === "started" ? "to start" : "to complete";
  say(ctx, inputs, `waiting for execution ${shortName(name)} ${verb} (limit ${inputs.waitSeconds} s)`);
  const { done } = await ctx.gateway.waitExecution({
    job: inputs.job,
    execution: name,
    // The wait's rule, as a token of that kind would have it: started, or finished.
    token: { kind: inputs.wait === "started" ? "startExecutionToken" : "runExecutionToken", value: inputs.key },
    deadline: started + inputs.waitSeconds * 1000,
    // The job's running operations are a Job resource's token runs, never this execution's.
    searchOperations: false,
    // RunJob's operation is done when its execution finishes (docs/cloud-run-facts.md §3.7):
    // waited on to completion; to a start, the execution itself is read.
    ...(operation && inputs.wait === "completed"
      ? { operation: { name: operation, done: false, result: () => Promise.reject(new Error("unused")) } }
      : {}),
    onProgress: async (e) => {
      const line = progressLine(e);
      if (line !== lastLine || Date.now() - lastSaid >= PROGRESS_EVERY_MS / 2) {
        say(ctx, inputs, `${line} (${Math.round((Date.now() - started) / 1000)} s)`);
        lastLine = line;
        lastSaid = Date.now();
      }
      await stream();
    },
  });
  await stream(true);
  return done;
}

/**
 * An update: only how `up` waits changed, or the last `up` left the run failed or unfinished
 * (the engine updates a resource with init errors). Nothing is run: an unfinished execution is
 * awaited again, a failed one reported again.
 */
export async function updateRun(ctx: ReconcileContext, inputs: RunInputs, olds: Props): Promise<Props> {
  const name = String(olds.executionName ?? "");
  const execution = name ? await ctx.gateway.getExecution(name) : undefined;
  if (!execution) {
    say(ctx, inputs, `execution ${shortName(name)} is no longer in Cloud Run's history: its last known state is kept`);
    const kept = { ...olds, ...inputs.props, runKey: inputs.key };
    // A failure the state recorded stands (the preview said so): the run is not judged again.
    const failed = olds.completionStatus === "EXECUTION_FAILED" || olds.completionStatus === "EXECUTION_CANCELLED";
    if (failed && inputs.wait === "completed") {
      throw runFailure(
        inputs,
        kept,
        `job ${inputs.name}: execution ${shortName(name)} ${olds.completionStatus === "EXECUTION_FAILED" ? "failed" : "was cancelled"}: ${String(olds.failureReason || "no reason given")}. Change the JobRun's \`triggers\` to run it again`,
      );
    }
    return kept;
  }
  return (await finishRecorded(ctx, inputs, execution, undefined, olds.marked === true)).outs;
}

/** A refresh: the execution as it now stands; one gone from Cloud Run's history keeps its last state (so it is never run again). */
export async function readRun(ctx: ReconcileContext, id: string, props: Props): Promise<Props> {
  if (isFinal(props.completionStatus)) return props;
  const execution = await ctx.gateway.getExecution(id);
  if (!execution) return props;
  return { ...props, ...executionSummary(execution) };
}

/** A delete: the execution stays in Cloud Run's history; a running one is cancelled only with `cancelOnDelete`. */
export async function deleteRun(ctx: ReconcileContext, id: string, props: Props): Promise<void> {
  // Found again by its key by the new half of a replacement in this deployment: it is that resource's run now.
  if (props.cancelOnDelete !== true || ctx.madeHere?.has(id)) return;
  const execution = await ctx.gateway.getExecution(id);
  if (!execution || isFinal(executionSummary(execution).completionStatus)) return;
  ctx.log(`cloudrun job ${shortName(String(props.job))}: cancelling execution ${shortName(id)} (cancelOnDelete)`);
  await runGateway(ctx).cancelExecution(id);
}
