// Reconciliation: what create, update, read and delete do to bring a job to its inputs, through
// the injected gateway. Decisions are the pure core's (inputs, diff, executions, outputs); this
// module only sequences the calls and turns failures once the job exists into partial failures.
import type { JobOperation } from "./gateway-contract";
import { CloudRunError, Code, codeOf, ConfigurationError } from "../cloud/errors";
import type { ApiJob } from "../core/api";
import { executionNameFor, type ExecutionToken, tokenOf } from "../core/executions";
import { keptTokenRun, TOKEN_RUN, type TokenRun, tokenRunOf, tokenRunOpen } from "../core/token-run";
import {
  appliedInputsOf,
  KEPT_ON_READ,
  type JobInputs,
  type LastRead,
  liveInputs,
  matchesLive,
  previousInputsOf,
  type Props,
} from "../core/inputs";
import { toApiJob } from "../core/mapping";
import { jobOutputs } from "../core/outputs";
import { ownerAnnotationOf, withOwner } from "../core/ownership";
import { verifyProjectNumber } from "./placement";
import { partialFailure, type ReconcileContext, say } from "./context";
import { claimForUpdate, claimFound, ownerToRewrite, reportOwnerOnRead } from "./ownership";
import { awaitExecution, failedReconcile, mayRunToken, readyOrPartial, reportAppliedRun } from "./runs";

/** The v2 job body for inputs: the manifest mapped, tokens only when they are to be sent. */
function apiJobFor(inputs: JobInputs, sendTokens: boolean): ApiJob {
  const job = toApiJob(inputs.manifest);
  job.annotations = withOwner(job.annotations, inputs.owner);
  if (!sendTokens) {
    delete job.startExecutionToken;
    delete job.runExecutionToken;
  }
  return job;
}

/** When the operation itself failed, the job may still exist: then it is a partial failure. */
async function rethrowAsPartial(ctx: ReconcileContext, inputs: JobInputs, err: unknown): Promise<never> {
  if (err instanceof CloudRunError && err.code !== Code.INVALID_ARGUMENT && err.code !== Code.ALREADY_EXISTS) {
    const live = await ctx.gateway.getJob(inputs.id).catch(() => undefined);
    if (live) throw partialFailure(inputs, jobOutputs(inputs.props, live), err.message);
  }
  throw err;
}

/**
 * Sends a create or update and sees it through: the job made ready and, when it carries a new
 * token, the execution awaited (started, or completed for a run token). Any failure once the
 * job exists is a partial failure, so state records the job and the token as applied.
 */
async function applyChange(
  ctx: ReconcileContext,
  inputs: JobInputs,
  token: ExecutionToken | undefined,
  send: () => Promise<JobOperation>,
): Promise<Props> {
  let op: JobOperation;
  try {
    op = await send();
    if (!token) return readyOrPartial(inputs, await op.result());
  } catch (err) {
    return rethrowAsPartial(ctx, inputs, err);
  }
  return awaitExecution(ctx, inputs, token, op);
}

/**
 * UpdateJob of `inputs` over a job just read, with that read's etag. A running execution moves
 * the job's etag as it goes (its status changes, not its spec): refused with ABORTED while the
 * generation read is still the job's, the update is sent once more with the new etag. A change
 * of the spec meanwhile (a new generation) is someone else's edit, and stays refused.
 */
async function updateOver(ctx: ReconcileContext, inputs: JobInputs, live: ApiJob, sendTokens: boolean): Promise<JobOperation> {
  const body = { ...apiJobFor(inputs, sendTokens), name: inputs.id };
  try {
    return await ctx.gateway.startUpdateJob({ ...body, etag: live.etag ?? "" });
  } catch (err) {
    if (codeOf(err) !== Code.ABORTED) throw err;
    const fresh = await ctx.gateway.getJob(inputs.id);
    if (!fresh || String(fresh.generation) !== String(live.generation)) throw err;
    return ctx.gateway.startUpdateJob({ ...body, etag: fresh.etag ?? "" });
  }
}

/**
 * The one answer to "the token's execution already exists" (an earlier `up` started it and was
 * interrupted or ran out of time): update the job only if it drifted from the inputs, then
 * await that execution rather than send the token again (ALREADY_EXISTS, or a second run).
 * Undefined when the execution does not exist.
 */
async function resumeExistingRun(
  ctx: ReconcileContext,
  inputs: JobInputs,
  token: ExecutionToken,
  live?: ApiJob,
): Promise<Props | undefined> {
  if (!(await ctx.gateway.getExecution(executionNameFor(inputs.id, token)))) return undefined;
  const current = live ?? (await ctx.gateway.getJob(inputs.id));
  // Tokens are never sent here; an update only brings the job (and a taken-over owner) in line.
  if (current && (!matchesLive(inputs.props, current) || ownerToRewrite(inputs, current))) {
    await applyChange(ctx, inputs, undefined, () => updateOver(ctx, inputs, current, false));
  }
  return awaitExecution(ctx, inputs, token);
}

/**
 * Brings an existing job to the inputs: updated only if it differs (an adopted job that
 * already matches is left untouched; it gets the owner annotation with its next update, unless
 * it is taken over from another resource: then our owner is written at once), and a token's
 * execution started only if it does not exist yet; an existing one is awaited. Callers have
 * checked the job's owner first (ownership.ts).
 */
async function converge(ctx: ReconcileContext, inputs: JobInputs, live: ApiJob): Promise<Props> {
  const token = inputs.token;
  const resumed = token ? await resumeExistingRun(ctx, inputs, token, live) : undefined;
  if (resumed) return resumed;
  if (!token && matchesLive(inputs.props, live)) {
    if (!ownerToRewrite(inputs, live)) return readyOrPartial(inputs, live);
    say(ctx, inputs, "the job matches the manifest: only the owner annotation is written");
    return applyChange(ctx, inputs, undefined, () => updateOver(ctx, inputs, live, false));
  }
  if (token) await mayRunToken(ctx, inputs);
  return applyChange(ctx, inputs, token, () => updateOver(ctx, inputs, live, true));
}

/** `new Job(name, args, { import: id })`: take over an existing job and converge it on the manifest. */
async function adopt(ctx: ReconcileContext, inputs: JobInputs, importId: string): Promise<Props> {
  if (importId !== inputs.id) {
    throw new ConfigurationError(
      `adopt job ${inputs.name}: the import id ${importId} is not this resource's id ${inputs.id}; make project, region and metadata.name match the job to adopt`,
    );
  }
  const live = await ctx.gateway.getJob(inputs.id);
  if (!live) {
    throw new CloudRunError({
      verb: "adopt",
      resource: inputs.name,
      code: Code.NOT_FOUND,
      detail: `${inputs.id} does not exist`,
      advice: "remove the import option to create it",
    });
  }
  claimFound(ctx, "adopt", inputs, live);
  return converge(ctx, inputs, live);
}

export async function createJob(ctx: ReconcileContext, inputs: JobInputs): Promise<Props> {
  await verifyProjectNumber(ctx, inputs);
  if (inputs.adopt !== undefined) return adopt(ctx, inputs, inputs.adopt);
  try {
    return await applyChange(ctx, inputs, inputs.token, () =>
      ctx.gateway.startCreateJob(inputs.project, inputs.region, inputs.name, apiJobFor(inputs, true)),
    );
  } catch (err) {
    if (!(err instanceof CloudRunError) || err.code !== Code.ALREADY_EXISTS) throw err;
    // The job exists. If this resource made it (a create whose answer was lost: a timeout, a
    // killed process), take it back and finish the job. Another Pulumi resource's job is
    // refused unless takeOwnershipFrom names that owner; a job made outside Pulumi (no owner)
    // is refused with ALREADY_EXISTS's advice (adopt it with `import`).
    const live = await ctx.gateway.getJob(inputs.id);
    if (!live || !inputs.owner || ownerAnnotationOf(live.annotations) === undefined) throw err;
    if (claimFound(ctx, "create", inputs, live).kind === "ours") {
      say(
        ctx,
        inputs,
        "found the job this resource created in an earlier, interrupted run (or is replacing under the same name): taking it over",
      );
    }
    // Taken back under its name: if this deployment is a replacement that kept the name
    // (`pulumi up --replace`), the old resource's delete that follows must leave it (context.ts).
    ctx.madeHere?.add(inputs.id);
    return converge(ctx, inputs, live);
  }
}

/**
 * UpdateJob with the etag last read (AIP-154, https://google.aip.dev/154). An etag mismatch
 * whose generation is unchanged means only status moved (an execution ran): retry once with
 * the fresh etag. A changed generation means someone else changed the job: say so, and how to see it.
 */
async function updateWithEtag(
  ctx: ReconcileContext,
  inputs: JobInputs,
  body: ApiJob,
  etag: string,
  last: LastState,
): Promise<JobOperation> {
  try {
    return await ctx.gateway.startUpdateJob({ ...body, name: inputs.id, ...(etag ? { etag } : {}) });
  } catch (err) {
    if (!(err instanceof CloudRunError) || err.code !== Code.ABORTED) throw err;
    const live = await ctx.gateway.getJob(inputs.id);
    if (live && Number(live.generation ?? 0) === last.generation) {
      // Taken over in between? Its new owner would have changed the generation; checked anyway.
      claimForUpdate(ctx, inputs, live, last.previousOwner);
      return ctx.gateway.startUpdateJob({ ...body, name: inputs.id, etag: live.etag ?? "" });
    }
    throw new CloudRunError({
      verb: "update",
      resource: inputs.id,
      code: Code.ABORTED,
      detail: `the job was changed outside Pulumi since it was last read (generation ${last.generation} → ${live?.generation ?? "deleted"})`,
      advice: "Run `pulumi refresh` to see the change, then `pulumi up`",
    });
  }
}

/** What update knows of the state it replaces: the etag and generation last read, the owner it recorded. */
export interface LastState extends LastRead {
  /** The owner the state recorded (ownership.ts): the resource's former name after an alias. */
  previousOwner?: string;
  /** The token's run the state recorded, when the token is unchanged (core/token-run.ts). */
  tokenRun?: TokenRun;
}

/** What diff found between the state and the new inputs. */
export interface UpdatePlan {
  /** Something besides tokens changed. */
  changes: boolean;
  /** A token changed: its execution is to run. */
  tokenChanged: boolean;
  /**
   * Only which values are secret changed (core/secrets.ts): nothing is sent to Cloud Run; the
   * job is read and the outputs returned again, so the engine writes them with the new secretness.
   */
  secretnessOnly?: boolean;
}

export async function updateJob(ctx: ReconcileContext, inputs: JobInputs, last: LastState, plan: UpdatePlan): Promise<Props> {
  await verifyProjectNumber(ctx, inputs);
  // Whose the job is now comes first: one another resource took over is neither changed nor
  // run (not even a token's execution), whatever the state says (ownership.ts).
  const live = await ctx.gateway.getJob(inputs.id);
  if (live) claimForUpdate(ctx, inputs, live, last.previousOwner);
  const token = plan.tokenChanged ? inputs.token : undefined;
  if (token) {
    const resumed = await resumeExistingRun(ctx, inputs, token, live);
    if (resumed) return resumed;
    if (live) await mayRunToken(ctx, inputs);
    return applyChange(ctx, inputs, token, () => updateWithEtag(ctx, inputs, apiJobFor(inputs, true), last.etag, last));
  }
  let outs: Props;
  if (plan.changes) {
    // Tokens are sent only when they changed: an unrelated update must not run the job again.
    outs = await applyChange(ctx, inputs, undefined, () => updateWithEtag(ctx, inputs, apiJobFor(inputs, false), last.etag, last));
  } else {
    // Called with no change to the manifest: the last `up` left the job failed (a partial
    // failure), or only secretness changed. Retry the reconcile if the job is not ready; the
    // run below is reported, never started again.
    if (!live) {
      throw new CloudRunError({
        verb: "update",
        resource: inputs.id,
        code: Code.NOT_FOUND,
        detail: "the job no longer exists",
        advice: "run `pulumi refresh`, then `pulumi up`",
      });
    }
    // A change of secretness alone rewrites the outputs from the job as it is: a job left
    // failed stays a partial failure, retried by the next `up` with no change.
    outs =
      failedReconcile(live) && !plan.secretnessOnly
        ? await applyChange(ctx, inputs, undefined, () => updateWithEtag(ctx, inputs, apiJobFor(inputs, false), live.etag ?? "", last))
        : readyOrPartial(inputs, live);
  }
  return reportAppliedRun(ctx, inputs, outs, last.tokenRun);
}

/** A refresh: the live job as inputs and outputs, or undefined when it was deleted outside Pulumi. */
export async function readJob(ctx: ReconcileContext, id: string, state: Props): Promise<{ inputs: Props; outs: Props } | undefined> {
  const live = await ctx.gateway.getJob(id);
  if (!live) return undefined;
  // Another resource's now: kept (it still exists), said so; update refuses to touch it.
  reportOwnerOnRead(ctx, id, state, live);
  const inputs = liveInputs(previousInputsOf(id, state), live);
  for (const key of KEPT_ON_READ) if (state[key] !== undefined) inputs[key] = state[key];
  const outs = jobOutputs(appliedInputsOf(inputs), live);
  // The token's own run: kept as the state has it, read again only while it may still change.
  const kept = keptTokenRun(state, inputs.spec);
  const token = tokenOf(inputs.spec);
  // Read while it may still change, or once for a state from before tokenRun existed.
  const fresh = token && (!kept || tokenRunOpen(kept)) ? await ctx.gateway.getExecution(executionNameFor(id, token)) : undefined;
  const tokenRun = token && fresh ? tokenRunOf(token, fresh) : kept;
  return { inputs, outs: tokenRun ? { ...outs, [TOKEN_RUN]: tokenRun } : outs };
}
