// examples/downstream-outputs: a job's outputs consumed by another resource in the same stack,
// and by another stack through a StackReference (both stacks on one file backend).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { emulatorClients } from "../e2e/clients";
import { exampleStack, fileBackend, runExample, type ExampleStack } from "./harness";

const T = 240_000;
const PARENT = "projects/examples-project/locations/europe-west1";

let emulator: RunningEmulator;
let cloud: ReturnType<typeof emulatorClients>;
const backend = fileBackend();
let producer: ExampleStack;
let consumer: ExampleStack;

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, taskDurationMs: 20 });
  cloud = emulatorClients(emulator.port);
  producer = await exampleStack(async () => runExample("downstream-outputs"), {
    emulatorHost: emulator.address,
    backend,
    projectName: "reports",
    stackName: "prod",
  });
}, T);
afterAll(async () => {
  // The consumer first: it references the producer.
  await consumer?.cleanup();
  await producer?.cleanup();
  backend.remove();
  await cloud?.close();
  await emulator?.stop();
}, T);

const envOf = async (job: string) => {
  const [live] = await cloud.jobs.getJob({ name: `${PARENT}/jobs/${job}` });
  return Object.fromEntries((live.template?.template?.containers?.[0]?.env ?? []).map((e) => [e.name, e.value]));
};

describe("examples/downstream-outputs", () => {
  it("another resource in the stack is configured from the job's outputs", async () => {
    const up = await producer.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 3 });
    expect(up.outputs.reportJobId?.value).toBe(`${PARENT}/jobs/nightly-report`);
    expect(await envOf("report-publisher")).toEqual({ REPORT_JOB_ID: `${PARENT}/jobs/nightly-report`, REPORT_TASKS: "3" });
    const [publisher] = await cloud.jobs.getJob({ name: `${PARENT}/jobs/report-publisher` });
    expect(publisher.labels).toEqual({ follows: "nightly-report" });
    expect((await producer.stack.preview()).changeSummary).toEqual({ same: 3 });
  }, T);

  it("another stack reads them through a StackReference", async () => {
    consumer = await exampleStack(async () => runExample("downstream-outputs/consumer"), {
      emulatorHost: emulator.address,
      backend,
      projectName: "audits",
      stackName: "prod",
      config: { "audits:producerStack": producer.qualifiedName },
    });
    const up = await consumer.stack.up();
    expect(up.outputs.auditedJobId?.value).toBe(`${PARENT}/jobs/nightly-report`);
    expect(up.outputs.auditorJobId?.value).toBe(`${PARENT}/jobs/report-auditor`);
    expect(await envOf("report-auditor")).toEqual({ AUDITED_JOB_ID: `${PARENT}/jobs/nightly-report` });
    // The StackReference is read again on every preview (a read, not counted as same): the
    // stack and the auditor job are unchanged.
    expect((await consumer.stack.preview()).changeSummary).toEqual({ same: 2 });
  }, T);
});
