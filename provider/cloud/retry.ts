// Retry policy of the gateway: which failures are worth another try, and how long to keep at it.
import type { CallOptions } from "google-gax";
import { Code, codeOf } from "./errors";

/** Failures worth another try: the request was not processed, or its outcome is unknown. */
const TRANSIENT_CODES: readonly number[] = [Code.UNAVAILABLE, Code.DEADLINE_EXCEEDED, Code.RESOURCE_EXHAUSTED, Code.INTERNAL];

function isTransient(err: unknown): boolean {
  const code = codeOf(err);
  return code !== undefined && TRANSIENT_CODES.includes(code);
}

/**
 * Reads retry transient failures with exponential backoff and full jitter (gax's own retry
 * loop), bounded at one minute. The generated client retries nothing for Jobs or Executions:
 * every method is configured non-idempotent (docs/architecture.md facts: the client).
 */
export function readRetry(totalMs = 60_000): CallOptions {
  const gax = require("google-gax") as typeof import("google-gax");
  const rpcMs = Math.min(30_000, totalMs);
  return { retry: gax.createRetryOptions([...TRANSIENT_CODES], gax.createBackoffSettings(200, 2, 5_000, rpcMs, 1, rpcMs, totalMs)) };
}

/** Listing is interactive (the export command): a short bound, so a wrong endpoint fails fast. */
export const LIST_RETRY_MS = 8_000;

/**
 * Mutations retry transient failures too, with exponential backoff and full jitter, for about
 * two minutes. That is safe because each one is idempotent by construction: a repeated
 * CreateJob answers ALREADY_EXISTS (the provider then adopts only a job it owns), UpdateJob
 * carries the etag (ABORTED if the first try landed; the provider re-reads), DeleteJob's
 * NOT_FOUND counts as done, and runs are named by their token.
 */
const MUTATION_BACKOFF = {
  numOfAttempts: 10,
  startingDelay: 250,
  timeMultiple: 2,
  maxDelay: 15_000,
  jitter: "full",
} as const;

export async function withRetries<T>(call: () => Promise<T>): Promise<T> {
  // Loaded at the first API call, like the Google client: check and diff never pay for it.
  const { backOff } = require("exponential-backoff") as typeof import("exponential-backoff");
  return backOff(call, { ...MUTATION_BACKOFF, retry: (err: unknown) => isTransient(err) });
}
