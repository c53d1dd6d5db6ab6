// Lifecycle on the real engine against the emulator — or against real Cloud Run in live
// acceptance mode (CLOUD_RUN_JOBS_LIVE_PROJECT, see target.ts): exact previews, updates vs
// replaces, refresh, out-of-band drift and deletion, adoption, and zero perpetual diffs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CORPUS, manifest } from "./corpus";
import { built, testStack, type TestStack } from "./harness";
import { IS_LIVE, startTarget, type Target, TRANSPORTS } from "./target";

const T = 240_000;

// Once per transport (CLOUD_RUN_TRANSPORT): the provider over gRPC, then over REST.
describe.each(TRANSPORTS)("over %s", (transport) => {
  let target: Target;
  let cloud: Target["cloud"];
  let PARENT: string;
  /**
   * Live, the job's place is explicit, so exported manifests (namespace e2e-project) follow the
   * target; on the emulator it comes from stack config, the namespace and the location label.
   */
  const here = () => (target.live ? { project: target.project, region: target.region } : {});

  beforeAll(async () => {
    target = await startTarget({ taskDurationMs: 200 });
    cloud = target.cloud;
    PARENT = `projects/${target.project}/locations/${target.region}`;
  });
  afterAll(async () => {
    await target?.stop();
  });

  describe(`${CORPUS.length} manifests covering the schema`, () => {
    let ts: TestStack;
    beforeAll(async () => {
      ts = await testStack(
        async () => {
          const { Job } = built();
          for (const [key, m] of CORPUS) new Job(key, { ...m, ...here() } as never);
        },
        { emulatorHost: target.emulatorHost, config: target.config, env: { CLOUD_RUN_TRANSPORT: transport } },
      );
    }, T);
    afterAll(async () => {
      await ts?.stack.destroy();
      await ts?.cleanup();
    }, T);

    it(
      "up creates every job",
      async () => {
        const up = await ts.stack.up();
        expect(up.summary.resourceChanges).toEqual({ create: CORPUS.length + 1 });
      },
      T,
    );

    it(
      "then preview → no changes; refresh → no changes; preview → no changes",
      async () => {
        expect((await ts.stack.preview()).changeSummary).toEqual({ same: CORPUS.length + 1 });
        const refresh = await ts.stack.refresh();
        expect(refresh.summary.resourceChanges, refresh.stdout).toEqual({ same: CORPUS.length + 1 });
        expect((await ts.stack.preview()).changeSummary).toEqual({ same: CORPUS.length + 1 });
      },
      T,
    );
  });

  describe("one job through its life", () => {
    let ts: TestStack;
    let image = "busybox:1";
    let name = "life-job";
    let region: string | undefined;
    const jobName = () => `projects/${target.project}/locations/${region ?? target.region}/jobs/${name}`;

    beforeAll(async () => {
      ts = await testStack(
        async () => {
          const { Job } = built();
          const job = new Job("life", {
            ...manifest(name, { container: { image }, metadata: { labels: { team: "data" } } }),
            ...here(),
            ...(region ? { region } : {}),
          } as never);
          return { id: job.id, image: job.spec.apply((s) => JSON.stringify(s)) };
        },
        { emulatorHost: target.emulatorHost, config: target.config, env: { CLOUD_RUN_TRANSPORT: transport } },
      );
      await ts.stack.up();
    }, T);
    afterAll(async () => {
      await ts?.stack.destroy();
      await ts?.cleanup();
    }, T);

    it(
      "an image change previews as an update of that field only",
      async () => {
        image = "busybox:2";
        const preview = await ts.stack.preview({ diff: true });
        expect(preview.changeSummary).toEqual({ same: 1, update: 1 });
        const changed = preview.stdout.split("\n").filter((l) => /^\s*[~+-]\s/.test(l) && !/pulumi:pulumi:Stack/.test(l));
        expect(changed.join("\n")).toContain('image: "busybox:1" => "busybox:2"');
        expect(changed.join("\n")).not.toMatch(/replace/);
        await ts.stack.up();
        const [job] = await cloud.jobs.getJob({ name: jobName() });
        expect(job.template?.template?.containers?.[0]?.image).toBe("busybox:2");
        expect((await ts.stack.preview()).changeSummary).toEqual({ same: 2 });
      },
      T,
    );

    it(
      "a name change replaces the job, deleting the old one first",
      async () => {
        const old = jobName();
        name = "life-job-renamed";
        const preview = await ts.stack.preview();
        expect(preview.changeSummary).toEqual({ same: 1, replace: 1 });
        await ts.stack.up();
        await expect(cloud.jobs.getJob({ name: old })).rejects.toMatchObject({ code: 5 });
        await cloud.jobs.getJob({ name: jobName() });
      },
      T,
    );

    it(
      "a region change replaces the job",
      async () => {
        const old = jobName();
        region = target.otherRegion;
        expect((await ts.stack.preview()).changeSummary).toEqual({ same: 1, replace: 1 });
        await ts.stack.up();
        await expect(cloud.jobs.getJob({ name: old })).rejects.toMatchObject({ code: 5 });
        await cloud.jobs.getJob({ name: jobName() });
      },
      T,
    );

    it(
      "an out-of-band change shows on refresh, previews as a revert, and up restores it",
      async () => {
        const [live] = await cloud.jobs.getJob({ name: jobName() });
        live.template!.template!.containers![0]!.image = "evil:latest";
        live.labels = { ...live.labels, team: "someone-else" };
        const [op] = await cloud.jobs.updateJob({ job: live }, cloud.fast);
        await op.promise();

        const refresh = await ts.stack.refresh();
        expect(refresh.summary.resourceChanges).toEqual({ same: 1, update: 1 });

        const preview = await ts.stack.preview({ diff: true });
        expect(preview.changeSummary).toEqual({ same: 1, update: 1 });
        expect(preview.stdout).toContain('image: "evil:latest" => "busybox:2"');
        expect(preview.stdout).toContain('team: "someone-else" => "data"');

        await ts.stack.up();
        const [restored] = await cloud.jobs.getJob({ name: jobName() });
        expect(restored.template?.template?.containers?.[0]?.image).toBe("busybox:2");
        expect(restored.labels?.team).toBe("data");
        expect((await ts.stack.preview()).changeSummary).toEqual({ same: 2 });
      },
      T,
    );

    it(
      "a concurrent change is reported, not overwritten, until a refresh",
      async () => {
        const [live] = await cloud.jobs.getJob({ name: jobName() });
        live.labels = { ...live.labels, team: "concurrent" };
        const [op] = await cloud.jobs.updateJob({ job: live }, cloud.fast);
        await op.promise();
        image = "busybox:3";
        const failed = await ts.stack.up().then(
          () => "passed?!",
          (err: Error) => err.message,
        );
        expect(failed).toContain("the job was changed outside Pulumi since it was last read");
        expect(failed).toContain("Run `pulumi refresh` to see the change, then `pulumi up`");
        expect((await cloud.jobs.getJob({ name: jobName() }))[0].labels?.team).toBe("concurrent");
        await ts.stack.refresh();
        await ts.stack.up();
        const [after] = await cloud.jobs.getJob({ name: jobName() });
        expect(after.labels?.team).toBe("data");
        expect(after.template?.template?.containers?.[0]?.image).toBe("busybox:3");
      },
      T,
    );

    it(
      "an out-of-band delete drops the job on refresh, and up recreates it",
      async () => {
        const [op] = await cloud.jobs.deleteJob({ name: jobName() }, cloud.fast);
        await op.promise();
        const refresh = await ts.stack.refresh();
        expect(refresh.summary.resourceChanges).toEqual({ same: 1, delete: 1 });
        const up = await ts.stack.up();
        expect(up.summary.resourceChanges).toEqual({ same: 1, create: 1 });
        await cloud.jobs.getJob({ name: jobName() });
        expect((await ts.stack.preview()).changeSummary).toEqual({ same: 2 });
      },
      T,
    );
  });

  describe("adoption", () => {
    it(
      "a job made outside Pulumi is adopted through the import option, only its owner annotation written, with no diff after",
      async () => {
        const jobName = `${PARENT}/jobs/adopt-me`;
        const [op] = await cloud.jobs.createJob(
          {
            parent: PARENT,
            jobId: "adopt-me",
            job: { labels: { team: "ops" }, template: { taskCount: 2, template: { containers: [{ image: "busybox" }], maxRetries: 1 } } },
          },
          cloud.fast,
        );
        await op.promise();
        const [before] = await cloud.jobs.getJob({ name: jobName });

        const ts = await testStack(
          async () => {
            const { Job } = built();
            new Job(
              "adopted",
              {
                ...manifest("adopt-me", {
                  metadata: { labels: { team: "ops" } },
                  exec: { taskCount: 2 },
                  task: { maxRetries: 1 },
                  container: { image: "busybox" },
                }),
                ...here(),
              } as never,
              { import: jobName },
            );
          },
          { emulatorHost: target.emulatorHost, config: target.config, env: { CLOUD_RUN_TRANSPORT: transport } },
        );
        try {
          const up = await ts.stack.up();
          expect(up.summary.resourceChanges).toEqual({ create: 2 });
          const [after] = await cloud.jobs.getJob({ name: jobName });
          expect(after.uid).toBe(before.uid);
          // Matched: the owner annotation is the adoption's only change (no second stack can adopt it).
          expect(Number(after.generation)).toBe(Number(before.generation) + 1);
          expect(after.template).toEqual(before.template);
          expect(after.annotations?.["pulumi-cloudrun-jobs/owner"]).toMatch(/::adopted$/);
          expect((await ts.stack.preview()).changeSummary).toEqual({ same: 2 });
          expect((await ts.stack.refresh()).summary.resourceChanges).toEqual({ same: 2 });
        } finally {
          await ts.stack.destroy();
          await ts.cleanup();
        }
      },
      T,
    );

    it(
      "Job.get returns a read-only reference with the job's outputs",
      async () => {
        const ts = await testStack(
          async () => {
            const { Job } = built();
            const ref = Job.get("ref", `${PARENT}/jobs/c-ref-${transport}`);
            return { image: ref.spec.apply((s) => JSON.stringify(s)), uid: ref.metadata.apply((m) => m.uid) };
          },
          { emulatorHost: target.emulatorHost, config: target.config, env: { CLOUD_RUN_TRANSPORT: transport } },
        );
        const [op] = await cloud.jobs.createJob(
          { parent: PARENT, jobId: `c-ref-${transport}`, job: { template: { template: { containers: [{ image: "ref-image" }] } } } },
          cloud.fast,
        );
        await op.promise();
        try {
          const up = await ts.stack.up();
          expect(String(up.outputs.image?.value)).toContain("ref-image");
          expect(up.outputs.uid?.value).toMatch(/^[0-9a-f-]{36}$/);
        } finally {
          await ts.stack.destroy();
          await ts.cleanup();
        }
      },
      T,
    );
  });

  describe.skipIf(IS_LIVE)("a failed reconcile (emulator only: it injects the failure)", () => {
    it(
      "fails up with the reason, keeps the job in state, and the next up retries",
      async () => {
        const jobName = `${PARENT}/jobs/c-reconcile`;
        const ts = await testStack(
          async () => {
            const { Job } = built();
            new Job("reconcile", { ...manifest("c-reconcile"), ...here() } as never);
          },
          { emulatorHost: target.emulatorHost, config: target.config, env: { CLOUD_RUN_TRANSPORT: transport } },
        );
        try {
          target.emulator!.faults.add({
            rpc: "CreateJob",
            kind: "operation",
            code: "FAILED_PRECONDITION",
            message: "Image 'busybox' not found.",
          });
          const failed = await ts.stack.up().then(
            () => undefined,
            (err: Error) => err.message,
          );
          expect(failed).toContain("Image 'busybox' not found.");
          const state = await ts.stack.exportStack();
          const job = state.deployment.resources.find((r: { type: string }) => r.type.endsWith("cloudrun:Job"));
          expect(job?.id).toBe(jobName);
          expect(job?.initErrors?.join()).toContain("Image 'busybox' not found.");
          expect(job?.outputs?.__provider).toContain("pulumi-cloudrun-jobs/impl");
          await cloud.jobs.getJob({ name: jobName }); // recorded, not orphaned

          const retried = await ts.stack.up();
          expect(retried.summary.resourceChanges).toEqual({ same: 1, update: 1 });
          const [live] = await cloud.jobs.getJob({ name: jobName });
          expect(live.terminalCondition?.state).toBe("CONDITION_SUCCEEDED");
          expect((await ts.stack.preview()).changeSummary).toEqual({ same: 2 });
        } finally {
          target.emulator!.faults.clear();
          await ts.stack.destroy();
          await ts.cleanup();
        }
      },
      T,
    );
  });

  it.skipIf(IS_LIVE)(`the provider's calls went over ${transport}`, () => {
    // The suite's own clients (cloud.*) speak gRPC; only the provider can have used REST.
    const faces = target.emulator!.calls.faces();
    if (transport === "rest") expect(faces.rest).toBeGreaterThan(50);
    else expect(faces.rest).toBe(0);
  });
});
