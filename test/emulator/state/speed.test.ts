// The execution clock's speed factor (emulator-only): a 10-minute simulated task finishes in
// a fraction of a second of wall time, with timestamps that still read 10 minutes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAST, createJob, jobName, plainExecution, startHarness, type Harness } from "../harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ speed: 6000, taskDurationMs: 10 * 60_000 });
});
afterAll(async () => h.close());

const millis = (t: { seconds?: unknown; nanos?: unknown } | null | undefined) =>
  Number(t?.seconds ?? 0) * 1000 + Number(t?.nanos ?? 0) / 1e6;

describe("speed", () => {
  it("runs a 10-minute task on the emulated clock", async () => {
    await createJob(h, "fast");
    const [op] = await h.jobs.runJob({ name: jobName("fast") }, FAST);
    const e = plainExecution((await op.promise())[0]);
    expect(e.succeededCount).toBe(1);
    expect(millis(e.completionTime) - millis(e.startTime)).toBeGreaterThanOrEqual(10 * 60_000);
  });
});
