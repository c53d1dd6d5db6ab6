// Walking skeleton on the real engine: up → the job exists; preview → no changes;
// destroy → the job is gone. Checked through JobsClient, not through our own code.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grpc } from "google-gax";
import { v2 } from "@google-cloud/run";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { built, ROOT, testStack, type TestStack } from "./harness";

const JOB = "projects/e2e-project/locations/europe-west1/jobs/skeleton-job";

describe("walking skeleton on the real Pulumi engine", () => {
  let emulator: RunningEmulator;
  let ts: TestStack;
  let jobs: InstanceType<typeof v2.JobsClient>;

  beforeAll(async () => {
    emulator = await startEmulator({ quiet: true });
    jobs = new v2.JobsClient({
      apiEndpoint: "127.0.0.1",
      port: emulator.port,
      sslCreds: grpc.credentials.createInsecure(),
      universeDomain: "googleapis.com",
    });
    ts = await testStack(
      async () => {
        const { Job } = built();
        const job = new Job("skeleton", {
          metadata: { name: "skeleton-job" },
          spec: { template: { spec: { template: { spec: { containers: [{ image: "busybox" }] } } } } },
        });
        return { id: job.id, name: job.name };
      },
      { emulatorHost: emulator.address },
    );
  });

  afterAll(async () => {
    await ts?.cleanup();
    await jobs?.close();
    await emulator?.stop();
  });

  it("up creates the job", async () => {
    const result = await ts.stack.up();
    expect(result.summary.resourceChanges).toMatchObject({ create: 2 });
    expect(result.outputs.id?.value).toBe(JOB);
    const [job] = await jobs.getJob({ name: JOB });
    expect(job.template?.template?.containers?.[0]?.image).toBe("busybox");
  }, 180_000);

  it("stores a small, portable __provider: no local path, only the package name", async () => {
    const state = await ts.stack.exportStack();
    const job = state.deployment.resources.find((r: { type: string }) => r.type === "pulumi-nodejs:dynamic/cloudrun:Job");
    const text: string = job.outputs.__provider;
    expect(text).toContain("pulumi-cloudrun-jobs/impl");
    expect(text).not.toContain(ROOT);
    expect(text).not.toMatch(/\/(home|root|tmp|work)\//);
    expect(Buffer.byteLength(text)).toBeLessThan(2048);
    expect(job.inputs.__provider).toBe(text);
  }, 60_000);

  it("a preview right after reports no changes", async () => {
    const preview = await ts.stack.preview();
    expect(preview.changeSummary).toEqual({ same: 2 });
  }, 180_000);

  it("destroy deletes the job", async () => {
    const result = await ts.stack.destroy();
    expect(result.summary.resourceChanges).toMatchObject({ delete: 2 });
    await expect(jobs.getJob({ name: JOB })).rejects.toMatchObject({ code: 5 });
  }, 180_000);
});
