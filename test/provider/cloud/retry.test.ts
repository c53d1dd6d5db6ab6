// The retry loop (provider/cloud/retry.ts) on a virtual clock: what is retried, what is final,
// what is reported, and that one call with its retries stays within the bound. No real waiting:
// the clock's sleep moves virtual time on at once.
import { describe, expect, it } from "vitest";
import { Code } from "../../../provider/cloud/errors";
import {
  type Attempt,
  DEFAULT_POLICY,
  describeRetry,
  isConnectionRefused,
  type RetryClock,
  type RetryReport,
  TOTAL_MS,
  withRetries,
} from "../../../provider/cloud/retry";

/** A clock whose time moves only when the loop sleeps or an attempt says it took time. */
function virtualClock(random = 1) {
  let now = 0;
  const sleeps: number[] = [];
  const clock: RetryClock = {
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    random: () => random,
  };
  return { clock, sleeps, advance: (ms: number) => (now += ms), now: () => now };
}

/** What grpc-js rejects with when nothing listens at the address. */
const grpcRefused = () =>
  Object.assign(
    new Error("14 UNAVAILABLE: No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:1. Resolution note: "),
    {
      code: Code.UNAVAILABLE,
      details: "No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:1. Resolution note: ",
    },
  );

/** What gax's REST fallback rejects with: a GoogleError whose cause is the socket's error. */
const restRefused = () => {
  const message = "request to http://127.0.0.1:1/v2/projects/p/locations/r/jobs/j failed, reason: connect ECONNREFUSED 127.0.0.1:1";
  const socket = Object.assign(new Error(message), { code: "ECONNREFUSED", errno: "ECONNREFUSED" });
  return Object.assign(new Error(message, { cause: socket }), { code: Code.UNAVAILABLE });
};

/** An UNAVAILABLE a server sent (the emulator's fault injection, Cloud Run's transient errors). */
const unavailable = (details = "injected fault (error)") =>
  Object.assign(new Error(`14 UNAVAILABLE: ${details}`), { code: Code.UNAVAILABLE, details });

/** A call that fails `failures` times with `err()`, each attempt taking `tookMs` of the clock, then answers. */
function flaky(failures: number, err: () => Error, advance?: (ms: number) => void, tookMs = 0) {
  const attempts: Attempt[] = [];
  const call = async (attempt: Attempt) => {
    attempts.push(attempt);
    advance?.(tookMs);
    if (attempts.length <= failures) throw err();
    return "answer";
  };
  return { call, attempts };
}

describe("isConnectionRefused", () => {
  it("knows a refused connection over gRPC (by its text) and over REST (by the socket's code)", () => {
    expect(isConnectionRefused(grpcRefused())).toBe(true);
    expect(isConnectionRefused(restRefused())).toBe(true);
  });

  it("does not take any other UNAVAILABLE, or another status, for one", () => {
    expect(isConnectionRefused(unavailable())).toBe(false);
    expect(isConnectionRefused(unavailable("Connection dropped"))).toBe(false);
    expect(isConnectionRefused(unavailable("upstream connect error or disconnect/reset before headers"))).toBe(false);
    expect(isConnectionRefused({ ...grpcRefused(), code: Code.DEADLINE_EXCEEDED })).toBe(false);
    expect(isConnectionRefused(undefined)).toBe(false);
  });
});

describe("withRetries", () => {
  it("against an emulator, makes one attempt only when the connection is refused, over either transport", async () => {
    for (const refused of [grpcRefused, restRefused]) {
      const { clock, sleeps } = virtualClock();
      const reports: RetryReport[] = [];
      const { call, attempts } = flaky(5, refused);
      await expect(
        withRetries(call, { rpc: "CreateJob", refusedIsFinal: true, onRetry: (r) => reports.push(r), clock }),
      ).rejects.toMatchObject({ code: Code.UNAVAILABLE });
      expect(attempts).toHaveLength(1);
      expect(sleeps).toEqual([]);
      expect(reports).toEqual([]);
    }
  });

  it("against an emulator, still retries an UNAVAILABLE the server sent", async () => {
    const { clock } = virtualClock();
    const { call, attempts } = flaky(3, () => unavailable(), undefined);
    await expect(withRetries(call, { rpc: "GetJob", refusedIsFinal: true, clock })).resolves.toBe("answer");
    expect(attempts).toHaveLength(4);
  });

  it("against Cloud Run, retries a refused connection like any UNAVAILABLE", async () => {
    const { clock } = virtualClock();
    const { call, attempts } = flaky(2, grpcRefused);
    await expect(withRetries(call, { rpc: "GetJob", clock })).resolves.toBe("answer");
    expect(attempts).toHaveLength(3);
  });

  it("does not retry a failure that is not transient", async () => {
    const { clock, sleeps } = virtualClock();
    const { call, attempts } = flaky(1, () => Object.assign(new Error("3 INVALID_ARGUMENT: bad"), { code: Code.INVALID_ARGUMENT }));
    await expect(withRetries(call, { rpc: "CreateJob", clock })).rejects.toMatchObject({ code: Code.INVALID_ARGUMENT });
    expect(attempts).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("reports each retry from the third attempt, with the attempt that failed and the wait", async () => {
    const { clock, sleeps } = virtualClock(1);
    const reports: RetryReport[] = [];
    const { call } = flaky(5, () => unavailable());
    await expect(withRetries(call, { rpc: "CreateJob", job: "j", onRetry: (r) => reports.push(r), clock })).resolves.toBe("answer");
    // The cap doubles from 250 ms; at random() = 1 each wait is the cap.
    expect(sleeps).toEqual([250, 500, 1000, 2000, 4000]);
    expect(reports.map(describeRetry)).toEqual([
      "cloudrun job j: retrying CreateJob: UNAVAILABLE, attempt 3, next in 1 s",
      "cloudrun job j: retrying CreateJob: UNAVAILABLE, attempt 4, next in 2 s",
      "cloudrun job j: retrying CreateJob: UNAVAILABLE, attempt 5, next in 4 s",
    ]);
    expect(reports[0]).toEqual({ rpc: "CreateJob", job: "j", status: "UNAVAILABLE", attempt: 3, delayMs: 1000, elapsedMs: 750 });
  });

  it("reports from the second attempt when the first ones took over three seconds", async () => {
    const v = virtualClock(0);
    const reports: RetryReport[] = [];
    const { call } = flaky(2, () => unavailable(), v.advance, 2_000);
    await withRetries(call, { rpc: "GetJob", onRetry: (r) => reports.push(r), clock: v.clock });
    // Attempt 1 fails at 2 s (quiet), attempt 2 at 4.1 s: past three seconds.
    expect(reports.map((r) => [r.attempt, r.elapsedMs])).toEqual([[2, 4_125]]);
    expect(describeRetry(reports[0]!)).toBe("retrying GetJob: UNAVAILABLE, attempt 2, next in 0.3 s");
  });

  it("never lets a report's failure fail the call", async () => {
    const { clock } = virtualClock();
    const { call } = flaky(4, () => unavailable());
    const onRetry = () => {
      throw new Error("printer on fire");
    };
    await expect(withRetries(call, { rpc: "GetJob", onRetry, clock })).resolves.toBe("answer");
  });

  for (const [pace, random, tookMs] of [
    ["instant failures, shortest waits", 0, 0],
    ["instant failures, longest waits", 1, 0],
    ["slow failures", 0.5, 7_000],
    ["attempts that run to their deadline", 1, Infinity],
  ] as const) {
    it(`gives up within the bound (${TOTAL_MS / 1000} s from the first attempt) with the last failure: ${pace}`, async () => {
      const v = virtualClock(random);
      const attempts: Attempt[] = [];
      let last: Error | undefined;
      const call = async (attempt: Attempt) => {
        attempts.push(attempt);
        v.advance(Math.min(tookMs, attempt.timeoutMs));
        throw (last = unavailable(`failure ${attempts.length}`));
      };
      const failure = await withRetries(call, { rpc: "CreateJob", clock: v.clock }).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(failure).toBe(last);
      expect(v.now()).toBeLessThanOrEqual(TOTAL_MS);
      // Each attempt's deadline is cut to what is left, and none starts with too little left.
      for (const a of attempts) expect(a.timeoutMs).toBeGreaterThanOrEqual(DEFAULT_POLICY.minAttemptMs);
      expect(attempts.length).toBeGreaterThan(1);
      expect(attempts.length).toBeLessThanOrEqual(25);
    });
  }
});
