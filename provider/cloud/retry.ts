// Retry policy of the gateway: which failures are worth another try, how long to keep at it,
// and what is said while it keeps at it. One loop for every call, reads and mutations alike
// (gax's own retry loop is not used: it can neither report a retry nor stop early on a failure
// that its status code alone does not tell apart).
import { Code, codeOf, statusName } from "./errors";

/** Failures worth another try: the request was not processed, or its outcome is unknown. */
const TRANSIENT_CODES: readonly number[] = [Code.UNAVAILABLE, Code.DEADLINE_EXCEEDED, Code.RESOURCE_EXHAUSTED, Code.INTERNAL];

function isTransient(err: unknown): boolean {
  const code = codeOf(err);
  return code !== undefined && TRANSIENT_CODES.includes(code);
}

/**
 * Whether nothing listens at the address: the connection was refused. gRPC answers UNAVAILABLE
 * with only text to go by ("No connection established. Last error: Error: connect ECONNREFUSED
 * 127.0.0.1:1"); the REST transport answers UNAVAILABLE too (gax's GoogleError), with the
 * socket's error as its `cause` (`code: "ECONNREFUSED"`). Either is recognised; any other
 * UNAVAILABLE (a dropped connection, a server that answers UNAVAILABLE) is not.
 */
export function isConnectionRefused(err: unknown): boolean {
  if (codeOf(err) !== Code.UNAVAILABLE) return false;
  const seen = new Set<unknown>();
  for (let e: unknown = err; e && typeof e === "object" && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const { code, details, message } = e as { code?: unknown; details?: unknown; message?: unknown };
    if (code === "ECONNREFUSED") return true;
    if ([details, message].some((text) => typeof text === "string" && /\bconnect ECONNREFUSED\b/.test(text))) return true;
  }
  return false;
}

/**
 * The bound, and the pace, of one call's retries. Transient failures are retried with
 * exponential backoff and jitter: each wait is drawn from [cap/2, cap], the cap doubling from
 * 250 ms up to 15 s (so at most ~20 attempts fit in the bound, however fast each one fails). One call with its retries gives up TOTAL_MS (2 minutes) after its first
 * attempt began: no wait runs past that, and each attempt's own deadline is cut to what is left
 * (an attempt is not started with less than MIN_ATTEMPT_MS ahead). Two minutes covers the
 * blips Cloud Run's UNAVAILABLE usually means (a restart, a rate limit's window), and is short
 * enough that a deploy which cannot get through says so within a coffee break.
 */
export interface RetryPolicy {
  /** The whole call, retries included, from its first attempt: at most this long. */
  totalMs: number;
  /** One attempt's deadline (before it is cut to what is left of totalMs). */
  attemptMs: number;
  /** No attempt is started with less than this left of totalMs. */
  minAttemptMs: number;
  firstDelayMs: number;
  multiplier: number;
  maxDelayMs: number;
  /** Retries are reported from this attempt on... */
  reportFromAttempt: number;
  /** ...or once this long has passed since the first attempt began, whichever is first. */
  reportAfterMs: number;
}

export const TOTAL_MS = 120_000;

export const DEFAULT_POLICY: RetryPolicy = {
  totalMs: TOTAL_MS,
  // The generated client's own per-call timeout (jobs_client_config.json, 60 s).
  attemptMs: 60_000,
  minAttemptMs: 2_000,
  firstDelayMs: 250,
  multiplier: 2,
  maxDelayMs: 15_000,
  reportFromAttempt: 3,
  reportAfterMs: 3_000,
};

/** Listing is interactive (the export command): a short bound, so a wrong endpoint fails fast. */
export const LIST_RETRY_MS = 8_000;

/** One retry, as the gateway reports it: `retrying CreateJob: UNAVAILABLE, attempt 3, next in 4 s`. */
export interface RetryReport {
  /** The method retried (CreateJob, GetJob, WaitOperation…). */
  rpc: string;
  /** The job the call is about (its short name), when it is about one. */
  job?: string;
  /** The status the attempt failed with (UNAVAILABLE…). */
  status: string;
  /** The attempt that just failed, counting from 1. */
  attempt: number;
  /** The wait before the next attempt. */
  delayMs: number;
  /** Since the first attempt began. */
  elapsedMs: number;
}

export type OnRetry = (report: RetryReport) => void;

/**
 * The line for a report, named like every line about a job (engine/context.ts `say`):
 * `cloudrun job <job>: retrying CreateJob: UNAVAILABLE, attempt 3, next in 4 s` (attempt 3 is
 * the one that failed).
 */
export function describeRetry(report: RetryReport): string {
  const line = `retrying ${report.rpc}: ${report.status}, attempt ${report.attempt}, next in ${seconds(report.delayMs)}`;
  return report.job ? `cloudrun job ${report.job}: ${line}` : line;
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms / 1000)} s`;
}

/** Time, as the loop sees it: injectable, so tests run the bound without waiting for it. */
export interface RetryClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** In [0, 1): the jitter. */
  random(): number;
}

const REAL_CLOCK: RetryClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};

export interface RetryOptions {
  /** The method called, for the report. */
  rpc: string;
  /** The job the call is about (its short name), for the report. */
  job?: string;
  /**
   * A refused connection is final: set against an emulator (CLOUD_RUN_EMULATOR_HOST), where it
   * means nothing listens there and retrying would only delay the failure. Against Cloud Run
   * it is retried like any UNAVAILABLE (a proxy or a network path coming back).
   */
  refusedIsFinal?: boolean;
  onRetry?: OnRetry;
  policy?: Partial<RetryPolicy>;
  clock?: RetryClock;
}

/** What an attempt is given: its deadline, in ms from now (gax's `timeout` call option). */
export interface Attempt {
  timeoutMs: number;
  number: number;
}

/**
 * Runs `call` until it succeeds, fails with a failure not worth another try, or the policy's
 * bound is reached; the last failure is thrown as the client gave it.
 *
 * Mutations are retried too. That is safe because each one is idempotent by construction: a
 * repeated CreateJob answers ALREADY_EXISTS (the provider then adopts only a job it owns),
 * UpdateJob carries the etag (ABORTED if the first try landed; the provider re-reads),
 * DeleteJob's NOT_FOUND counts as done, and runs are named by their token.
 */
export async function withRetries<T>(call: (attempt: Attempt) => Promise<T>, options: RetryOptions): Promise<T> {
  const policy = { ...DEFAULT_POLICY, ...options.policy };
  const clock = options.clock ?? REAL_CLOCK;
  const start = clock.now();
  for (let number = 1; ; number++) {
    const left = policy.totalMs - (clock.now() - start);
    try {
      return await call({ number, timeoutMs: Math.max(1, Math.min(policy.attemptMs, left)) });
    } catch (err) {
      if (!isTransient(err) || (options.refusedIsFinal && isConnectionRefused(err))) throw err;
      const cap = Math.min(policy.maxDelayMs, policy.firstDelayMs * policy.multiplier ** (number - 1));
      // Half the cap, plus a random part of the other half: a wait never collapses to nothing.
      const delayMs = Math.round(cap / 2 + (cap / 2) * clock.random());
      const elapsedMs = clock.now() - start;
      if (elapsedMs + delayMs + policy.minAttemptMs > policy.totalMs) throw err;
      if (options.onRetry && (number >= policy.reportFromAttempt || elapsedMs >= policy.reportAfterMs)) {
        const report: RetryReport = { rpc: options.rpc, status: statusName(codeOf(err)), attempt: number, delayMs, elapsedMs };
        try {
          options.onRetry(options.job ? { ...report, job: options.job } : report);
        } catch {
          // A report that cannot be made does not change the call.
        }
      }
      await clock.sleep(delayMs);
    }
  }
}
