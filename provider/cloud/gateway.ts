// The one module that talks to Cloud Run (or the emulator) through `@google-cloud/run`: the API
// verbs, the waits for operations and executions, and every gRPC failure turned into a
// CloudRunError (errors.ts). Clients come from clients.ts, retries from retry.ts. `Gateway`
// implements the contract the engine declares for what it needs (engine/gateway-contract.ts).
import type { ApiExecution, ApiJob, ApiOverrides } from "../core/api";
import { isSettled } from "../core/executions";
import type { FailedRunLogs, LogsUnavailable, TaskLogLine } from "../core/log-lines";
import { locationPath } from "../core/names";
import { type ApiOperation, clientsFor, type Clients, type Endpoint, type LroDecoders, type WaitOperation } from "./clients";
import { Code, codeOf, translateError } from "./errors";
import { failedRunLogs, type LogReader, runLines, unavailableOf } from "./logs";
import { projectNumberOf } from "./projects";
import { probeEmulator, unreachable } from "./reachable";
import { type Attempt, LIST_RETRY_MS, type OnRetry, type RetryClock, type RetryPolicy, withRetries } from "./retry";
import type { ExecutionWait, ExecutionWaitRequest, JobGateway, JobOperation } from "../engine/gateway-contract";

/** How a finished operation failed: the `google.rpc.Status` it carries. */
export interface OperationFailure {
  code: number | undefined;
  message: string;
}

/** What a bounded wait on an operation saw; a failed operation carries its failure. */
export type WaitOutcome = { done: true; failure?: OperationFailure } | { done: false };

/** The longest a single WaitOperation long-poll is asked to hold; done is seen at once, whatever the hold. */
const LONG_POLL_MS = 15_000;
/**
 * Progress while an execution is waited for (issue 28: at least every 10 s) is read on a timer
 * of its own, beside the long-polls, not between them: the first read 3 s in (so progress shows
 * early), then every 9 s (leaving a second for the read). Polls keep their 15 s hold, so a
 * minute of waiting costs 4 WaitOperation and at most 7 GetExecution calls: within the 12 a
 * minute of bench figure 6. Reading progress between 8 s polls instead cost 18 in a 60 s run.
 */
const FIRST_TICK_MS = 3_000;
const TICK_MS = 9_000;
/** Reading a failed run's logs: one call with its retries, bounded apart (it only adds to a failure). */
const LOGS_RETRY_MS = 20_000;
/** Polling interval when the server has no WaitOperation: 12 calls a minute at most. */
const FALLBACK_POLL_MS = 5_000;

interface GaxOperation {
  name: string;
  done?: boolean;
  promise(): Promise<[unknown, unknown, unknown]>;
}

/**
 * Long-running-operation results arrive as protobufjs messages (enums as numbers, int64 as
 * Long), while unary responses arrive as plain objects (enums as names, int64 as strings).
 * The proto3 JSON form of a message is the plain shape, so everything leaves the gateway alike.
 */
function plain<T>(message: T): T {
  const m = message as unknown as { toJSON?: () => unknown };
  return typeof m?.toJSON === "function" ? (JSON.parse(JSON.stringify(m)) as T) : message;
}

/** The job a resource name is about: `…/jobs/{job}[/…]` gives `{job}`. */
function jobOf(name: string): string {
  return /\/jobs\/([^/]+)/.exec(name)?.[1] ?? name;
}

export interface GatewayOptions {
  /**
   * Told of each retry worth mentioning (retry.ts: from the third attempt, or once three
   * seconds have passed); the provider prints it as a line about the job.
   */
  onRetry?: OnRetry;
  /** The retry loop's pace, bound and clock, for tests (retry.ts DEFAULT_POLICY otherwise). */
  retry?: { policy?: Partial<RetryPolicy>; clock?: RetryClock };
}

export class Gateway implements JobGateway {
  constructor(
    private readonly endpoint: Endpoint,
    private readonly options: GatewayOptions = {},
  ) {}

  /**
   * One call with its retries (retry.ts). Against an emulator a refused connection is final:
   * nothing listens at CLOUD_RUN_EMULATOR_HOST, and retrying would only delay saying so.
   */
  private retrying<T>(
    rpc: string,
    job: string | undefined,
    call: (attempt: Attempt) => Promise<T>,
    policy?: Partial<RetryPolicy>,
  ): Promise<T> {
    const { onRetry, retry } = this.options;
    return withRetries(call, {
      rpc,
      ...(job !== undefined ? { job } : {}),
      refusedIsFinal: this.endpoint.emulatorHost !== undefined,
      ...(onRetry ? { onRetry } : {}),
      policy: { ...policy, ...retry?.policy },
      ...(retry?.clock ? { clock: retry.clock } : {}),
    });
  }

  /**
   * The endpoint's clients. Read before each call's `try`: a ConfigurationError (a malformed
   * CLOUD_RUN_EMULATOR_HOST) leaves as it is, never worded as a failed call.
   */
  private get clients(): Clients {
    return clientsFor(this.endpoint);
  }

  private jobOperation(verb: string, jobName: string, op: GaxOperation): JobOperation {
    return {
      name: op.name,
      done: op.done === true,
      result: async () => {
        try {
          const [job] = await op.promise();
          return plain(job as ApiJob);
        } catch (err) {
          throw translateError(verb, jobName, err);
        }
      },
    };
  }

  /** Sends CreateJob; the returned operation may still be running (execution tokens). */
  async startCreateJob(project: string, region: string, jobId: string, job: ApiJob): Promise<JobOperation> {
    const { jobs } = this.clients;
    try {
      const [op] = await this.retrying("CreateJob", jobId, ({ timeoutMs }) =>
        jobs.createJob({ parent: locationPath(project, region), jobId, job }, { timeout: timeoutMs }),
      );
      return this.jobOperation("create", jobId, op as unknown as GaxOperation);
    } catch (err) {
      throw translateError("create", jobId, err);
    }
  }

  /** Sends UpdateJob (with the job's etag when it carries one). */
  async startUpdateJob(job: ApiJob): Promise<JobOperation> {
    const name = job.name ?? "";
    const { jobs } = this.clients;
    try {
      const [op] = await this.retrying("UpdateJob", jobOf(name), ({ timeoutMs }) => jobs.updateJob({ job }, { timeout: timeoutMs }));
      return this.jobOperation("update", name, op as unknown as GaxOperation);
    } catch (err) {
      throw translateError("update", name, err);
    }
  }

  /**
   * Waits for an operation until it is done or `deadline` (epoch ms) passes, whichever is
   * first, with as few calls as possible: `google.longrunning.Operations.WaitOperation`
   * long-polls, so completion is seen at once; where the server lacks it, GetOperation every
   * FALLBACK_POLL_MS. `onTick` runs between calls (progress reads).
   */
  async waitOperation(name: string, deadline: number, onTick?: () => Promise<void>, job?: string): Promise<WaitOutcome> {
    return withTicks(onTick, () => this.pollOperation(name, deadline, job));
  }

  private async pollOperation(name: string, deadline: number, job?: string): Promise<WaitOutcome> {
    const clients = this.clients;
    while (Date.now() < deadline) {
      const budget = Math.min(LONG_POLL_MS, deadline - Date.now());
      let op: ApiOperation | undefined;
      if (clients.canLongPoll) {
        try {
          op = await this.retrying("WaitOperation", job, ({ timeoutMs }) => this.longPoll(name, budget, timeoutMs));
        } catch (err) {
          if (codeOf(err) !== Code.UNIMPLEMENTED) throw translateError("wait for", name, err);
          clients.canLongPoll = false;
        }
      }
      if (!clients.canLongPoll) {
        const request = { name } as Parameters<typeof clients.jobs.operationsClient.getOperation>[0];
        const [polled] = await this.retrying("GetOperation", job, ({ timeoutMs }) =>
          clients.jobs.operationsClient.getOperation(request, { timeout: timeoutMs }),
        ).catch((err: unknown) => {
          throw translateError("wait for", name, err);
        });
        op = polled as ApiOperation;
        if (!op.done) await sleepUntil(deadline, FALLBACK_POLL_MS);
      }
      if (op?.done) {
        if (!op.error) return { done: true };
        return { done: true, failure: { code: op.error.code ?? undefined, message: op.error.message || "the operation failed" } };
      }
    }
    return { done: false };
  }

  private async longPoll(name: string, budgetMs: number, timeoutMs: number): Promise<ApiOperation> {
    const clients = this.clients;
    // The operations client has no WaitOperation method, but its stub has every RPC of the
    // service, over gRPC or (fallback) at the Run client's `:wait` path, with one signature.
    const stub = (await clients.jobs.operationsClient.operationsStub) as unknown as { waitOperation: WaitOperation };
    const { grpc } = require("google-gax") as typeof import("google-gax");
    const metadata = clients.transport === "rest" ? {} : new grpc.Metadata();
    const seconds = Math.max(1, Math.floor(budgetMs / 1000));
    return new Promise((resolve, reject) =>
      stub.waitOperation(
        { name, timeout: { seconds, nanos: 0 } },
        metadata,
        // The server answers at its timeout; the deadline only guards against a lost answer
        // (and keeps within what is left of the retries' bound).
        { deadline: Date.now() + Math.min(seconds * 1000 + 10_000, timeoutMs) },
        (err, op) => (err ? reject(err) : resolve(op ?? {})),
      ),
    );
  }

  /**
   * Waits for the execution a token started (or an earlier, interrupted `up` started) to start
   * or to finish, within `deadline`. The CreateJob/UpdateJob operation that carried the token
   * completes with the run (docs/architecture.md, "Where the facts come from": long-running
   * operations), so it is waited on; without one in hand, a running operation on the job is
   * looked up, and failing that the execution itself is read every FALLBACK_POLL_MS.
   */
  async waitExecution(request: ExecutionWaitRequest): Promise<ExecutionWait> {
    const { operation, deadline, onProgress } = request;
    const progress = async () => {
      const e = await this.getExecution(request.execution).catch(() => undefined);
      if (e && onProgress) await onProgress(e);
    };
    if (operation?.done) {
      // Done in the first answer: its result (or error) came with it, no call needed.
      const operationError = await operation.result().then(
        () => undefined,
        (err: unknown) => (err instanceof Error ? err.message : String(err)),
      );
      return operationError === undefined ? { done: true } : { done: true, operationError };
    }
    const opName = operation?.name ?? (request.searchOperations === false ? undefined : await this.findRunningJobOperation(request.job));
    if (opName) {
      const outcome = await this.waitOperation(opName, deadline, progress, jobOf(request.job));
      if (outcome.done && outcome.failure) return { done: true, operationError: outcome.failure.message };
      return { done: outcome.done };
    }
    // No operation to wait on: the execution's own reads are the polls, and give the progress.
    for (;;) {
      const e = await this.getExecution(request.execution);
      if (e && isSettled(e, request.token.kind)) return { done: true };
      if (e && onProgress) await onProgress(e);
      if (Date.now() >= deadline) return { done: false };
      await sleepUntil(deadline, FALLBACK_POLL_MS);
    }
  }

  /** The job, or undefined when it does not exist. */
  async getJob(name: string): Promise<ApiJob | undefined> {
    const { jobs } = this.clients;
    try {
      const [job] = await this.retrying("GetJob", jobOf(name), ({ timeoutMs }) => jobs.getJob({ name }, { timeout: timeoutMs }));
      return job;
    } catch (err) {
      if (codeOf(err) === Code.NOT_FOUND) return undefined;
      throw translateError("read", name, err);
    }
  }

  /** The execution, or undefined when it does not exist. */
  async getExecution(name: string): Promise<ApiExecution | undefined> {
    const { executions } = this.clients;
    try {
      const [execution] = await this.retrying("GetExecution", jobOf(name), ({ timeoutMs }) =>
        executions.getExecution({ name }, { timeout: timeoutMs }),
      );
      return execution;
    } catch (err) {
      if (codeOf(err) === Code.NOT_FOUND) return undefined;
      throw translateError("read execution of", name, err);
    }
  }

  /**
   * The name of an operation still running on `jobName` (a CreateJob/UpdateJob that carried a
   * token), so an interrupted `up` can wait on it again instead of starting another run.
   */
  private async findRunningJobOperation(jobName: string): Promise<string | undefined> {
    const location = jobName.replace(/\/jobs\/[^/]+$/, "");
    const { jobs } = this.clients;
    // CreateJob's metadata is the Job: its decoder reads the operations' metadata too.
    const decodeJob = (jobs.descriptors.longrunning as Record<string, LroDecoders>).createJob!.metadataDecoder;
    try {
      const request = { name: location, filter: "" } as Parameters<typeof jobs.operationsClient.listOperationsAsync>[0];
      // A failed page lists again from the start: listing changes nothing.
      return await this.retrying("ListOperations", jobOf(jobName), async ({ timeoutMs }) => {
        for await (const op of jobs.operationsClient.listOperationsAsync(request, { timeout: timeoutMs, autoPaginate: false })) {
          const any = op.metadata as { type_url?: string; typeUrl?: string; value?: Uint8Array } | null | undefined;
          if (op.done || !any?.value) continue;
          if (!String(any.typeUrl ?? any.type_url ?? "").endsWith("google.cloud.run.v2.Job")) continue;
          const job = decodeJob(any.value) as { name?: string };
          if (job.name === jobName && op.name) return op.name;
        }
        return undefined;
      });
    } catch (err) {
      if (codeOf(err) === Code.UNIMPLEMENTED) return undefined;
      throw translateError("list operations of", jobName, err);
    }
  }

  /** Every job of a region, all pages, in the server's order (newest first). */
  async listJobs(project: string, region: string): Promise<ApiJob[]> {
    const parent = locationPath(project, region);
    const clients = this.clients;
    try {
      // A failed page lists again from the start: listing changes nothing.
      return await this.retrying(
        "ListJobs",
        undefined,
        async ({ timeoutMs }) => {
          const jobs: ApiJob[] = [];
          // autoPaginate off: the async iterator pages by itself, and gax warns when it is on.
          for await (const job of clients.jobs.listJobsAsync({ parent }, { timeout: timeoutMs, autoPaginate: false })) jobs.push(job);
          return jobs;
        },
        { totalMs: LIST_RETRY_MS },
      );
    } catch (err) {
      throw translateError("list", parent, err);
    }
  }

  /** The number of a project, by its id (cloud/projects.ts): asked once per project and process. */
  projectNumber(projectId: string): Promise<string> {
    return projectNumberOf(this.endpoint, projectId);
  }

  /** Reads through this endpoint's clients (the Logging and Tasks clients are made at first use). */
  private logReader(execution: string): LogReader {
    return {
      clients: this.clients,
      retrying: (rpc, call) => this.retrying(rpc, jobOf(execution), call, { totalMs: LOGS_RETRY_MS }),
    };
  }

  async failedRunLogs(execution: string, limit: number): Promise<FailedRunLogs> {
    try {
      return await failedRunLogs(this.logReader(execution), execution, limit);
    } catch (err) {
      // A client that cannot be loaded or made: the failure above still stands alone.
      return {
        tasks: [],
        moreFailed: 0,
        unavailable: { kind: "failed", status: "error", detail: err instanceof Error ? err.message : String(err) },
      };
    }
  }

  async runLogLines(
    execution: string,
    after: string | undefined,
    limit: number,
  ): Promise<{ lines: TaskLogLine[]; unavailable?: LogsUnavailable }> {
    try {
      return { lines: await runLines(this.logReader(execution), execution, after, limit) };
    } catch (err) {
      return { lines: [], unavailable: unavailableOf(err, /^projects\/([^/]+)/.exec(execution)?.[1] ?? "") };
    }
  }

  async unreachable(job: string): Promise<string | undefined> {
    const host = this.endpoint.emulatorHost;
    if (host === undefined) return undefined;
    const refused = await probeEmulator(host);
    return refused && unreachable(host, job, refused);
  }

  /**
   * Which of `permissions` the caller holds on the job (`TestIamPermissions`, google.iam.v1): a
   * subset, never an error for a missing one. Reading it needs no permission of its own.
   */
  async testIamPermissions(job: string, permissions: string[]): Promise<string[]> {
    const { jobs } = this.clients;
    try {
      const [answer] = await this.retrying("TestIamPermissions", jobOf(job), ({ timeoutMs }) =>
        jobs.testIamPermissions({ resource: job, permissions }, { timeout: timeoutMs }),
      );
      return [...(answer.permissions ?? [])];
    } catch (err) {
      throw translateError("check permissions on", job, err);
    }
  }

  /**
   * Sends RunJob with `overrides`: the execution it made (the operation's metadata, in its
   * first answer) and the operation, which is done when the execution finishes (docs/cloud-run-facts.md §3.7).
   * One attempt, never retried here: a retry of a RunJob whose first attempt landed would run the
   * job twice. The caller decides, after looking for the execution it marked (engine/job-runs.ts).
   */
  async runJob(job: string, overrides: ApiOverrides | undefined): Promise<{ execution: ApiExecution; operation: string }> {
    const { jobs } = this.clients;
    try {
      const [op] = await jobs.runJob({ name: job, ...(overrides ? { overrides } : {}) }, { timeout: 60_000 });
      const operation = op as unknown as GaxOperation & { metadata?: unknown };
      return { execution: plain((operation.metadata ?? {}) as ApiExecution), operation: operation.name };
    } catch (err) {
      throw translateError("run", job, err);
    }
  }

  /** The job's most recent executions, newest first: one page of at most `pageSize`. */
  async recentExecutions(job: string, pageSize: number): Promise<ApiExecution[]> {
    const { executions } = this.clients;
    try {
      return await this.retrying("ListExecutions", jobOf(job), async ({ timeoutMs }) => {
        const [page] = await executions.listExecutions({ parent: job, pageSize }, { timeout: timeoutMs, autoPaginate: false });
        return page;
      });
    } catch (err) {
      throw translateError("list executions of", job, err);
    }
  }

  /** Asks Cloud Run to cancel a running execution and waits for the cancellation; one that already finished is left as it is. */
  async cancelExecution(name: string): Promise<void> {
    const { executions } = this.clients;
    try {
      await this.retrying("CancelExecution", jobOf(name), async ({ timeoutMs }) => {
        const [operation] = await executions.cancelExecution({ name }, { timeout: timeoutMs });
        await operation.promise();
      });
    } catch (err) {
      if (codeOf(err) === Code.NOT_FOUND || codeOf(err) === Code.FAILED_PRECONDITION) return;
      throw translateError("cancel", name, err);
    }
  }

  /** Deletes the job; a job that is already gone counts as deleted. */
  async deleteJob(name: string): Promise<void> {
    const { jobs } = this.clients;
    try {
      await this.retrying("DeleteJob", jobOf(name), async ({ timeoutMs }) => {
        const [operation] = await jobs.deleteJob({ name }, { timeout: timeoutMs });
        await operation.promise();
      });
    } catch (err) {
      if (codeOf(err) === Code.NOT_FOUND) return;
      throw translateError("delete", name, err);
    }
  }
}

/**
 * Runs `work` with `onTick` called on a timer beside it (FIRST_TICK_MS, then TICK_MS after each
 * tick ends; never two at once), and stops the timer when the work ends. A tick that fails
 * fails the wait, as it did when ticks ran between polls: after the work, once it has ended.
 */
async function withTicks<T>(onTick: (() => Promise<void>) | undefined, work: () => Promise<T>): Promise<T> {
  if (!onTick) return work();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> = Promise.resolve();
  let failure: { err: unknown } | undefined;
  const schedule = (ms: number) => {
    timer = setTimeout(() => {
      ticking = onTick()
        .catch((err: unknown) => {
          failure ??= { err };
        })
        .finally(() => {
          if (!stopped) schedule(TICK_MS);
        });
    }, ms);
  };
  schedule(FIRST_TICK_MS);
  const stop = async () => {
    stopped = true;
    clearTimeout(timer);
    await ticking;
  };
  let result: T;
  try {
    result = await work();
  } catch (err) {
    await stop();
    throw err;
  }
  await stop();
  if (failure) throw failure.err;
  return result;
}

/** Sleeps `ms`, or until `deadline` (epoch ms) when that comes first. */
function sleepUntil(deadline: number, ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.min(ms, Math.max(0, deadline - Date.now()))));
}
