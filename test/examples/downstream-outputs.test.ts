// examples/downstream-outputs, run by its documented commands: a job's outputs consumed by
// another resource in the same stack, and by another project's stack through a StackReference
// (both stacks on one file backend, as in examples/downstream-outputs/README.md).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { cliProject, sharedBackend, type CliProject } from "../cli/project";
import { emulatorClients } from "../e2e/clients";

const T = 240_000;
const PARENT = "projects/cli-project/locations/europe-west1";

let emulator: RunningEmulator;
let cloud: ReturnType<typeof emulatorClients>;
const backend = sharedBackend();
let producer: CliProject;
let consumer: CliProject | undefined;

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, taskDurationMs: 20 });
  cloud = emulatorClients(emulator.port);
  producer = await cliProject("downstream-outputs", { emulatorHost: emulator.address, backendDir: backend.dir, stack: "prod" });
}, T);
afterAll(async () => {
  consumer?.cleanup();
  producer?.cleanup();
  backend.remove();
  await cloud?.close();
  await emulator?.stop();
}, T);

const envOf = async (job: string) => {
  const [live] = await cloud.jobs.getJob({ name: `${PARENT}/jobs/${job}` });
  return Object.fromEntries((live.template?.template?.containers?.[0]?.env ?? []).map((e) => [e.name, e.value]));
};

describe("examples/downstream-outputs (pulumi CLI)", () => {
  it(
    "another resource in the stack is configured from the job's outputs",
    async () => {
      const up = await producer.up();
      expect(up.stdout).toMatch(/\+ 3 created/);
      expect((await producer.outputs()).reportJobId).toBe(`${PARENT}/jobs/nightly-report`);
      expect(await envOf("report-publisher")).toEqual({ REPORT_JOB_ID: `${PARENT}/jobs/nightly-report`, REPORT_TASKS: "3" });
      const [publisher] = await cloud.jobs.getJob({ name: `${PARENT}/jobs/report-publisher` });
      expect(publisher.labels).toEqual({ follows: "nightly-report" });
      expect((await producer.run(["preview", "--expect-no-changes"])).code).toBe(0);
    },
    T,
  );

  it(
    "another stack reads them through a StackReference",
    async () => {
      expect(producer.qualifiedName).toBe("organization/cloudrun-jobs-downstream-outputs/prod");
      consumer = await cliProject("downstream-outputs/consumer", {
        emulatorHost: emulator.address,
        backendDir: backend.dir,
        stack: "prod",
        config: { producerStack: producer.qualifiedName },
      });
      await consumer.up();
      const outputs = await consumer.outputs();
      expect(outputs.auditedJobId).toBe(`${PARENT}/jobs/nightly-report`);
      expect(outputs.auditorJobId).toBe(`${PARENT}/jobs/report-auditor`);
      expect(await envOf("report-auditor")).toEqual({ AUDITED_JOB_ID: `${PARENT}/jobs/nightly-report` });
      // The StackReference is read again on every preview, which is not a change.
      expect((await consumer.run(["preview", "--expect-no-changes"])).code).toBe(0);
    },
    T,
  );
});
