// Walking skeleton on the real engine: up → the job exists; preview → no changes;
// destroy → the job is gone. Checked through JobsClient, not through our own code.
// Runs against real Cloud Run too in live acceptance mode (target.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { built, ROOT, testStack, type TestStack } from "./harness";
import { startTarget, type Target } from "./target";

describe("walking skeleton on the real Pulumi engine", () => {
  let target: Target;
  let ts: TestStack;
  let JOB: string;

  beforeAll(async () => {
    target = await startTarget();
    JOB = `projects/${target.project}/locations/${target.region}/jobs/skeleton-job`;
    ts = await testStack(
      async () => {
        const { Job } = built();
        const job = new Job("skeleton", {
          metadata: { name: "skeleton-job" },
          spec: {
            template: { spec: { template: { spec: { containers: [{ image: "us-docker.pkg.dev/cloudrun/container/job:latest" }] } } } },
          },
        });
        return { id: job.id, name: job.name };
      },
      { emulatorHost: target.emulatorHost, config: target.config },
    );
  });

  afterAll(async () => {
    await ts?.cleanup();
    await target?.stop();
  });

  it("up creates the job", async () => {
    const result = await ts.stack.up();
    expect(result.summary.resourceChanges).toMatchObject({ create: 2 });
    expect(result.outputs.id?.value).toBe(JOB);
    const [job] = await target.cloud.jobs.getJob({ name: JOB });
    expect(job.template?.template?.containers?.[0]?.image).toBe("us-docker.pkg.dev/cloudrun/container/job:latest");
  }, 180_000);

  it("stores a small, portable __provider: no local path, only the package name", async () => {
    const state = await ts.stack.exportStack();
    const job = state.deployment.resources.find((r: { type: string }) => r.type === "pulumi-nodejs:dynamic/cloudrun:Job");
    const text: string = job.outputs.__provider;
    expect(text).toContain("pulumi-cloudrun-jobs/impl");
    expect(text).not.toContain(ROOT);
    expect(text).not.toMatch(/\/(home|root|tmp|work)\//);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(2048);
    expect(job.inputs.__provider).toBe(text);
  }, 60_000);

  it("a preview right after reports no changes", async () => {
    const preview = await ts.stack.preview();
    expect(preview.changeSummary).toEqual({ same: 2 });
  }, 180_000);

  it("destroy deletes the job", async () => {
    const result = await ts.stack.destroy();
    expect(result.summary.resourceChanges).toMatchObject({ delete: 2 });
    await expect(target.cloud.jobs.getJob({ name: JOB })).rejects.toMatchObject({ code: 5 });
  }, 180_000);
});
