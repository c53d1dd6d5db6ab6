// Load: a stack of 200 jobs, a quarter of them autonamed, is created, refreshed, updated and
// destroyed with Pulumi's default parallelism while the emulator throttles a fifth of all calls
// with RESOURCE_EXHAUSTED. Every operation must succeed: throttled calls are retried with
// backoff. A refresh changes nothing check decides (issue 26): the preview after it plans no
// change, and `up --refresh` replaces nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { manifest } from "./corpus";
import { built, testStack, type TestStack } from "./harness";

const T = 900_000;
const N = 200;

describe(`${N} jobs under throttling`, () => {
  let emulator: RunningEmulator;
  let ts: TestStack;
  let image = "busybox:1";
  beforeAll(async () => {
    emulator = await startEmulator({ quiet: true });
    ts = await testStack(
      async () => {
        const { Job } = built();
        for (let i = 0; i < N; i++) {
          const m = manifest(`load-${i}`, { container: { image } }) as { metadata: Record<string, unknown> };
          // Every fourth job is autonamed: its manifest gives no name.
          if (i % 4 === 0) delete m.metadata.name;
          new Job(`load-${i}`, m as never);
        }
      },
      { emulatorHost: emulator.address },
    );
    emulator.faults.add({ rpc: "*", kind: "error", code: "RESOURCE_EXHAUSTED", fraction: 0.2, message: "Quota exceeded (injected)" });
  }, T);
  afterAll(async () => {
    emulator?.faults.clear();
    await ts?.cleanup();
    await emulator?.stop();
  }, T);

  it(
    "creates, updates and destroys every job",
    async () => {
      const created = await ts.stack.up();
      expect(created.summary.resourceChanges).toEqual({ create: N + 1 });
      expect(emulator.store.jobs.size).toBe(N);
      const names = [...emulator.store.jobs.keys()].map((n) => n.split("/").pop()!);
      expect(names.filter((n) => /^load-\d+-[a-z0-9]{7}$/.test(n))).toHaveLength(N / 4);

      const refreshed = await ts.stack.refresh();
      expect(Object.keys(refreshed.summary.resourceChanges ?? {})).not.toContain("delete");
      const preview = await ts.stack.preview();
      expect(preview.changeSummary).toEqual({ same: N + 1 });
      const upRefresh = await ts.stack.up({ refresh: true });
      expect(upRefresh.summary.resourceChanges).toEqual({ same: N + 1 });
      expect([...emulator.store.jobs.keys()].map((n) => n.split("/").pop()!).sort()).toEqual([...names].sort());

      image = "busybox:2";
      const updated = await ts.stack.up();
      expect(updated.summary.resourceChanges).toEqual({ same: 1, update: N });
      expect([...emulator.store.jobs.values()].every((r) => r.job.template?.template?.containers?.[0]?.image === "busybox:2")).toBe(true);

      const destroyed = await ts.stack.destroy();
      expect(destroyed.summary.resourceChanges).toEqual({ delete: N + 1 });
      expect(emulator.store.jobs.size).toBe(0);

      const throttled = emulator.faults.list()[0]?.fired ?? 0;
      expect(throttled).toBeGreaterThan(N / 2); // the throttling really happened
    },
    T,
  );
});
