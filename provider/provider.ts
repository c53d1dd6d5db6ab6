// The dynamic provider's implementation: orchestration only. Loaded by package name
// (`pulumi-cloudrun-jobs/impl`) inside the provider process, so the serialized
// `__provider` stays a tiny shim (../shared/reference/pulumi-dynamic-providers.md §1).
// Decisions live in pure modules (schema, canonical, mapping, diff, outputs); the network
// lives in the gateway.
import type * as pulumi from "@pulumi/pulumi";
import { autonameJob } from "./core/autoname";
import { diffJob, nameIsFixed } from "./core/diff";
import {
  DEFAULT_WAIT_TIMEOUT_SECONDS,
  type ExecutionToken,
  executionNameFor,
  failureReason,
  hasStarted,
  outcomeOf,
  progressLine,
  shortName,
  tokenOf,
} from "./core/executions";
import { CloudRunError, Code, Gateway, jobPath, type ApiJob, type JobOperation } from "./cloud/gateway";
import { fromApiJob, toApiJob } from "./core/mapping";
import { validateJobName, validateNameAndTokenLength } from "./core/names";
import { type AppliedInputs, jobOutputs, SCHEMA_VERSION } from "./core/outputs";
import { checkJobManifest, type CheckFailure, type JobManifest } from "./core/schema";
import { UNKNOWN } from "./core/unknown";
import { locationHints } from "./core/canonical";
import { logicalNameOfOwner, ownerAnnotationOf, withOwner, withoutOwner } from "./core/ownership";

export { SCHEMA_VERSION, UNKNOWN };

type Props = Record<string, unknown>;

/**
 * Inputs the provider keeps for itself; never shown in diffs (`__` keys are hidden). The
 * logical name (the base of autonames) is read from the owner the Job class sends; check
 * stores it under its own key.
 */
const LOGICAL_NAME = "__logicalName";
/** Set by the Job class from the `import` resource option: adopt this job on create. */
const ADOPT = "__adopt";
/** Set by the Job class: which resource owns the job (ownership.ts). */
const OWNER = "__owner";
/** Set by the Job class from the `replaceOnChanges` resource option (see diff.ts). */
const REPLACE_ON = "__replaceOnChanges";
const HIDDEN_KEYS = new Set(["__provider", LOGICAL_NAME, ADOPT, OWNER, REPLACE_ON]);
/** How long `up` waits for a token's execution; not part of the manifest, never a diff. */
const WAIT = "waitTimeoutSeconds";
/** Keys of the inputs that are not the v1 manifest. */
const NOT_MANIFEST = new Set([...HIDDEN_KEYS, "name", WAIT]);

interface Settings {
  project?: string;
  region?: string;
}

const settings: Settings = {};

/**
 * Stack config `gcp:project`/`gcp:region` (the dynamic-provider host sends the whole stack
 * config, pulumi-dynamic-providers.md §3), then the environment variables gcloud and Google's
 * client libraries use.
 */
export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  const env = process.env;
  settings.project =
    req.config.get("gcp:project") ?? env.GOOGLE_CLOUD_PROJECT ?? env.GCLOUD_PROJECT ?? env.CLOUDSDK_CORE_PROJECT;
  settings.region = req.config.get("gcp:region") ?? env.GOOGLE_CLOUD_REGION ?? env.CLOUDSDK_RUN_REGION;
}

function manifestPart(props: Props): Props {
  return Object.fromEntries(Object.entries(props).filter(([k]) => !NOT_MANIFEST.has(k)));
}

/** The resource's logical name: stored by check, else carried by the owner (ownership.ts). */
function logicalNameOf(props: Props): string | undefined {
  if (typeof props[LOGICAL_NAME] === "string") return props[LOGICAL_NAME];
  return typeof props[OWNER] === "string" ? logicalNameOfOwner(props[OWNER]) : undefined;
}

function resolveName(olds: Props, news: Props, manifest: JobManifest): string {
  const given = manifest.metadata?.name;
  if (given !== undefined) return given;
  // Keep an autoname across updates: only a new logical name makes a new one.
  if (typeof olds.name === "string" && logicalNameOf(olds) === logicalNameOf(news) && !nameIsFixed(olds)) return olds.name;
  return autonameJob(logicalNameOf(news) ?? "job");
}

export async function check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
  const raw = manifestPart(news);
  // Project and region are resolved before the canonical form is made: it expands short
  // names (a VPC connector, a Cloud SQL instance) against them.
  const hints = locationHints(raw);
  const project = hints.project ?? settings.project;
  const region = hints.region ?? settings.region;
  const { manifest, failures } = checkJobManifest({
    ...raw,
    // Filled in only where the manifest says nothing: a bad value of its own must be refused.
    ...(raw.project === undefined && project !== undefined ? { project } : {}),
    ...(raw.region === undefined && region !== undefined ? { region } : {}),
  });
  if (!manifest) return { inputs: news, failures };
  const problems: CheckFailure[] = [];
  if (!project) {
    problems.push({
      property: "project",
      reason: "no project: set `project` or `metadata.namespace`, or run `pulumi config set gcp:project <project-id>`",
    });
  }
  if (!region) {
    problems.push({
      property: "region",
      reason: "no region: set `region` or the label `cloud.googleapis.com/location`, or run `pulumi config set gcp:region <region>`",
    });
  }
  const name = resolveName(olds, news, manifest);
  const nameProblem = validateJobName(name);
  if (nameProblem) problems.push({ property: "metadata.name", reason: nameProblem });
  for (const token of ["startExecutionToken", "runExecutionToken"] as const) {
    const value = manifest.spec[token];
    const tooLong = typeof value === "string" ? validateNameAndTokenLength(name, value) : undefined;
    if (tooLong) problems.push({ property: `spec.${token}`, reason: tooLong });
  }
  const wait = news[WAIT];
  if (wait !== undefined && wait !== UNKNOWN && !(typeof wait === "number" && Number.isInteger(wait) && wait > 0)) {
    problems.push({ property: WAIT, reason: `must be a whole number of seconds above 0, got ${JSON.stringify(wait)}` });
  }
  if (problems.length) return { inputs: news, failures: problems };
  const inputs: Props = { ...manifest, project, region, name, [LOGICAL_NAME]: logicalNameOf(news) ?? "job" };
  if (wait !== undefined) inputs[WAIT] = wait;
  if (news[ADOPT] !== undefined) inputs[ADOPT] = news[ADOPT];
  if (typeof news[OWNER] === "string") inputs[OWNER] = news[OWNER];
  if (Array.isArray(news[REPLACE_ON])) inputs[REPLACE_ON] = news[REPLACE_ON];
  return { inputs };
}

export async function diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
  const d = diffJob(olds, news, Array.isArray(news[REPLACE_ON]) ? (news[REPLACE_ON] as string[]) : []);
  const token = d.tokens.length || d.replaces.length ? tokenOf(news.spec) : undefined;
  // The preview shows the token as an update; this line says what that update will do.
  if (token) say(news, runPlan(news, token));
  return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace };
}

function waitSeconds(inputs: Props): number {
  return typeof inputs[WAIT] === "number" ? (inputs[WAIT] as number) : DEFAULT_WAIT_TIMEOUT_SECONDS;
}

function runPlan(inputs: Props, token: ExecutionToken): string {
  const execution = `${String(inputs.name)}-${token.value}`;
  return token.kind === "runExecutionToken"
    ? `${token.kind} changed: up will start execution ${execution} and wait up to ${waitSeconds(inputs)} s for it to complete; a failed run fails the deploy`
    : `${token.kind} changed: up will start execution ${execution} and wait only until it has started`;
}

/**
 * A line in `pulumi preview`/`up` output. The provider's stdout becomes info diagnostics of the
 * run (pulumi-dynamic-providers.md §2, "Logging"), so each line names the job it is about.
 */
function say(inputs: Props, message: string): void {
  console.log(`cloudrun job ${String(inputs.name)}: ${message}`);
}

function applied(inputs: Props): AppliedInputs {
  return inputs as AppliedInputs;
}

function idOf(inputs: AppliedInputs): string {
  return jobPath(inputs.project, inputs.region, inputs.name);
}

/** The v2 job body for inputs: the manifest mapped, tokens only when they are to be sent. */
function apiJobFor(inputs: Props, sendTokens: boolean): ApiJob {
  const job = toApiJob(inputs as unknown as JobManifest);
  job.annotations = withOwner(job.annotations, typeof inputs[OWNER] === "string" ? inputs[OWNER] : undefined);
  if (!sendTokens) {
    delete job.startExecutionToken;
    delete job.runExecutionToken;
  }
  return job;
}

/**
 * A partial failure: the job exists (so state must record it, or it would be orphaned) but
 * is not what was asked. The engine stores `id` and `properties` and shows `reasons`; the next
 * `up` runs update again (pulumi-dynamic-providers.md §2, "Partial failures").
 */
class JobInitError extends Error {
  constructor(
    readonly id: string,
    readonly properties: Props,
    readonly reasons: string[],
  ) {
    super(reasons.join("; "));
  }
}

function failedReconcile(job: ApiJob): string | undefined {
  const c = job.terminalCondition;
  if (c?.state !== "CONDITION_FAILED") return undefined;
  return `job ${job.name}: Cloud Run could not make the job ready: ${c.message || c.reason || "no reason given"} (terminal condition ${c.type})`;
}

/** Turns a job that exists but failed to reconcile into a partial failure, else returns outputs. */
function settle(inputs: Props, job: ApiJob): Props {
  const outs = jobOutputs(applied(inputs), job);
  const failure = failedReconcile(job);
  if (failure) throw new JobInitError(idOf(applied(inputs)), { ...outs, __provider: inputs.__provider }, [failure]);
  return outs;
}

/** When the operation itself failed, the job may still exist: then it is a partial failure. */
async function rethrowAsPartial(gateway: Gateway, inputs: Props, err: unknown): Promise<never> {
  if (err instanceof CloudRunError && err.code !== Code.INVALID_ARGUMENT && err.code !== Code.ALREADY_EXISTS) {
    const live = await gateway.getJob(idOf(applied(inputs))).catch(() => undefined);
    if (live) {
      const outs = jobOutputs(applied(inputs), live);
      throw new JobInitError(idOf(applied(inputs)), { ...outs, __provider: inputs.__provider }, [err.message]);
    }
  }
  throw err;
}

export async function create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
  const gateway = new Gateway();
  const target = applied(inputs);
  const id = idOf(target);
  if (inputs[ADOPT] !== undefined) return adopt(gateway, inputs, String(inputs[ADOPT]));
  const token = tokenOf(inputs.spec);
  let outs: Props;
  try {
    outs = await applyChange(gateway, inputs, token, () =>
      gateway.startCreateJob(target.project, target.region, target.name, apiJobFor(inputs, true)),
    );
  } catch (err) {
    if (!(err instanceof CloudRunError) || err.code !== Code.ALREADY_EXISTS) throw err;
    // The job exists. If this resource made it (a create whose answer was lost: a timeout, a
    // killed process), take it back and finish the job; anyone else's job is refused.
    const live = await gateway.getJob(id);
    const owner = typeof inputs[OWNER] === "string" ? inputs[OWNER] : undefined;
    if (!live || !owner || ownerAnnotationOf(live.annotations) !== owner) throw err;
    say(inputs, "found the job this resource created in an earlier, interrupted run: taking it over");
    return converge(gateway, inputs, live);
  }
  return { id, outs };
}

/**
 * Sends a create or update and sees it through: the job made ready and, when it carries a new
 * token, the execution awaited (started, or completed for a run token). Any failure once the
 * job exists is a partial failure, so state records the job and the token as applied.
 */
async function applyChange(
  gateway: Gateway,
  inputs: Props,
  token: ExecutionToken | undefined,
  send: () => Promise<JobOperation>,
): Promise<Props> {
  let op: JobOperation;
  try {
    op = await send();
    if (!token) return settle(inputs, await op.result());
  } catch (err) {
    return rethrowAsPartial(gateway, inputs, err);
  }
  return awaitExecution(gateway, inputs, token, op);
}

/**
 * Waits for the execution a token started (or an earlier, interrupted `up` started), printing
 * progress, within the resource's wait limit. `op` is the CreateJob/UpdateJob operation that
 * completes with the run (cloud-run-jobs-api.md §3.7); without one, a running operation on the
 * job is looked up, and failing that the execution itself is polled.
 */
async function awaitExecution(gateway: Gateway, inputs: Props, token: ExecutionToken, op?: JobOperation): Promise<Props> {
  const id = idOf(applied(inputs));
  const executionName = executionNameFor(id, token);
  const limit = waitSeconds(inputs);
  const deadline = Date.now() + limit * 1000;
  const started = Date.now();
  let lastLine = "";
  const progress = async () => {
    const e = await gateway.getExecution(executionName).catch(() => undefined);
    if (!e) return;
    const line = `${progressLine(e)} (${Math.round((Date.now() - started) / 1000)} s)`;
    if (line.replace(/ \(\d+ s\)$/, "") !== lastLine.replace(/ \(\d+ s\)$/, "")) say(inputs, line);
    lastLine = line;
  };
  const verb = token.kind === "runExecutionToken" ? "to complete" : "to start";
  say(inputs, `waiting for execution ${shortName(executionName)} ${verb} (limit ${limit} s)`);

  let operationError: string | undefined;
  let done = false;
  if (op?.done) {
    // Done in the first answer: its result (or error) came with it, no call needed.
    done = true;
    operationError = await op.result().then(
      () => undefined,
      (err: unknown) => (err instanceof CloudRunError ? err.message : String(err)),
    );
  } else {
    const opName = op?.name ?? (await gateway.findRunningJobOperation(id));
    if (opName) {
      const outcome = await gateway.waitOperation(opName, deadline, progress);
      done = outcome.done;
      if (outcome.done && outcome.error) operationError = outcome.error.message;
    } else {
      done = await pollExecution(gateway, executionName, token, deadline, progress);
    }
  }
  const job = await gateway.getJob(id);
  if (!job) throw new CloudRunError(`run job ${String(inputs.name)}: the job disappeared while its execution ran`, Code.NOT_FOUND);
  const outs = jobOutputs(applied(inputs), job);
  const partial = (reason: string) => new JobInitError(id, { ...outs, __provider: inputs.__provider }, [reason]);
  if (!done) {
    throw partial(
      `job ${String(inputs.name)}: execution ${shortName(executionName)} did not ${verb.replace("to ", "")} within ${limit} s. ` +
        "It goes on in Cloud Run; the next `pulumi up` waits for it again (raise `waitTimeoutSeconds` to wait longer)",
    );
  }
  const execution = await gateway.getExecution(executionName);
  if (execution) say(inputs, `${progressLine(execution)} (${Math.round((Date.now() - started) / 1000)} s)`);
  const outcome = execution ? outcomeOf(execution) : undefined;
  if (token.kind === "runExecutionToken" && outcome !== "succeeded") {
    throw partial(failureReason(String(inputs.name), execution, operationError));
  }
  if (operationError && outcome !== "succeeded" && !(execution && hasStarted(execution))) {
    throw partial(failureReason(String(inputs.name), execution, operationError));
  }
  say(inputs, `execution ${shortName(executionName)} ${token.kind === "runExecutionToken" ? "succeeded" : "started"}`);
  return settle(inputs, job);
}

/** Without an operation to long-poll: read the execution every 5 s (12 calls a minute at most). */
async function pollExecution(
  gateway: Gateway,
  executionName: string,
  token: ExecutionToken,
  deadline: number,
  progress: () => Promise<void>,
): Promise<boolean> {
  for (;;) {
    const e = await gateway.getExecution(executionName);
    if (e) {
      const outcome = outcomeOf(e);
      if (token.kind === "startExecutionToken" ? hasStarted(e) : outcome !== "pending" && outcome !== "running") return true;
    }
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, Math.min(5_000, Math.max(0, deadline - Date.now()))));
    await progress();
  }
}

/** UpdateJob of `inputs` over a job just read, with that read's etag. */
function updateOver(gateway: Gateway, id: string, inputs: Props, live: ApiJob, sendTokens: boolean): Promise<JobOperation> {
  return gateway.startUpdateJob({ ...apiJobFor(inputs, sendTokens), name: id, etag: live.etag ?? "" });
}

/** `new Job(name, args, { import: id })`: take over an existing job and converge it on the manifest. */
async function adopt(gateway: Gateway, inputs: Props, importId: string): Promise<pulumi.dynamic.CreateResult> {
  const target = applied(inputs);
  const id = idOf(target);
  if (importId !== id) {
    throw new CloudRunError(
      `adopt job ${target.name}: the import id ${importId} is not this resource's id ${id}; make project, region and metadata.name match the job to adopt`,
      undefined,
    );
  }
  const live = await gateway.getJob(id);
  if (!live) {
    throw new CloudRunError(`adopt job ${target.name}: ${id} does not exist; remove the import option to create it`, Code.NOT_FOUND);
  }
  return converge(gateway, inputs, live);
}

/**
 * Brings an existing job to the manifest: updated only if it differs (an adopted job that
 * already matches is left untouched; it gets the owner annotation with its next update), and
 * a token's execution started only if it does not exist yet; an existing one is awaited.
 */
async function converge(gateway: Gateway, inputs: Props, live: ApiJob): Promise<pulumi.dynamic.CreateResult> {
  const id = idOf(applied(inputs));
  const token = tokenOf(inputs.spec);
  const existing = token ? await gateway.getExecution(executionNameFor(id, token)) : undefined;
  if (token && existing) {
    if (!matchesLive(inputs, live)) {
      await applyChange(gateway, inputs, undefined, () => updateOver(gateway, id, inputs, live, false));
    }
    return { id, outs: await awaitExecution(gateway, inputs, token) };
  }
  if (!token && matchesLive(inputs, live)) return { id, outs: settle(inputs, live) };
  const outs = await applyChange(gateway, inputs, token, () =>
    updateOver(gateway, id, inputs, live, true),
  );
  return { id, outs };
}

/** True when the live job already says what the manifest says (tokens aside). */
function matchesLive(inputs: Props, live: ApiJob): boolean {
  const described = liveInputs(inputs, live);
  return diffJob({ ...described, spec: withoutTokens(described.spec) }, { ...inputs, spec: withoutTokens(inputs.spec) }).changes === false;
}

function withoutTokens(spec: unknown): Props {
  const { startExecutionToken: _s, runExecutionToken: _r, ...rest } = (spec ?? {}) as Props;
  return rest;
}

/**
 * The inputs that describe a live job, in the canonical form check produces, so a refresh of
 * an unchanged job yields exactly the inputs the program gives (no diff), and a drifted job
 * yields inputs whose diff against the program is the drift. Tokens are not in the server's
 * answer once anything else ran the job, so the last applied ones are kept.
 */
function liveInputs(previous: Props, live: ApiJob): Props {
  const described = fromApiJob(live) as { metadata?: Props; spec: Props };
  const prevMeta = (previous.metadata ?? {}) as Props;
  const prevSpec = (previous.spec ?? {}) as Props;
  const metadata: Props = { ...(prevMeta.name !== undefined ? { name: prevMeta.name } : {}) };
  if (described.metadata?.labels) metadata.labels = described.metadata.labels;
  const annotations = withoutOwner(described.metadata?.annotations as Record<string, string> | undefined);
  if (annotations && Object.keys(annotations).length) metadata.annotations = annotations;
  const raw: Props = {
    ...(previous.apiVersion !== undefined ? { apiVersion: previous.apiVersion } : {}),
    ...(previous.kind !== undefined ? { kind: previous.kind } : {}),
    project: previous.project,
    region: previous.region,
    metadata,
    spec: {
      ...described.spec,
      ...(prevSpec.startExecutionToken !== undefined ? { startExecutionToken: prevSpec.startExecutionToken } : {}),
      ...(prevSpec.runExecutionToken !== undefined ? { runExecutionToken: prevSpec.runExecutionToken } : {}),
    },
  };
  const { manifest } = checkJobManifest(raw);
  const canonical = (manifest ?? raw) as Props;
  return { ...canonical, project: previous.project, region: previous.region, name: previous.name };
}

/** Outputs minus what read must not return as inputs. */
function inputsFromOutputs(props: Props): Props {
  const { status: _s, schemaVersion: _v, __provider: _p, ...rest } = props;
  const metadata = (rest.metadata ?? {}) as Props;
  const { uid: _u, generation: _g, resourceVersion: _r, creationTimestamp: _c, namespace: _n, ...userMeta } = metadata;
  return { ...rest, metadata: userMeta };
}

function parseJobId(id: string): { project: string; region: string; name: string } | undefined {
  const m = /^projects\/([^/]+)\/locations\/([^/]+)\/jobs\/([^/]+)$/.exec(id);
  return m ? { project: m[1]!, region: m[2]!, name: m[3]! } : undefined;
}

export async function read(id: string, props: Props = {}): Promise<pulumi.dynamic.ReadResult> {
  const live = await new Gateway().getJob(id);
  // A job deleted outside Pulumi: no id tells the engine to drop it from state on refresh.
  if (!live) return {};
  const where = parseJobId(id);
  const previous: Props = {
    ...inputsFromOutputs(props),
    project: props.project ?? where?.project,
    region: props.region ?? where?.region,
    name: props.name ?? where?.name,
  };
  const inputs = liveInputs(previous, live);
  for (const key of [LOGICAL_NAME, OWNER]) if (props[key] !== undefined) inputs[key] = props[key];
  const outs = jobOutputs(applied(inputs), live);
  return { id, props: outs, inputs };
}

export async function update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
  const gateway = new Gateway();
  const d = diffJob(olds, news);
  const token = d.tokens.length > 0 ? tokenOf(news.spec) : undefined;
  const etag = String(((olds.metadata ?? {}) as Props).resourceVersion ?? "");
  if (token) {
    // An earlier `up` may have started this execution and been interrupted or run out of
    // time: wait for that one rather than send the token again (ALREADY_EXISTS, or a second run).
    const existing = await gateway.getExecution(executionNameFor(id, token));
    if (!existing) {
      return { outs: await applyChange(gateway, news, token, () => updateWithEtag(gateway, id, apiJobFor(news, true), etag, olds)) };
    }
    const live = await gateway.getJob(id);
    if (live && !matchesLive(news, live)) {
      await applyChange(gateway, news, undefined, () => updateOver(gateway, id, news, live, false));
    }
    return { outs: await awaitExecution(gateway, news, token) };
  }
  let outs: Props;
  if (d.changes) {
    // Tokens are sent only when they changed: an unrelated update must not run the job again.
    outs = await applyChange(gateway, news, undefined, () => updateWithEtag(gateway, id, apiJobFor(news, false), etag, olds));
  } else {
    // Called with no change: the last `up` left the job failed (a partial failure). Retry the
    // reconcile if the job is not ready; the run below is reported, never started again.
    const live = await gateway.getJob(id);
    if (!live) throw new CloudRunError(`update job ${id}: the job no longer exists; run \`pulumi refresh\`, then \`pulumi up\``, Code.NOT_FOUND);
    outs = failedReconcile(live)
      ? await applyChange(gateway, news, undefined, () => updateWithEtag(gateway, id, apiJobFor(news, false), live.etag ?? "", olds))
      : settle(news, live);
  }
  return { outs: await reportAppliedRun(gateway, id, news, outs) };
}

/**
 * The run token last applied keeps its verdict until it changes: a run still going is awaited
 * again, a failed one fails every `up` (without running again), a succeeded one is fine.
 */
async function reportAppliedRun(gateway: Gateway, id: string, inputs: Props, outs: Props): Promise<Props> {
  const token = tokenOf(inputs.spec);
  if (token?.kind !== "runExecutionToken") return outs;
  const execution = await gateway.getExecution(executionNameFor(id, token));
  if (!execution) return outs; // expired from Cloud Run's history, or never ran here: nothing to report
  const outcome = outcomeOf(execution);
  if (outcome === "pending" || outcome === "running") return awaitExecution(gateway, inputs, token);
  if (outcome === "succeeded") return outs;
  throw new JobInitError(id, { ...outs, __provider: inputs.__provider }, [failureReason(String(inputs.name), execution)]);
}

/**
 * UpdateJob with the etag last read (AIP-154). An etag mismatch whose generation is unchanged
 * means only status moved (an execution ran): retry once with the fresh etag. A changed
 * generation means someone else changed the job: say so, and how to see it.
 */
async function updateWithEtag(gateway: Gateway, id: string, body: ApiJob, etag: string, olds: Props): Promise<JobOperation> {
  try {
    return await gateway.startUpdateJob({ ...body, name: id, ...(etag ? { etag } : {}) });
  } catch (err) {
    if (!(err instanceof CloudRunError) || err.code !== Code.ABORTED) throw err;
    const live = await gateway.getJob(id);
    const seen = Number(((olds.metadata ?? {}) as Props).generation ?? 0);
    if (live && Number(live.generation ?? 0) === seen) {
      return gateway.startUpdateJob({ ...body, name: id, etag: live.etag ?? "" });
    }
    throw new CloudRunError(
      `update job ${id}: the job was changed outside Pulumi since it was last read (generation ${seen} → ${live?.generation ?? "deleted"}) (ABORTED). Run \`pulumi refresh\` to see the change, then \`pulumi up\``,
      Code.ABORTED,
    );
  }
}

async function deleteJob(id: string, _props?: Props): Promise<void> {
  await new Gateway().deleteJob(id);
}

export { deleteJob as delete };
