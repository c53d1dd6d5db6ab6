// Pulumi's resource options behave as users expect on a Job: protect, retainOnDelete,
// ignoreChanges on nested paths, replaceOnChanges, dependsOn and aliases.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as pulumi from "@pulumi/pulumi";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { emulatorClients } from "./clients";
import { manifest } from "./corpus";
import { built, testStack } from "./harness";
import { closedAddress } from "../shared/closed-port";

const T = 240_000;
const PARENT = "projects/e2e-project/locations/europe-west1";

let emulator: RunningEmulator;
let cloud: ReturnType<typeof emulatorClients>;
beforeAll(async () => {
  emulator = await startEmulator({ quiet: true });
  cloud = emulatorClients(emulator.port);
});
afterAll(async () => {
  await cloud?.close();
  await emulator?.stop();
});

interface Shape {
  present: boolean;
  name: string;
  image: string;
  team: string;
  opts: pulumi.CustomResourceOptions;
}

async function optionStack(job: string, shape: Shape) {
  return testStack(
    async () => {
      if (!shape.present) return;
      const { Job } = built();
      new Job(
        shape.name,
        manifest(job, { container: { image: shape.image }, metadata: { labels: { team: shape.team } } }) as never,
        shape.opts,
      );
    },
    { emulatorHost: emulator.address },
  );
}

const liveImage = async (job: string) =>
  (await cloud.jobs.getJob({ name: `${PARENT}/jobs/${job}` }))[0].template?.template?.containers?.[0]?.image;

describe("resource options", () => {
  it(
    "protect refuses a destroy",
    async () => {
      const shape: Shape = { present: true, name: "guarded", image: "busybox", team: "a", opts: { protect: true } };
      const ts = await optionStack("o-protect", shape);
      await ts.stack.up();
      await expect(ts.stack.destroy()).rejects.toThrow(/protected/);
      await cloud.jobs.getJob({ name: `${PARENT}/jobs/o-protect` });
      shape.opts = {};
      await ts.stack.up();
      await ts.stack.destroy();
      await ts.cleanup();
    },
    T,
  );

  it(
    "retainOnDelete keeps the job in Cloud Run when the resource goes",
    async () => {
      const shape: Shape = { present: true, name: "kept", image: "busybox", team: "a", opts: { retainOnDelete: true } };
      const ts = await optionStack("o-retain", shape);
      await ts.stack.up();
      shape.present = false;
      expect((await ts.stack.up()).summary.resourceChanges).toMatchObject({ delete: 1 });
      await cloud.jobs.getJob({ name: `${PARENT}/jobs/o-retain` }); // still there
      await ts.cleanup();
    },
    T,
  );

  it(
    "ignoreChanges on a nested path hides that change, not others",
    async () => {
      const shape: Shape = {
        present: true,
        name: "ignoring",
        image: "busybox:1",
        team: "a",
        opts: { ignoreChanges: ["spec.template.spec.template.spec.containers[0].image"] },
      };
      const ts = await optionStack("o-ignore", shape);
      await ts.stack.up();
      shape.image = "busybox:2";
      expect((await ts.stack.preview()).changeSummary).toEqual({ same: 2 });
      shape.team = "b";
      expect((await ts.stack.preview()).changeSummary).toEqual({ same: 1, update: 1 });
      await ts.stack.up();
      expect(await liveImage("o-ignore")).toBe("busybox:1");
      await ts.stack.destroy();
      await ts.cleanup();
    },
    T,
  );

  it(
    "replaceOnChanges turns a label change into a replacement",
    async () => {
      const shape: Shape = {
        present: true,
        name: "replacing",
        image: "busybox",
        team: "a",
        opts: { replaceOnChanges: ["metadata.labels"] },
      };
      const ts = await optionStack("o-replace", shape);
      await ts.stack.up();
      shape.team = "b";
      expect((await ts.stack.preview()).changeSummary).toEqual({ same: 1, replace: 1 });
      await ts.stack.up();
      expect((await cloud.jobs.getJob({ name: `${PARENT}/jobs/o-replace` }))[0].labels?.team).toBe("b");
      await ts.stack.destroy();
      await ts.cleanup();
    },
    T,
  );

  it(
    "dependsOn orders creation",
    async () => {
      const ts = await testStack(
        async () => {
          const { Job } = built();
          const first = new Job("first", manifest("o-first") as never);
          new Job("second", manifest("o-second") as never, { dependsOn: [first] });
        },
        { emulatorHost: emulator.address },
      );
      await ts.stack.up();
      const [a] = await cloud.jobs.getJob({ name: `${PARENT}/jobs/o-first` });
      const [b] = await cloud.jobs.getJob({ name: `${PARENT}/jobs/o-second` });
      const ms = (t: typeof a.createTime) => Number(t?.seconds) * 1000 + Number(t?.nanos ?? 0) / 1e6;
      expect(ms(b.createTime)).toBeGreaterThanOrEqual(ms(a.createTime));
      await ts.stack.destroy();
      await ts.cleanup();
    },
    T,
  );

  it(
    "aliases let a resource be renamed without touching the job",
    async () => {
      const shape: Shape = { present: true, name: "old-name", image: "busybox", team: "a", opts: {} };
      const ts = await optionStack("o-alias", shape);
      await ts.stack.up();
      const [before] = await cloud.jobs.getJob({ name: `${PARENT}/jobs/o-alias` });
      shape.name = "new-name";
      shape.opts = { aliases: [{ name: "old-name" }] };
      expect((await ts.stack.preview()).changeSummary).toEqual({ same: 2 });
      await ts.stack.up();
      const [after] = await cloud.jobs.getJob({ name: `${PARENT}/jobs/o-alias` });
      expect(after.generation).toBe(before.generation);
      await ts.stack.destroy();
      await ts.cleanup();
    },
    T,
  );
});

describe("the transport setting", () => {
  const program = async () => {
    const { Job } = built();
    new Job("wire", manifest("o-transport", { container: { image: "busybox" } }) as never);
  };

  it(
    "stack config cloudrun-jobs:transport=rest sends the provider's calls over REST, ahead of CLOUD_RUN_TRANSPORT",
    async () => {
      const ts = await testStack(program, {
        emulatorHost: emulator.address,
        config: { "cloudrun-jobs:transport": "rest" },
        env: { CLOUD_RUN_TRANSPORT: "grpc" },
      });
      try {
        emulator.calls.reset();
        await ts.stack.up();
        await ts.stack.destroy();
        expect(emulator.calls.faces()).toEqual({ grpc: 0, rest: emulator.calls.count("*"), v1: 0 });
        expect(emulator.calls.count("CreateJob")).toBe(1);
      } finally {
        await ts.cleanup();
      }
    },
    T,
  );

  it(
    "a value other than grpc or rest fails the preview, naming the key and the fix, before any call",
    async () => {
      const ts = await testStack(program, { emulatorHost: emulator.address, config: { "cloudrun-jobs:transport": "h2" } });
      try {
        emulator.calls.reset();
        const failed = await ts.stack.preview().then(
          () => "passed?!",
          (err: Error) => err.message,
        );
        expect(failed).toContain('stack config cloudrun-jobs:transport must be "grpc" or "rest", got "h2"');
        expect(failed).toContain("pulumi config rm cloudrun-jobs:transport");
        expect(emulator.calls.count("*")).toBe(0);
      } finally {
        await ts.cleanup();
      }
    },
    T,
  );
});

describe("an emulator host where nothing listens", () => {
  it(
    "fails the preview and the up at once with the usual message, and says nothing of retrying",
    async () => {
      const emulatorHost = await closedAddress();
      const ts = await testStack(
        async () => {
          const { Job } = built();
          new Job("nowhere", manifest("o-nowhere", { container: { image: "busybox" } }) as never);
        },
        { emulatorHost },
      );
      try {
        // The preview already fails (cloud/reachable.ts), so `pulumi up` with its preview fails as soon.
        const previewed = await ts.stack.preview().then(
          () => "passed?!",
          (err: Error) => err.message,
        );
        expect(previewed).toMatch(
          /resource 'nowhere' has a problem: job o-nowhere: nothing listens at CLOUD_RUN_EMULATOR_HOST=127\.0\.0\.1:\d+: .*ECONNREFUSED.* \(UNAVAILABLE\)\. Cloud Run could not be reached/,
        );
        const output: string[] = [];
        const started = Date.now();
        const failed = await ts.stack.up({ onOutput: (out) => output.push(out) }).then(
          () => "passed?!",
          (err: Error) => err.message,
        );
        // Reported, never asserted: timings do not go in asserting tests.
        console.log(`up against a closed emulator port failed after ${((Date.now() - started) / 1000).toFixed(1)} s`);
        expect(failed).toMatch(
          /job o-nowhere: .*ECONNREFUSED.* \(UNAVAILABLE\)\. Cloud Run could not be reached; check the network \(or CLOUD_RUN_EMULATOR_HOST\) and run `pulumi up` again/,
        );
        expect(`${output.join("")}\n${failed}`).not.toMatch(/retrying/);
      } finally {
        await ts.cleanup();
      }
    },
    T,
  );
});
