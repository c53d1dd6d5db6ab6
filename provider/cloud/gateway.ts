// The one module that talks to Cloud Run (or the emulator) through `@google-cloud/run`.
// Clients are created lazily at the first API call, never captured by the serialized
// provider, and every gRPC failure leaves here as a CloudRunError (errors.ts).
import type { protos, v2 as RunV2 } from "@google-cloud/run";
import type { CallOptions } from "google-gax";
import { CloudRunError, Code, codeOf, translateError } from "./errors";

export { CloudRunError, Code, translateError } from "./errors";

export type ApiJob = protos.google.cloud.run.v2.IJob;
export type ApiExecution = protos.google.cloud.run.v2.IExecution;
type ApiOperation = protos.google.longrunning.IOperation;

/** Where the gateway sends its calls. */
export interface Endpoint {
  /** `host:port` of an emulator (CLOUD_RUN_EMULATOR_HOST), or undefined for Cloud Run itself. */
  emulatorHost?: string;
}

export function endpointFromEnv(env: NodeJS.ProcessEnv = process.env): Endpoint {
  const host = env.CLOUD_RUN_EMULATOR_HOST?.trim();
  return host ? { emulatorHost: host } : {};
}

type JobsClient = InstanceType<typeof RunV2.JobsClient>;
type ExecutionsClient = InstanceType<typeof RunV2.ExecutionsClient>;
type WaitOperation = (
  request: { name: string; timeout: { seconds: number; nanos: number } },
  metadata: unknown,
  options: { deadline: number },
  callback: (err: unknown, op?: ApiOperation) => void,
) => void;

interface Clients {
  jobs: JobsClient;
  /** Made at its first use: only runs read executions. */
  readonly executions: ExecutionsClient;
  /** False once the server answered WaitOperation with UNIMPLEMENTED: poll instead. */
  canLongPoll: boolean;
  close(): Promise<void>;
}

type RunClientModules = { JobsClient: typeof RunV2.JobsClient; ExecutionsClient: typeof RunV2.ExecutionsClient };

/**
 * The two generated clients, without the package index: the index also loads the static
 * protobuf module of every Cloud Run API (1.2 MB of generated code, ~55 ms of CPU) that the
 * clients do not need. The package has no `exports` map, so these paths are public; should a
 * release move them or close them with an `exports` map, the index still works.
 */
function loadRunClients(): RunClientModules {
  try {
    const { JobsClient } = require("@google-cloud/run/build/src/v2/jobs_client") as Pick<RunClientModules, "JobsClient">;
    const { ExecutionsClient } = require("@google-cloud/run/build/src/v2/executions_client") as Pick<RunClientModules, "ExecutionsClient">;
    return { JobsClient, ExecutionsClient };
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code !== "MODULE_NOT_FOUND" && code !== "ERR_PACKAGE_PATH_NOT_EXPORTED") throw err;
    const { v2 } = require("@google-cloud/run") as typeof import("@google-cloud/run");
    return v2;
  }
}

const clients = new Map<string, Clients>();

/**
 * Clients for the endpoint, made on first use. Against an emulator: insecure channel, no
 * credentials and an explicit universe domain, so the client never probes the GCE metadata
 * server (../shared/reference/cloud-run-jobs-api.md §4.1). Against Cloud Run: Application
 * Default Credentials.
 */
function clientsFor(endpoint: Endpoint): Clients {
  const key = endpoint.emulatorHost ?? "cloud";
  let c = clients.get(key);
  if (!c) {
    // Loaded here, not at module load: check and diff never pay for the Google client.
    const run = loadRunClients();
    let options: ConstructorParameters<typeof RunV2.JobsClient>[0] = {};
    if (endpoint.emulatorHost) {
      const { grpc } = require("google-gax") as typeof import("google-gax");
      const idx = endpoint.emulatorHost.lastIndexOf(":");
      const port = Number(endpoint.emulatorHost.slice(idx + 1));
      if (idx <= 0 || !Number.isInteger(port) || port <= 0) {
        throw new CloudRunError(`CLOUD_RUN_EMULATOR_HOST must be host:port (e.g. 127.0.0.1:8090), got "${endpoint.emulatorHost}"`, undefined);
      }
      options = {
        apiEndpoint: endpoint.emulatorHost.slice(0, idx),
        port,
        sslCreds: grpc.credentials.createInsecure(),
        universeDomain: "googleapis.com",
      };
    }
    const jobs = withSetUpLroDecoders(new run.JobsClient(options));
    let executions: ExecutionsClient | undefined;
    c = {
      jobs,
      get executions() {
        return (executions ??= withSetUpLroDecoders(new run.ExecutionsClient(options)));
      },
      canLongPoll: true,
      close: async () => {
        await Promise.all([jobs.close(), executions?.close()].map((p) => p?.catch(() => undefined)));
      },
    };
    clients.set(key, c);
  }
  return c;
}

interface LroDecoders {
  responseDecoder: (bytes: Uint8Array) => unknown;
  metadataDecoder: (bytes: Uint8Array) => unknown;
}
type ProtobufType = { decode(bytes: Uint8Array): unknown; setup(): ProtobufType };
type GaxModule = typeof import("google-gax");

/** Thrown by the set-up hook below: the type is known, nothing needs to be generated yet. */
const FOUND = Symbol("lro-type-found");

/**
 * The generated clients hand each long-running method's decoders to gax as
 * `type.decode.bind(type)` while the protobufjs type is not yet set up. What gets bound is
 * protobufjs's set-up stub, which generates the type's five codecs (encode, decode, verify,
 * fromObject, toObject: a `new Function` each) and installs them on the type, where the bound
 * stub never looks. So every decode generates them again: 20 code generations per CreateJob
 * answered (the response and the metadata, decoded twice), ~4 ms of CPU per create in the
 * provider's profile (bench/ANALYSIS.md, "Fixed in this round", 1).
 *
 * Each bound stub is called once here with a set-up hook that notes the stub's `this` (its
 * type) and stops it before any code is generated; the decoder is rebound to that type's own
 * `decode`, which sets the type up at its first real use and never again. The hook patches the
 * protobufjs of the client's own gax module, the one its types come from.
 */
function withSetUpLroDecoders<C extends { descriptors: { longrunning?: object } }>(client: C): C {
  const gax = (client as unknown as { _gaxModule?: GaxModule })._gaxModule ?? (require("google-gax") as GaxModule);
  const proto = gax.protobuf.Type.prototype as unknown as ProtobufType;
  const setup = proto.setup;
  let seen: ProtobufType | undefined;
  proto.setup = function (this: ProtobufType) {
    seen = this;
    throw FOUND;
  };
  try {
    for (const descriptor of Object.values(client.descriptors.longrunning ?? {}) as LroDecoders[]) {
      for (const key of ["responseDecoder", "metadataDecoder"] as const) {
        seen = undefined;
        try {
          descriptor[key](new Uint8Array(0));
        } catch (err) {
          if (err !== FOUND) seen = undefined;
        }
        const type = seen as ProtobufType | undefined;
        if (type) descriptor[key] = (bytes) => type.decode(bytes);
      }
    }
  } finally {
    proto.setup = setup;
  }
  return client;
}

/**
 * Reads retry transient failures with exponential backoff and full jitter (gax's own retry
 * loop), bounded at one minute. The generated client retries nothing for Jobs or Executions:
 * every method is configured non-idempotent (cloud-run-jobs-api.md §4.3).
 */
function readRetry(totalMs = 60_000): CallOptions {
  const gax = require("google-gax") as typeof import("google-gax");
  const codes = [Code.UNAVAILABLE, Code.DEADLINE_EXCEEDED, Code.RESOURCE_EXHAUSTED, Code.INTERNAL];
  const rpcMs = Math.min(30_000, totalMs);
  return { retry: gax.createRetryOptions(codes, gax.createBackoffSettings(200, 2, 5_000, rpcMs, 1, rpcMs, totalMs)) };
}

/** Listing is interactive (the export command): a short bound, so a wrong endpoint fails fast. */
const LIST_RETRY_MS = 8_000;

/** Failures worth another try: the request was not processed, or its outcome is unknown. */
const TRANSIENT = new Set<number>([Code.UNAVAILABLE, Code.DEADLINE_EXCEEDED, Code.RESOURCE_EXHAUSTED, Code.INTERNAL]);

export function isTransient(err: unknown): boolean {
  const code = codeOf(err);
  return code !== undefined && TRANSIENT.has(code);
}

/**
 * Mutations retry transient failures too, with exponential backoff and full jitter, for about
 * two minutes. That is safe because each one is idempotent by construction: a repeated
 * CreateJob answers ALREADY_EXISTS (the provider then adopts only a job it owns), UpdateJob
 * carries the etag (ABORTED if the first try landed; the provider re-reads), DeleteJob's
 * NOT_FOUND counts as done, and runs are named by their token.
 */
export const MUTATION_BACKOFF = {
  numOfAttempts: 10,
  startingDelay: 250,
  timeMultiple: 2,
  maxDelay: 15_000,
  jitter: "full",
} as const;

async function withRetries<T>(call: () => Promise<T>): Promise<T> {
  // Loaded at the first API call, like the Google client: check and diff never pay for it.
  const { backOff } = require("exponential-backoff") as typeof import("exponential-backoff");
  return backOff(call, { ...MUTATION_BACKOFF, retry: (err: unknown) => isTransient(err) });
}

/**
 * Long-running-operation results arrive as protobufjs messages (enums as numbers, int64 as
 * Long), while unary responses arrive as plain objects (enums as names, int64 as strings).
 * The proto3 JSON form of a message is the plain shape, so everything leaves the gateway alike.
 */
function plain<T>(message: T): T {
  const m = message as unknown as { toJSON?: () => unknown };
  return typeof m?.toJSON === "function" ? (JSON.parse(JSON.stringify(m)) as T) : message;
}

export function jobPath(project: string, region: string, name: string): string {
  return `projects/${project}/locations/${region}/jobs/${name}`;
}

/** An operation started by CreateJob or UpdateJob. */
export interface JobOperation {
  name: string;
  /** Resolves with the job once the operation is done; rejects with a CloudRunError when it failed. */
  result(): Promise<ApiJob>;
  done: boolean;
}

/** What a bounded wait on an operation saw; a failed operation carries its error. */
export type WaitOutcome = { done: true; error?: CloudRunError } | { done: false };

/** The longest a single WaitOperation long-poll is asked to hold. */
export const LONG_POLL_MS = 15_000;
/** The first long-poll is short, so progress shows early in a long run. */
export const FIRST_LONG_POLL_MS = 3_000;
/** Polling interval when the server has no WaitOperation: 12 calls a minute at most. */
export const FALLBACK_POLL_MS = 5_000;

interface GaxOperation {
  name: string;
  done?: boolean;
  promise(): Promise<[unknown, unknown, unknown]>;
}

export class Gateway {
  constructor(private readonly endpoint: Endpoint = endpointFromEnv()) {}

  private get c(): Clients {
    return clientsFor(this.endpoint);
  }

  private jobOperation(verb: string, jobName: string, op: GaxOperation): JobOperation {
    return {
      name: op.name,
      done: op.done === true,
      result: async () => {
        try {
          const [job] = await op.promise();
          return plain(job as ApiJob);
        } catch (err) {
          throw translateError(verb, jobName, err);
        }
      },
    };
  }

  /** Sends CreateJob; the returned operation may still be running (execution tokens). */
  async startCreateJob(project: string, region: string, jobId: string, job: ApiJob): Promise<JobOperation> {
    try {
      const [op] = await withRetries(() => this.c.jobs.createJob({ parent: `projects/${project}/locations/${region}`, jobId, job }));
      return this.jobOperation("create", jobId, op as unknown as GaxOperation);
    } catch (err) {
      throw translateError("create", jobId, err);
    }
  }

  /** Sends UpdateJob (with the job's etag when it carries one). */
  async startUpdateJob(job: ApiJob): Promise<JobOperation> {
    const name = job.name ?? "";
    try {
      const [op] = await withRetries(() => this.c.jobs.updateJob({ job }));
      return this.jobOperation("update", name, op as unknown as GaxOperation);
    } catch (err) {
      throw translateError("update", name, err);
    }
  }

  async createJob(project: string, region: string, jobId: string, job: ApiJob): Promise<ApiJob> {
    return this.settle(await this.startCreateJob(project, region, jobId, job));
  }

  async updateJob(job: ApiJob): Promise<ApiJob> {
    return this.settle(await this.startUpdateJob(job));
  }

  /** Waits without a limit for an operation that is expected to finish quickly (no token). */
  private async settle(op: JobOperation): Promise<ApiJob> {
    while (!op.done && !(await this.waitOperation(op.name, Date.now() + LONG_POLL_MS)).done) {
      /* keep waiting */
    }
    return op.result();
  }

  /**
   * Waits for an operation until it is done or `deadline` (epoch ms) passes, whichever is
   * first, with as few calls as possible: `google.longrunning.Operations.WaitOperation`
   * long-polls, so completion is seen at once; where the server lacks it, GetOperation every
   * FALLBACK_POLL_MS. `onTick` runs between calls (progress reads).
   */
  async waitOperation(name: string, deadline: number, onTick?: () => Promise<void>): Promise<WaitOutcome> {
    const c = this.c;
    let hold = onTick ? FIRST_LONG_POLL_MS : LONG_POLL_MS;
    while (Date.now() < deadline) {
      const budget = Math.min(hold, deadline - Date.now());
      hold = LONG_POLL_MS;
      let op: ApiOperation | undefined;
      if (c.canLongPoll) {
        try {
          op = await withRetries(() => this.longPoll(name, budget));
        } catch (err) {
          if (codeOf(err) !== Code.UNIMPLEMENTED) throw translateError("wait for", name, err);
          c.canLongPoll = false;
        }
      }
      if (!c.canLongPoll) {
        const request = { name } as Parameters<typeof c.jobs.operationsClient.getOperation>[0];
        const [polled] = await c.jobs.operationsClient.getOperation(request, readRetry()).catch((err: unknown) => {
          throw translateError("wait for", name, err);
        });
        op = polled as ApiOperation;
        if (!op.done) await sleep(Math.min(FALLBACK_POLL_MS, Math.max(0, deadline - Date.now())));
      }
      if (op?.done) {
        const error = op.error ? new CloudRunError(op.error.message || "the operation failed", op.error.code ?? undefined) : undefined;
        return error ? { done: true, error } : { done: true };
      }
      if (onTick) await onTick();
    }
    return { done: false };
  }

  private async longPoll(name: string, budgetMs: number): Promise<ApiOperation> {
    const stub = (await this.c.jobs.operationsClient.operationsStub) as unknown as { waitOperation: WaitOperation };
    const { grpc } = require("google-gax") as typeof import("google-gax");
    const seconds = Math.max(1, Math.floor(budgetMs / 1000));
    return new Promise((resolve, reject) =>
      stub.waitOperation(
        { name, timeout: { seconds, nanos: 0 } },
        new grpc.Metadata(),
        // The server answers at its timeout; the deadline only guards against a lost answer.
        { deadline: Date.now() + seconds * 1000 + 10_000 },
        (err, op) => (err ? reject(err) : resolve(op ?? {})),
      ),
    );
  }

  /** The job, or undefined when it does not exist. */
  async getJob(name: string): Promise<ApiJob | undefined> {
    try {
      const [job] = await this.c.jobs.getJob({ name }, readRetry());
      return job;
    } catch (err) {
      if (codeOf(err) === Code.NOT_FOUND) return undefined;
      throw translateError("read", name, err);
    }
  }

  /** The execution, or undefined when it does not exist. */
  async getExecution(name: string): Promise<ApiExecution | undefined> {
    try {
      const [execution] = await this.c.executions.getExecution({ name }, readRetry());
      return execution;
    } catch (err) {
      if (codeOf(err) === Code.NOT_FOUND) return undefined;
      throw translateError("read execution of", name, err);
    }
  }

  /**
   * The name of an operation still running on `jobName` (a CreateJob/UpdateJob that carried a
   * token), so an interrupted `up` can wait on it again instead of starting another run.
   */
  async findRunningJobOperation(jobName: string): Promise<string | undefined> {
    const location = jobName.replace(/\/jobs\/[^/]+$/, "");
    // CreateJob's metadata is the Job: its decoder reads the operations' metadata too.
    const decodeJob = (this.c.jobs.descriptors.longrunning as Record<string, LroDecoders>).createJob!.metadataDecoder;
    try {
      const request = { name: location, filter: "" } as Parameters<typeof this.c.jobs.operationsClient.listOperationsAsync>[0];
      for await (const op of this.c.jobs.operationsClient.listOperationsAsync(request, readRetry())) {
        const any = op.metadata as { type_url?: string; typeUrl?: string; value?: Uint8Array } | null | undefined;
        if (op.done || !any?.value) continue;
        if (!String(any.typeUrl ?? any.type_url ?? "").endsWith("google.cloud.run.v2.Job")) continue;
        const job = decodeJob(any.value) as { name?: string };
        if (job.name === jobName && op.name) return op.name;
      }
      return undefined;
    } catch (err) {
      if (codeOf(err) === Code.UNIMPLEMENTED) return undefined;
      throw translateError("list operations of", jobName, err);
    }
  }

  /** Every job of a region, all pages, in the server's order (newest first). */
  async listJobs(project: string, region: string): Promise<ApiJob[]> {
    const parent = `projects/${project}/locations/${region}`;
    try {
      const jobs: ApiJob[] = [];
      // autoPaginate off: the async iterator pages by itself, and gax warns when it is on.
      for await (const job of this.c.jobs.listJobsAsync({ parent }, { ...readRetry(LIST_RETRY_MS), autoPaginate: false })) jobs.push(job);
      return jobs;
    } catch (err) {
      throw translateError("list", parent, err);
    }
  }

  /** Deletes the job; a job that is already gone counts as deleted. */
  async deleteJob(name: string): Promise<void> {
    try {
      await withRetries(async () => {
        const [operation] = await this.c.jobs.deleteJob({ name });
        await operation.promise();
      });
    } catch (err) {
      if (codeOf(err) === Code.NOT_FOUND) return;
      throw translateError("delete", name, err);
    }
  }
}

/** Closes every client made so far, so a short-lived process (the CLI) can exit. */
export async function closeClients(): Promise<void> {
  const all = [...clients.values()];
  clients.clear();
  await Promise.all(all.map((c) => c.close()));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
