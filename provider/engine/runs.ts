// The executions tokens start: awaited with progress lines within the resource's wait limit,
// and judged (core/executions.ts) into outputs or a partial failure. A failed run's error
// carries its failed tasks' last log lines (core/log-lines.ts), read only then.
import type { JobOperation } from "./gateway-contract";
import { CloudRunError, Code } from "../cloud/errors";
import type { ApiExecution, ApiJob } from "../core/api";
import {
  type ExecutionToken,
  executionNameFor,
  FAILED_RUN,
  failedRunMark,
  failureReason,
  outcomeOf,
  progressLine,
  runVerdict,
} from "../core/executions";
import { type JobInputs, type Props, SECRET_PATHS } from "../core/inputs";
import { logsSection, secretValuesOf, streamedLines, type TaskLogLine, unavailableLine } from "../core/log-lines";
import { shortName } from "../core/names";
import { missingPermissions, permissionsForRun } from "../core/run/permissions";
import { jobOutputs } from "../core/outputs";
import { TOKEN_RUN, type TokenRun, tokenRunOf, tokenRunOpen } from "../core/token-run";
import { partialFailure, type ReconcileContext, say } from "./context";

/** The job's terminal condition, when Cloud Run could not make it ready. */
export function failedReconcile(job: ApiJob): string | undefined {
  const c = job.terminalCondition;
  if (c?.state !== "CONDITION_FAILED") return undefined;
  return `job ${job.name}: Cloud Run could not make the job ready: ${c.message || c.reason || "no reason given"} (terminal condition ${c.type})`;
}

/** The outputs of a job that exists; a job that failed to reconcile is a partial failure. */
export function readyOrPartial(inputs: JobInputs, job: ApiJob, extra: Props = {}): Props {
  const outs = { ...jobOutputs(inputs.props, job), ...extra };
  const failure = failedReconcile(job);
  if (failure) throw partialFailure(inputs, outs, failure);
  return outs;
}

/**
 * Whether the deploying identity may run the job (testIamPermissions for `run.jobs.run`), asked
 * before a changed token is sent to a job that exists: refused with the permission and a role
 * that grants it, before anything changes. A create carries its token to a job that does not
 * exist yet, which testIamPermissions cannot be asked about: Cloud Run checks it itself then.
 */
export async function mayRunToken(ctx: ReconcileContext, inputs: JobInputs): Promise<void> {
  if (!ctx.gateway.testIamPermissions) return;
  const needed = permissionsForRun(false);
  const held = await ctx.gateway.testIamPermissions(inputs.id, needed);
  const refusal = missingPermissions(inputs.id, needed, held);
  if (refusal) throw new CloudRunError({ verb: "run", resource: inputs.name, code: Code.PERMISSION_DENIED, detail: refusal, advice: "" });
}

/** Progress says something at least this often while a run is awaited (issue 28). */
export const PROGRESS_EVERY_MS = 10_000;
/** `streamLogs`: at most one Logging read this often, of at most STREAM_LINES lines. */
export const STREAM_EVERY_MS = 5_000;
export const STREAM_LINES = 50;

/** Who speaks about a run, and how: the job's name, the log settings, the values to mask. */
export interface RunVoice {
  readonly name: string;
  readonly logLines: number;
  readonly streamLogs: boolean;
  /** The secret values of the inputs, masked in log lines (core/log-lines.ts). */
  readonly secrets: readonly string[];
}

function voiceOf(inputs: JobInputs): RunVoice {
  return { ...inputs, secrets: secretValuesOf(inputs.props, inputs.props[SECRET_PATHS]) };
}

/**
 * The failure reason with the failed tasks' last lines after it (or the one line that says why
 * there are none). Logging is read here only: after a run failed, never on success or preview.
 */
export async function withLogLines(
  ctx: ReconcileContext,
  inputs: RunVoice,
  reason: string,
  executionName: string,
  execution: ApiExecution | undefined,
): Promise<string> {
  if (!execution || inputs.logLines <= 0 || !ctx.gateway.failedRunLogs) return reason;
  const logs = await ctx.gateway.failedRunLogs(executionName, inputs.logLines).catch((err: unknown) => ({
    tasks: [],
    moreFailed: 0,
    unavailable: { kind: "failed" as const, status: "error", detail: err instanceof Error ? err.message : String(err) },
  }));
  const section = logsSection(logs, inputs.logLines, inputs.secrets);
  return section ? `${reason}\n${section}` : reason;
}

/** A failed run as a partial failure: its reason, its lines, and its mark in the outputs (preview's plan). */
async function failedRun(
  ctx: ReconcileContext,
  inputs: JobInputs,
  outs: Props,
  token: ExecutionToken,
  reason: string,
  execution: ApiExecution | undefined,
  operationError?: string,
): Promise<never> {
  const executionName = executionNameFor(inputs.id, token);
  const marked =
    token.kind === "runExecutionToken" ? { ...outs, [FAILED_RUN]: failedRunMark(token, execution, executionName, operationError) } : outs;
  throw partialFailure(inputs, marked, await withLogLines(ctx, voiceOf(inputs), reason, executionName, execution));
}

/**
 * `streamLogs`: the tasks' lines as they come, printed about the job; at most one Logging read
 * every STREAM_EVERY_MS, STREAM_LINES lines each, masked. A read that fails says so once and
 * ends the stream; the wait goes on.
 */
export function logStream(ctx: ReconcileContext, inputs: RunVoice, executionName: string) {
  const read = ctx.gateway.runLogLines?.bind(ctx.gateway);
  let on = inputs.streamLogs && !!read;
  let lastRead = 0;
  let after: string | undefined;
  // Lines at the cursor's instant already printed: the next read starts at that instant again.
  let seenAtCursor = new Set<string>();
  const secrets = inputs.secrets;
  const key = (l: TaskLogLine) => `${l.task}\u0000${l.stream}\u0000${l.text}`;
  return async (force = false) => {
    if (!on || !read || (!force && Date.now() - lastRead < STREAM_EVERY_MS)) return;
    lastRead = Date.now();
    const got = await read(executionName, after, STREAM_LINES);
    if (got.unavailable) {
      on = false;
      say(ctx, inputs, `${unavailableLine(got.unavailable)} (streaming stopped)`);
      return;
    }
    const lines = got.lines.filter((l) => !(l.timestamp === after && seenAtCursor.has(key(l))));
    for (const line of streamedLines(lines, secrets)) say(ctx, inputs, line);
    const last = lines.at(-1);
    if (!last) return;
    if (last.timestamp !== after) seenAtCursor = new Set();
    after = last.timestamp;
    for (const l of lines) if (l.timestamp === after) seenAtCursor.add(key(l));
  };
}

/**
 * Waits for the execution a token started (or an earlier, interrupted `up` started), printing
 * progress at least every PROGRESS_EVERY_MS, within the resource's wait limit. `operation` is
 * the CreateJob/UpdateJob operation that carried the token, when this process sent it.
 */
export async function awaitExecution(
  ctx: ReconcileContext,
  inputs: JobInputs,
  token: ExecutionToken,
  operation?: JobOperation,
): Promise<Props> {
  const executionName = executionNameFor(inputs.id, token);
  const limit = inputs.waitSeconds;
  const started = Date.now();
  const elapsed = () => `(${Math.round((Date.now() - started) / 1000)} s)`;
  let lastLine = "";
  let lastSaid = 0;
  const stream = logStream(ctx, voiceOf(inputs), executionName);
  const onProgress = async (e: ApiExecution) => {
    const line = progressLine(e);
    // Every poll (at most PROGRESS_EVERY_MS apart, cloud/gateway.ts) says where the run stands;
    // a server that answers early does not make it chatter: an unchanged line waits its turn.
    if (line !== lastLine || Date.now() - lastSaid >= PROGRESS_EVERY_MS / 2) {
      say(ctx, inputs, `${line} ${elapsed()}`);
      lastLine = line;
      lastSaid = Date.now();
    }
    await stream();
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
  await stream(true);
  const job = await ctx.gateway.getJob(inputs.id);
  if (!job)
    throw new CloudRunError({
      verb: "run",
      resource: inputs.name,
      code: Code.NOT_FOUND,
      detail: "the job disappeared while its execution ran",
    });
  const execution = await ctx.gateway.getExecution(executionName);
  // The token's own run (core/token-run.ts), in every outcome below.
  const tokenRun = execution ? { [TOKEN_RUN]: tokenRunOf(token, execution) } : {};
  const outs = { ...jobOutputs(inputs.props, job), ...tokenRun };
  if (!done) {
    throw partialFailure(
      inputs,
      outs,
      `job ${inputs.name}: execution ${shortName(executionName)} did not ${verb.replace("to ", "")} within ${limit} s. ` +
        "It goes on in Cloud Run; the next `pulumi up` waits for it again (raise `waitTimeoutSeconds` to wait longer)",
    );
  }
  if (execution) say(ctx, inputs, `${progressLine(execution)} ${elapsed()}`);
  const failure = runVerdict(inputs.name, token, execution, operationError);
  if (failure) return failedRun(ctx, inputs, outs, token, failure, execution, operationError);
  say(ctx, inputs, `execution ${shortName(executionName)} ${token.kind === "runExecutionToken" ? "succeeded" : "started"}`);
  return readyOrPartial(inputs, job, tokenRun);
}

/**
 * The run token last applied keeps its verdict until it changes: a run still going is awaited
 * again, a failed one fails every `up` (without running again, with its lines), a succeeded one is fine.
 */
export async function reportAppliedRun(ctx: ReconcileContext, inputs: JobInputs, applied: Props, kept?: TokenRun): Promise<Props> {
  const token = inputs.token;
  const outs = kept ? { ...applied, [TOKEN_RUN]: kept } : applied;
  // A start token's run is read again only while it may still change; a run token's always (its verdict stands).
  // (A state from before tokenRun existed has none: read once, then kept.)
  if (!token || (token.kind === "startExecutionToken" && kept && !tokenRunOpen(kept))) return outs;
  const execution = await ctx.gateway.getExecution(executionNameFor(inputs.id, token));
  if (!execution) return outs; // expired from Cloud Run's history, or never ran here: nothing to report
  if (token.kind === "startExecutionToken") return { ...outs, [TOKEN_RUN]: tokenRunOf(token, execution) };
  const outcome = outcomeOf(execution);
  if (outcome === "pending" || outcome === "running") return awaitExecution(ctx, inputs, token);
  const fresh = { ...outs, [TOKEN_RUN]: tokenRunOf(token, execution) };
  if (outcome === "succeeded") return fresh;
  return failedRun(ctx, inputs, fresh, token, failureReason(inputs.name, execution), execution);
}
