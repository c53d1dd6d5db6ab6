// Test harness: an in-process emulator and the real @google-cloud/run clients pointed at it
// the way the provider points them (docs/cloud-run-facts.md §4.1).
import { type v2, protos } from "@google-cloud/run";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator";
import { grpcClientOptions, runClients } from "../shared/emulator-clients";

export type IJob = protos.google.cloud.run.v2.IJob;
export type IExecution = protos.google.cloud.run.v2.IExecution;
export type ITask = protos.google.cloud.run.v2.ITask;

export const PROJECT = "emu-project";
export const REGION = "us-central1";
export const PARENT = `projects/${PROJECT}/locations/${REGION}`;
export const jobName = (id: string) => `${PARENT}/jobs/${id}`;

/** Poll LROs every 5 ms instead of gax's 100 ms × 1.3 (§4.4). */
export const FAST = { longrunning: { initialRetryDelayMillis: 5, retryDelayMultiplier: 1, maxRetryDelayMillis: 5 } };

export interface Harness {
  emulator: RunningEmulator;
  jobs: v2.JobsClient;
  executions: v2.ExecutionsClient;
  tasks: v2.TasksClient;
  close(): Promise<void>;
}

/** gRPC and REST client options: one definition with the e2e helpers' (test/shared/emulator-clients.ts). */
export { grpcClientOptions as clientOptions, restClientOptions } from "../shared/emulator-clients";

export async function startHarness(options: EmulatorOptions = {}): Promise<Harness> {
  const emulator = await startEmulator({ quiet: true, taskDurationMs: 20, ...options });
  const clients = runClients(grpcClientOptions(emulator.port));
  return {
    emulator,
    ...clients,
    close: async () => {
      await clients.close();
      await emulator.stop();
    },
  };
}

/** A minimal valid job body; pass fields to merge into the task template. */
export function jobBody(
  task: protos.google.cloud.run.v2.ITaskTemplate = {},
  template: protos.google.cloud.run.v2.IExecutionTemplate = {},
): IJob {
  return {
    template: {
      ...template,
      template: { containers: [{ image: "us-docker.pkg.dev/cloudrun/container/job:latest" }], ...task },
    },
  };
}

/**
 * LRO results are decoded messages (int64 as Long, enums as numbers), unlike unary responses;
 * this gives them the unary shape so tests compare like with like.
 */
const TO_OBJECT = { longs: String, enums: String, defaults: true, oneofs: true } as const;
export const plainJob = (m: unknown): IJob =>
  protos.google.cloud.run.v2.Job.toObject(m as protos.google.cloud.run.v2.Job, TO_OBJECT) as IJob;
export const plainExecution = (m: unknown): IExecution =>
  protos.google.cloud.run.v2.Execution.toObject(m as protos.google.cloud.run.v2.Execution, TO_OBJECT) as IExecution;

/** Creates a job and waits for its operation. */
export async function createJob(h: Harness, id: string, job: IJob = jobBody()): Promise<IJob> {
  const [op] = await h.jobs.createJob({ parent: PARENT, jobId: id, job }, FAST);
  const [result] = await op.promise();
  return plainJob(result);
}

/** The gRPC status code and field violations of a rejected call. */
export async function rejection(promise: Promise<unknown>): Promise<{ code: number; fields: string[]; message: string }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { code: number; details?: string; statusDetails?: Array<{ fieldViolations?: Array<{ field?: string }> }> };
    const fields = (e.statusDetails ?? []).flatMap((d) => d.fieldViolations ?? []).map((v) => v.field ?? "");
    return { code: e.code, fields, message: e.details ?? "" };
  }
  throw new Error("expected the call to fail");
}

/** A command that exits with `code` (node is always there: it runs the tests). */
export function exitWith(script: string): { command: string[]; args: string[] } {
  return { command: [process.execPath], args: ["-e", script] };
}

/** Polls `read` until `done` holds (or fails after `timeoutMs`); for states reached asynchronously. */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not reached in ${timeoutMs} ms: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const condition = (resource: { conditions?: protos.google.cloud.run.v2.ICondition[] | null }, type: string) =>
  resource.conditions?.find((c) => c.type === type);

type Operation = protos.google.longrunning.IOperation;

/**
 * google.longrunning.Operations/WaitOperation through the real client's own channel: gax's
 * OperationsClient wraps Get/List/Cancel/Delete only, but its stub has every method of the
 * service (google-gax operationsClient.js).
 */
export async function waitOperation(client: v2.JobsClient, name: string, timeoutMs: number): Promise<Operation> {
  type WaitStub = { waitOperation(req: object, cb: (err: Error | null, res: Operation) => void): void };
  const stub = await (client.operationsClient as unknown as { operationsStub: Promise<WaitStub> }).operationsStub;
  return new Promise((resolve, reject) =>
    stub.waitOperation({ name, timeout: { seconds: Math.floor(timeoutMs / 1000), nanos: (timeoutMs % 1000) * 1e6 } }, (err, res) =>
      err ? reject(err) : resolve(res),
    ),
  );
}

/** gax types these requests as generated classes; plain objects are what it actually sends. */
type LR = typeof protos.google.longrunning;
export const getOperation = (client: v2.JobsClient, name: string) =>
  client.operationsClient.getOperation({ name } as InstanceType<LR["GetOperationRequest"]>).then(([op]) => op);
export const deleteOperation = (client: v2.JobsClient, name: string) =>
  client.operationsClient.deleteOperation({ name } as InstanceType<LR["DeleteOperationRequest"]>);
export async function listOperations(client: v2.JobsClient, parent: string): Promise<Operation[]> {
  const out: Operation[] = [];
  for await (const op of client.operationsClient.listOperationsAsync({ name: parent, filter: "" } as InstanceType<
    LR["ListOperationsRequest"]
  >))
    out.push(op);
  return out;
}
