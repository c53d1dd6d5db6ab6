// examples/adopt: a job made outside Pulumi (here with the real JobsClient) is taken over
// through the import option without an update, and a preview afterwards shows no changes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { emulatorClients } from "../e2e/clients";
import { exampleStack, runExample, type ExampleStack } from "./harness";

const T = 240_000;
const PARENT = "projects/examples-project/locations/europe-west1";

let emulator: RunningEmulator;
let cloud: ReturnType<typeof emulatorClients>;

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, taskDurationMs: 20 });
  cloud = emulatorClients(emulator.port);
});
afterAll(async () => {
  await cloud?.close();
  await emulator?.stop();
});

/** The job as gcloud or the console would have made it: what the example declares. */
async function createOutsidePulumi(jobId: string, args: string[]) {
  const [op] = await cloud.jobs.createJob(
    {
      parent: PARENT,
      jobId,
      job: {
        labels: { owner: "ops" },
        template: { taskCount: 2, template: { maxRetries: 1, containers: [{ image: "us-docker.pkg.dev/cloudrun/container/job:latest", args }] } },
      },
    },
    cloud.fast,
  );
  await op.promise();
  const [job] = await cloud.jobs.getJob({ name: `${PARENT}/jobs/${jobId}` });
  return job;
}

describe("examples/adopt", () => {
  let ex: ExampleStack | undefined;
  afterAll(async () => ex?.cleanup(), T);

  it("adopts a matching job unchanged; preview then shows no changes", async () => {
    const before = await createOutsidePulumi("legacy-cleanup", ["--older-than=30d"]);
    ex = await exampleStack(async () => runExample("adopt"), { emulatorHost: emulator.address, projectName: "adopt" });
    const up = await ex.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 2 });
    expect(up.outputs.uid?.value).toBe(before.uid);
    const [after] = await cloud.jobs.getJob({ name: before.name! });
    expect(after.generation).toBe(before.generation); // taken over, not updated
    expect((await ex.stack.preview()).changeSummary).toEqual({ same: 2 });
  }, T);

  it("a job that differs from the manifest is converged on it by the first up", async () => {
    const before = await createOutsidePulumi("drifted-cleanup", ["--older-than=7d"]);
    const drifted = await exampleStack(async () => runExample("adopt"), {
      emulatorHost: emulator.address,
      projectName: "adopt",
      config: { "adopt:jobName": "drifted-cleanup" },
    });
    try {
      await drifted.stack.up();
      const [after] = await cloud.jobs.getJob({ name: before.name! });
      expect(after.uid).toBe(before.uid);
      expect(after.template?.template?.containers?.[0]?.args).toEqual(["--older-than=30d"]);
      expect((await drifted.stack.preview()).changeSummary).toEqual({ same: 2 });
    } finally {
      await drifted.cleanup();
    }
  }, T);
});
