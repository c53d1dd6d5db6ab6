// The executions tokens start: awaited with progress lines within the resource's wait limit,
// and judged (core/executions.ts) into outputs or a partial failure.
import type { JobOperation } from "../cloud/gateway";
import { CloudRunError, Code } from "../cloud/errors";
import type { ApiExecution, ApiJob } from "../core/api";
import { type ExecutionToken, executionNameFor, failureReason, outcomeOf, progressLine, runVerdict } from "../core/executions";
import type { JobInputs, Props } from "../core/inputs";
import { shortName } from "../core/names";
import { jobOutputs } from "../core/outputs";
import { partialFailure, type ReconcileContext, say } from "./context";

/** The job's terminal condition, when Cloud Run could not make it ready. */
export function failedReconcile(job: ApiJob): string | undefined {
  const c = job.terminalCondition;
  if (c?.state !== "CONDITION_FAILED") return undefined;
  return `job ${job.name}: Cloud Run could not make the job ready: ${c.message || c.reason || "no reason given"} (terminal condition ${c.type})`;
}

/** The outputs of a job that exists; a job that failed to reconcile is a partial failure. */
export function readyOrPartial(inputs: JobInputs, job: ApiJob): Props {
  const outs = jobOutputs(inputs.props, job);
  const failure = failedReconcile(job);
  if (failure) throw partialFailure(inputs, outs, failure);
  return outs;
}

/**
 * Waits for the execution a token started (or an earlier, interrupted `up` started), printing
 * progress, within the resource's wait limit. `operation` is the CreateJob/UpdateJob operation
 * that carried the token, when this process sent it.
 */
export async function awaitExecution(ctx: ReconcileContext, inputs: JobInputs, token: ExecutionToken, operation?: JobOperation): Promise<Props> {
  const executionName = executionNameFor(inputs.id, token);
  const limit = inputs.waitSeconds;
  const started = Date.now();
  const elapsed = () => `(${Math.round((Date.now() - started) / 1000)} s)`;
  let lastLine = "";
  const onProgress = (e: ApiExecution) => {
    const line = progressLine(e);
    if (line !== lastLine) say(ctx, inputs, `${line} ${elapsed()}`);
    lastLine = line;
  };
  const verb = token.kind === "runExecutionToken" ? "to complete" : "to start";
  say(ctx, inputs, `waiting for execution ${shortName(executionName)} ${verb} (limit ${limit} s)`);

  const { done, operationError } = await ctx.gateway.waitExecution({
    job: inputs.id,
    execution: executionName,
    token,
    deadline: started + limit * 1000,
    ...(operation ? { operation } : {}),
    onProgress,
  });
  const job = await ctx.gateway.getJob(inputs.id);
  if (!job) throw new CloudRunError({ verb: "run", resource: inputs.name, code: Code.NOT_FOUND, detail: "the job disappeared while its execution ran" });
  const outs = jobOutputs(inputs.props, job);
  if (!done) {
    throw partialFailure(
      inputs,
      outs,
      `job ${inputs.name}: execution ${shortName(executionName)} did not ${verb.replace("to ", "")} within ${limit} s. ` +
        "It goes on in Cloud Run; the next `pulumi up` waits for it again (raise `waitTimeoutSeconds` to wait longer)",
    );
  }
  const execution = await ctx.gateway.getExecution(executionName);
  if (execution) say(ctx, inputs, `${progressLine(execution)} ${elapsed()}`);
  const failure = runVerdict(inputs.name, token, execution, operationError);
  if (failure) throw partialFailure(inputs, outs, failure);
  say(ctx, inputs, `execution ${shortName(executionName)} ${token.kind === "runExecutionToken" ? "succeeded" : "started"}`);
  return readyOrPartial(inputs, job);
}

/**
 * The run token last applied keeps its verdict until it changes: a run still going is awaited
 * again, a failed one fails every `up` (without running again), a succeeded one is fine.
 */
export async function reportAppliedRun(ctx: ReconcileContext, inputs: JobInputs, outs: Props): Promise<Props> {
  const token = inputs.token;
  if (token?.kind !== "runExecutionToken") return outs;
  const execution = await ctx.gateway.getExecution(executionNameFor(inputs.id, token));
  if (!execution) return outs; // expired from Cloud Run's history, or never ran here: nothing to report
  const outcome = outcomeOf(execution);
  if (outcome === "pending" || outcome === "running") return awaitExecution(ctx, inputs, token);
  if (outcome === "succeeded") return outs;
  throw partialFailure(inputs, outs, failureReason(inputs.name, execution));
}
