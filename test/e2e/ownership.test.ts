// Ownership is respected (issue 26), on the real engine: two stacks against one emulator. `dev`
// owns a job with a run token; `bad` declares the same resource with the `import` option and is
// refused, naming dev's resource and the takeOwnershipFrom to set; with it, `bad` takes the job
// over without running it again. Then dev's refresh keeps the job and says whose it is, its `up`
// runs and changes nothing (a new token is refused), its destroy leaves the job. `bad`, the owner
// now, deletes it on destroy: it took the job over explicitly, and dev has let go of it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { manifest } from "./corpus";
import { built, type TestStack, testStack } from "./harness";

// About 65 s on 2 shared cores (eight operations of two stacks); the limit leaves room for load.
const T = 180_000;
const JOB = "db-migrate";
const ID = `projects/e2e-project/locations/europe-west1/jobs/${JOB}`;
const ANNOTATION = "pulumi-cloudrun-jobs/owner";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, taskDurationMs: 20 });
});
afterAll(async () => {
  await emulator?.stop();
});

interface Declared {
  present: boolean;
  token: string;
  adopt: boolean;
  takeOwnershipFrom?: string;
}

function stackOf(d: Declared): Promise<TestStack> {
  return testStack(
    async () => {
      if (!d.present) return;
      const { Job } = built();
      const args = {
        ...manifest(JOB, { container: { image: "busybox:1" }, task: { maxRetries: 0 }, spec: { runExecutionToken: d.token } }),
        ...(d.takeOwnershipFrom ? { takeOwnershipFrom: d.takeOwnershipFrom } : {}),
      };
      new Job("migrate", args as never, d.adopt ? { import: ID } : {});
    },
    { emulatorHost: emulator.address },
  );
}

const live = () => emulator.store.jobs.get(ID)?.job;
const ownerNow = () => live()?.annotations?.[ANNOTATION];
const executions = () =>
  emulator.store
    .executionsOf(ID)
    .map((e) => e.execution.name?.split("/").pop())
    .sort();

describe("ownership across stacks", () => {
  it(
    "adoption of another stack's job is refused, allowed with takeOwnershipFrom; the old owner then runs, changes and deletes nothing",
    async () => {
      const devDecl: Declared = { present: true, token: "schema-4", adopt: false };
      const badDecl: Declared = { present: true, token: "schema-4", adopt: true };
      const dev = await stackOf(devDecl);
      const bad = await stackOf(badDecl);
      const devOwner = `${dev.stack.name}::crj-e2e::migrate`;
      const badOwner = `${bad.stack.name}::crj-e2e::migrate`;
      try {
        await dev.stack.up();
        expect(ownerNow()).toBe(devOwner);
        expect(executions()).toEqual([`${JOB}-schema-4`]);
        const generation = live()?.generation;
        const updates = emulator.calls.count("UpdateJob");

        // bad adopts dev's job: refused before any change, with the value to paste.
        await expect(bad.stack.up()).rejects.toThrow(
          `adopt job ${JOB}: the job belongs to ${devOwner} (annotation ${ANNOTATION}), another Pulumi resource (FAILED_PRECONDITION). ` +
            `To take it over from that resource, set \`takeOwnershipFrom: "${devOwner}"\` on the Job`,
        );
        expect(emulator.calls.count("UpdateJob")).toBe(updates);
        expect(live()?.generation).toBe(generation);
        expect(ownerNow()).toBe(devOwner);

        // With takeOwnershipFrom: taken over, the annotation rewritten, the migration not run again.
        badDecl.takeOwnershipFrom = devOwner;
        const taken = await bad.stack.up();
        expect(taken.stdout).toContain(`taking the job over from ${devOwner} (takeOwnershipFrom)`);
        expect(ownerNow()).toBe(badOwner);
        expect(executions()).toEqual([`${JOB}-schema-4`]);

        // dev: refresh keeps the job and says whose it is; up runs nothing; a new token is refused.
        const refresh = await dev.stack.refresh();
        expect(refresh.stdout).toContain(`cloudrun job ${JOB}: now belongs to ${badOwner}`);
        expect(refresh.summary.resourceChanges).not.toHaveProperty("delete");
        await dev.stack.up();
        devDecl.token = "schema-5";
        await expect(dev.stack.up()).rejects.toThrow(`update job ${JOB}: the job now belongs to ${badOwner}`);
        expect(executions()).toEqual([`${JOB}-schema-4`]);
        expect(ownerNow()).toBe(badOwner);

        // dev lets it go: destroy leaves bad's job, says so, and empties dev's state.
        const devDestroy = await dev.stack.destroy();
        expect(devDestroy.stdout).toContain(
          `cloudrun job ${JOB}: not deleted: it now belongs to ${badOwner} (annotation ${ANNOTATION}); removed from this stack's state only`,
        );
        expect(devDestroy.summary.resourceChanges).toMatchObject({ delete: 2 }); // the Job and the stack
        expect(live()).toBeDefined();

        // bad, the owner now, deletes it.
        await bad.stack.destroy();
        expect(live()).toBeUndefined();
      } finally {
        await dev.cleanup();
        await bad.cleanup();
      }
    },
    T,
  );
});
