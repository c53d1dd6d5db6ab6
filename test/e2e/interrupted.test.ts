// A `pulumi up` killed (SIGKILL, the engine and its provider host) while it creates 50
// autonamed jobs, then `pulumi cancel` and `up` again: the rerun draws the same names, finds
// the jobs whose creation it never heard back from, and takes them back by their owner
// annotation (issue 26). As many jobs in the emulator as in the state, none twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { manifest } from "./corpus";
import { built, testStack, type TestStack } from "./harness";
import { killEngine } from "./kill";

const T = 600_000;
const N = 50;
const PARENT = "projects/e2e-project/locations/europe-west1";

async function until(check: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting for the kill point");
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe(`a killed up of ${N} autonamed jobs`, () => {
  let emulator: RunningEmulator;
  let ts: TestStack;
  beforeAll(async () => {
    emulator = await startEmulator({ quiet: true });
    ts = await testStack(
      async () => {
        const { Job } = built();
        for (let i = 0; i < N; i++) {
          const m = manifest("unused", { spec: { runExecutionToken: "first" } }) as { metadata: Record<string, unknown> };
          delete m.metadata.name;
          new Job(`auto-${i}`, m as never);
        }
      },
      { emulatorHost: emulator.address },
    );
  }, T);
  afterAll(async () => {
    emulator?.faults.clear();
    await ts?.stack.destroy().catch(async () => {
      await ts.stack.cancel().catch(() => undefined);
      await ts.stack.destroy().catch(() => undefined);
    });
    await ts?.cleanup();
    await emulator?.stop();
  }, T);

  const jobsInCloud = () => [...emulator.store.jobs.keys()].filter((n) => n.startsWith(`${PARENT}/jobs/`)).map((n) => n.split("/").pop()!);

  it(
    "is taken back by the next up: no job twice, none left out of the state, no run twice",
    async () => {
      // Every create is answered late, so the kill lands while many are in flight: the emulator
      // still makes those jobs, and nobody hears of it.
      emulator.faults.add({ rpc: "CreateJob", kind: "latency", latencyMs: 1500 });
      const running = ts.stack.up().then(
        () => "finished",
        () => "failed",
      );
      await until(() => emulator.calls.count("CreateJob") >= N / 2 && jobsInCloud().length >= 5);
      expect(killEngine(ts.stack.name)).toBeGreaterThan(0);
      expect(await running).toBe("failed");
      // The creates in flight land after the kill.
      await new Promise((r) => setTimeout(r, 2000));
      emulator.faults.clear();
      const madeBeforeRerun = jobsInCloud().length;
      expect(madeBeforeRerun).toBeGreaterThan(0);

      await ts.stack.cancel().catch(() => undefined);
      const recorded = async () =>
        (await ts.stack.exportStack()).deployment.resources?.filter((r: { type: string }) => r.type.endsWith("cloudrun:Job")).length ?? 0;
      const recordedBeforeRerun = await recorded();
      // Some creates the engine never heard back from: the case this test is about.
      expect(madeBeforeRerun).toBeGreaterThan(recordedBeforeRerun);
      const rerun = await ts.stack.up();
      expect(rerun.summary.resourceChanges?.create).toBe(N - recordedBeforeRerun);

      const state = await ts.stack.exportStack();
      const inState = (state.deployment.resources ?? [])
        .filter((r: { type: string }) => r.type.endsWith("cloudrun:Job"))
        .map((r: { id: string }) => r.id.split("/").pop()!)
        .sort();
      const inCloud = jobsInCloud().sort();
      expect(inState).toHaveLength(N);
      expect(inCloud).toEqual(inState);
      // One job per resource: each logical name once.
      const logical = inCloud.map((n) => n.replace(/-[a-z0-9]{7}$/, ""));
      expect(new Set(logical).size).toBe(N);
      // Each job ran its token once.
      for (const name of inCloud) expect(emulator.store.executionsOf(`${PARENT}/jobs/${name}`)).toHaveLength(1);
    },
    T,
  );
});
