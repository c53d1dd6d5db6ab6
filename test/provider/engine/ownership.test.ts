// Ownership is respected (issue 26): a job whose owner annotation names another Pulumi resource
// is neither adopted, taken back on create, updated, run nor deleted by this one, unless the Job
// names that owner in `takeOwnershipFrom`. In-process, through the gateway seam, two engine
// doubles standing for two stacks (`dev` and `bad`) over one emulator; the emulator's call
// counter and store show that a refusal sent nothing and ran nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { closeClients } from "../../../provider/cloud/clients";
import { Gateway } from "../../../provider/cloud/gateway";
import { createProvider, type JobProvider } from "../../../provider/provider";
import { manifest } from "../../e2e/corpus";
import { EngineDouble } from "./engine-double";

const T = 60_000;
const PROJECT = "owner-project";
const REGION = "europe-west1";
const parent = `projects/${PROJECT}/locations/${REGION}`;
const ANNOTATION = "pulumi-cloudrun-jobs/owner";

let emulator: RunningEmulator;
let provider: JobProvider;
const lines: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, exec: true, taskDurationMs: 20 });
  provider = createProvider(new Gateway({ emulatorHost: emulator.address }), { log: (line) => lines.push(line) });
  await provider.configure({ config: { get: (k: string) => ({ "gcp:project": PROJECT, "gcp:region": REGION })[k] } } as never);
});
afterAll(async () => {
  await closeClients();
  await emulator?.stop();
});

interface Declared {
  token?: string;
  image?: string;
  /** The `import` resource option. */
  adopt?: boolean;
  takeOwnershipFrom?: string;
  /** The owner the Job class sends; none: a job made as if outside Pulumi. */
  owner?: string;
}

/** A Job as the Job class sends it, from a declaration the test changes between ups. */
function stack(job: string, d: Declared): EngineDouble {
  return new EngineDouble(provider, () => ({
    ...manifest(job, {
      container: { image: d.image ?? "busybox:1" },
      task: { maxRetries: 0 },
      spec: d.token ? { runExecutionToken: d.token } : {},
    }),
    ...(d.owner ? { __owner: d.owner } : {}),
    ...(d.adopt ? { __adopt: `${parent}/jobs/${job}` } : {}),
    ...(d.takeOwnershipFrom ? { takeOwnershipFrom: d.takeOwnershipFrom } : {}),
  }));
}

const live = (job: string) => emulator.store.jobs.get(`${parent}/jobs/${job}`)?.job;
const ownerOf = (job: string) => live(job)?.annotations?.[ANNOTATION];
const generationOf = (job: string) => Number(live(job)?.generation ?? 0);
const executions = (job: string) =>
  emulator.store
    .executionsOf(`${parent}/jobs/${job}`)
    .map((e) => e.execution.name?.split("/").pop())
    .sort();
const updates = () => emulator.calls.count("UpdateJob");
const saidSince = (from: number, text: string) => lines.slice(from).some((l) => l.includes(text));

const DEV = "dev::myproj::migrate";
const BAD = "bad::myproj::migrate";

describe("ownership of jobs", () => {
  it(
    "adopting another resource's job is refused before any change, naming the owner and takeOwnershipFrom's value",
    async () => {
      const job = "own-refused";
      const dev = stack(job, { owner: DEV, token: "schema-4" });
      await dev.up();
      expect(ownerOf(job)).toBe(DEV);
      const generation = generationOf(job);
      const sent = updates();

      const bad = stack(job, { owner: BAD, token: "schema-4", adopt: true, image: "busybox:2" });
      await expect(bad.up()).rejects.toThrow(
        `adopt job ${job}: the job belongs to ${DEV} (annotation ${ANNOTATION}), another Pulumi resource (FAILED_PRECONDITION). ` +
          `To take it over from that resource, set \`takeOwnershipFrom: "${DEV}"\` on the Job; otherwise remove the import option`,
      );
      expect(bad.state.id).toBeUndefined();
      expect(updates()).toBe(sent);
      expect(generationOf(job)).toBe(generation);
      expect(ownerOf(job)).toBe(DEV);
      expect(executions(job)).toEqual([`${job}-schema-4`]);

      // takeOwnershipFrom naming another owner than the annotation's is no licence either.
      const wrong = stack(job, { owner: BAD, token: "schema-4", adopt: true, takeOwnershipFrom: "dev::myproj::other" });
      await expect(wrong.up()).rejects.toThrow(`takeOwnershipFrom: "${DEV}"`);
      expect(updates()).toBe(sent);
      await dev.destroy();
      expect(live(job)).toBeUndefined();
    },
    T,
  );

  it(
    "takeOwnershipFrom: adopted and the annotation rewritten; the old owner's refresh keeps the job, its up changes and runs nothing, its destroy leaves it",
    async () => {
      const job = "own-taken";
      const devDecl: Declared = { owner: DEV, token: "schema-4" };
      const dev = stack(job, devDecl);
      await dev.up();
      const badDecl: Declared = { owner: BAD, token: "schema-4", adopt: true, takeOwnershipFrom: DEV };
      const bad = stack(job, badDecl);
      let from = lines.length;
      await bad.up();
      expect(ownerOf(job)).toBe(BAD);
      expect(saidSince(from, `cloudrun job ${job}: taking the job over from ${DEV} (takeOwnershipFrom)`)).toBe(true);
      // The same token's execution exists: awaited, not started again.
      expect(executions(job)).toEqual([`${job}-schema-4`]);

      // dev, not refreshed yet: a new token is refused before anything is sent or run.
      const sent = updates();
      devDecl.token = "schema-5";
      const refusal =
        `update job ${job}: the job now belongs to ${BAD} (annotation ${ANNOTATION}): another Pulumi resource took it over; nothing was changed or run (FAILED_PRECONDITION). ` +
        `To take it back, set \`takeOwnershipFrom: "${BAD}"\` on the Job; or remove the Job from this program, which leaves the job as it is`;
      await expect(dev.up()).rejects.toThrow(refusal);
      expect(updates()).toBe(sent);
      expect(executions(job)).toEqual([`${job}-schema-4`]);

      // dev's refresh keeps the job and says whose it is; with its program as before, up does nothing.
      devDecl.token = "schema-4";
      from = lines.length;
      expect(await dev.refresh()).toBe(true);
      expect(saidSince(from, `cloudrun job ${job}: now belongs to ${BAD} (annotation ${ANNOTATION})`)).toBe(true);
      await dev.up();
      // A change after the refresh (fresh etag) is still refused, and runs nothing.
      devDecl.token = "schema-5";
      await expect(dev.up()).rejects.toThrow(refusal);
      devDecl.image = "busybox:3";
      await expect(dev.up()).rejects.toThrow(refusal);
      expect(updates()).toBe(sent);
      expect(executions(job)).toEqual([`${job}-schema-4`]);
      expect(ownerOf(job)).toBe(BAD);

      // dev lets it go: the job stays, said so; the resource leaves dev's state.
      from = lines.length;
      await dev.destroy();
      expect(dev.state).toEqual({});
      expect(live(job)).toBeDefined();
      expect(
        saidSince(
          from,
          `cloudrun job ${job}: not deleted: it now belongs to ${BAD} (annotation ${ANNOTATION}); removed from this stack's state only`,
        ),
      ).toBe(true);
      // bad owns it: bad's later ups keep working, and its destroy deletes it.
      badDecl.image = "busybox:2";
      await bad.up();
      await bad.destroy();
      expect(live(job)).toBeUndefined();
    },
    T,
  );

  it(
    "the old owner takes the job back with takeOwnershipFrom; then the other stack's destroy leaves it",
    async () => {
      const job = "own-back";
      const devDecl: Declared = { owner: DEV, token: "schema-4" };
      const dev = stack(job, devDecl);
      await dev.up();
      const bad = stack(job, { owner: BAD, token: "schema-4", adopt: true, takeOwnershipFrom: DEV });
      await bad.up();
      await dev.refresh();
      devDecl.takeOwnershipFrom = BAD;
      devDecl.token = "schema-5";
      await dev.up();
      expect(ownerOf(job)).toBe(DEV);
      expect(executions(job)).toEqual([`${job}-schema-4`, `${job}-schema-5`]);
      await bad.destroy();
      expect(live(job)).toBeDefined();
      await dev.destroy();
      expect(live(job)).toBeUndefined();
    },
    T,
  );

  it(
    "a job with no owner annotation is adopted and stamped with the owner, nothing else changed; a second stack is then refused",
    async () => {
      const job = "own-free";
      const outside = stack(job, {});
      await outside.up();
      expect(ownerOf(job)).toBeUndefined();
      const generation = generationOf(job);
      const sent = updates();
      const adopter = stack(job, { owner: BAD, adopt: true });
      await adopter.up();
      expect(adopter.state.id).toBe(`${parent}/jobs/${job}`);
      // One update, which writes the owner annotation only: no run, the spec as it was.
      expect(updates()).toBe(sent + 1);
      expect(generationOf(job)).toBe(generation + 1);
      expect(ownerOf(job)).toBe(BAD);
      expect(emulator.store.executionsOf(`${parent}/jobs/${job}`)).toHaveLength(0);
      // Another stack adopting it now is refused: it has an owner.
      await expect(stack(job, { owner: "other::crj::own-free", adopt: true }).up()).rejects.toThrow(/belongs to/);
      await adopter.destroy();
      expect(live(job)).toBeUndefined();
    },
    T,
  );

  it(
    "a create that finds another resource's job is refused the same way; takeOwnershipFrom takes it over; a job with no owner keeps ALREADY_EXISTS's advice",
    async () => {
      const job = "own-found";
      const dev = stack(job, { owner: DEV, token: "schema-4" });
      await dev.up();
      const sent = updates();
      const bad = stack(job, { owner: BAD, token: "schema-4" });
      await expect(bad.up()).rejects.toThrow(
        `create job ${job}: the job belongs to ${DEV} (annotation ${ANNOTATION}), another Pulumi resource (FAILED_PRECONDITION). ` +
          `To take it over from that resource, set \`takeOwnershipFrom: "${DEV}"\` on the Job; otherwise choose another metadata.name`,
      );
      expect(updates()).toBe(sent);
      expect(executions(job)).toEqual([`${job}-schema-4`]);
      const taker = stack(job, { owner: BAD, token: "schema-4", takeOwnershipFrom: DEV });
      await taker.up();
      expect(ownerOf(job)).toBe(BAD);
      expect(executions(job)).toEqual([`${job}-schema-4`]);
      await taker.destroy();

      const free = "own-found-free";
      await stack(free, {}).up();
      await expect(stack(free, { owner: BAD }).up()).rejects.toThrow(/ALREADY_EXISTS.*adopt it with the `import` resource option/);
      expect(ownerOf(free)).toBeUndefined();
    },
    T,
  );

  it(
    "a resource renamed through an alias keeps its job: the owner the state recorded is still ours",
    async () => {
      const job = "own-renamed";
      const decl: Declared = { owner: "dev::myproj::old-name" };
      const engine = stack(job, decl);
      await engine.up();
      decl.owner = "dev::myproj::new-name";
      decl.image = "busybox:2";
      await engine.up();
      expect(ownerOf(job)).toBe("dev::myproj::new-name");
      await engine.destroy();
      expect(live(job)).toBeUndefined();
    },
    T,
  );
});
