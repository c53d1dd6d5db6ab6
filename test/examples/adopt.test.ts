// examples/adopt, run by its documented commands: a job made outside Pulumi (here with the real
// JobsClient) is taken over through the import option without an update, and a preview
// afterwards shows no changes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { cliProject, type CliProject } from "../cli/project";
import { emulatorClients } from "../e2e/clients";

const T = 240_000;
const PARENT = "projects/cli-project/locations/europe-west1";

let emulator: RunningEmulator;
let cloud: ReturnType<typeof emulatorClients>;
const projects: CliProject[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, taskDurationMs: 20 });
  cloud = emulatorClients(emulator.port);
});
afterAll(async () => {
  for (const p of projects) p.cleanup();
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
        template: {
          taskCount: 2,
          template: { maxRetries: 1, containers: [{ image: "us-docker.pkg.dev/cloudrun/container/job:latest", args }] },
        },
      },
    },
    cloud.fast,
  );
  await op.promise();
  const [job] = await cloud.jobs.getJob({ name: `${PARENT}/jobs/${jobId}` });
  return job;
}

async function adopt(config: Record<string, string> = {}) {
  const p = await cliProject("adopt", { emulatorHost: emulator.address, config });
  projects.push(p);
  return p;
}

describe("examples/adopt (pulumi CLI)", () => {
  it(
    "adopts a matching job, writing only its owner annotation; preview then shows no changes",
    async () => {
      const before = await createOutsidePulumi("legacy-cleanup", ["--older-than=30d"]);
      const p = await adopt();
      const up = await p.up();
      expect(up.stdout).toMatch(/\+ 2 created/);
      expect((await p.outputs()).uid).toBe(before.uid);
      const [after] = await cloud.jobs.getJob({ name: before.name! });
      // Taken over: the owner annotation is its only change (a second stack cannot adopt it too).
      expect(Number(after.generation)).toBe(Number(before.generation) + 1);
      expect(after.annotations?.["pulumi-cloudrun-jobs/owner"]).toMatch(/::legacy-cleanup$/);
      expect(after.template).toEqual(before.template);
      expect((await p.run(["preview", "--expect-no-changes"])).code).toBe(0);
    },
    T,
  );

  it(
    "a job that differs from the manifest is converged on it by the first up",
    async () => {
      const before = await createOutsidePulumi("drifted-cleanup", ["--older-than=7d"]);
      const p = await adopt({ jobName: "drifted-cleanup" });
      await p.up();
      const [after] = await cloud.jobs.getJob({ name: before.name! });
      expect(after.uid).toBe(before.uid);
      expect(after.template?.template?.containers?.[0]?.args).toEqual(["--older-than=30d"]);
      expect((await p.run(["preview", "--expect-no-changes"])).code).toBe(0);
    },
    T,
  );

  it(
    "an id naming another job fails up with which part differs, and creates nothing",
    async () => {
      const p = await adopt();
      p.editProgram(
        "{ import: `projects/${project}/locations/${region}/jobs/${name}` }",
        "{ import: `projects/${project}/locations/${region}/jobs/other-job` }",
      );
      const up = await p.run(["up", "--yes"]);
      expect(up.code).not.toBe(0);
      expect(`${up.stdout}\n${up.stderr}`).toContain(
        `the import id ${PARENT}/jobs/other-job is not this resource's id ${PARENT}/jobs/legacy-cleanup; make project, region and metadata.name match the job to adopt`,
      );
      expect(await p.jobs()).toEqual([]);
    },
    T,
  );
});
