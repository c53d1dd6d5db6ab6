// The one module that talks to Cloud Run (or the emulator) through `@google-cloud/run`.
// Clients are created lazily at the first API call, never captured by the serialized
// provider, and every gRPC failure is translated here into a CloudRunError whose message
// reads `<verb> job <name>: <what happened> (<STATUS>)` and says what to do.
import type { protos, v2 as RunV2 } from "@google-cloud/run";

export type ApiJob = protos.google.cloud.run.v2.IJob;

/** gRPC status codes we act on (google.rpc.Code). */
export const Code = {
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

const CODE_NAMES = Object.fromEntries(Object.entries(Code).map(([k, v]) => [v, k])) as Record<number, string>;

/** What to do about each failure, in one line. */
const ADVICE: Partial<Record<number, string>> = {
  [Code.INVALID_ARGUMENT]: "fix the field named above in the manifest",
  [Code.NOT_FOUND]: "check project, region and name; run `pulumi refresh` if the job was deleted outside Pulumi",
  [Code.ALREADY_EXISTS]: "a job with this name already exists: adopt it with the `import` resource option or choose another name",
  [Code.PERMISSION_DENIED]: "grant the deploying identity roles/run.developer on the project",
  [Code.UNAUTHENTICATED]: "run `gcloud auth application-default login` or set GOOGLE_APPLICATION_CREDENTIALS",
  [Code.ABORTED]: "the job changed concurrently: run `pulumi refresh`, then `pulumi up` again",
  [Code.UNAVAILABLE]: "Cloud Run could not be reached; check the network (or CLOUD_RUN_EMULATOR_HOST) and retry",
  [Code.RESOURCE_EXHAUSTED]: "quota or rate limit reached; retry later",
  [Code.UNIMPLEMENTED]: "the region may not support Cloud Run jobs; check the region",
};

export class CloudRunError extends Error {
  constructor(
    message: string,
    readonly code: number | undefined,
  ) {
    super(message);
    this.name = "CloudRunError";
  }
}

interface GrpcLikeError {
  code?: number;
  details?: string;
  message?: string;
  statusDetails?: Array<{ fieldViolations?: Array<{ field?: string; description?: string }> }>;
}

/** Turns any client failure into `<verb> job <name>: <what happened> (<STATUS>). <advice>`. */
export function translateError(verb: string, name: string, err: unknown): CloudRunError {
  const e = (err ?? {}) as GrpcLikeError;
  const code = typeof e.code === "number" ? e.code : undefined;
  const violations = (e.statusDetails ?? []).flatMap((d) => d.fieldViolations ?? []);
  const what = violations.length
    ? violations.map((v) => `${v.field}: ${v.description}`).join("; ")
    : (e.details || e.message || String(err)).replace(/^\d+ [A-Z_]+: /, "");
  const status = code !== undefined ? CODE_NAMES[code] ?? `code ${code}` : "NO_STATUS";
  const advice = code !== undefined ? ADVICE[code] : undefined;
  return new CloudRunError(`${verb} job ${name}: ${what} (${status})${advice ? `. ${advice}` : ""}`, code);
}

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

const clients = new Map<string, JobsClient>();

/**
 * A JobsClient for the endpoint, made on first use. Against an emulator: insecure channel,
 * no credentials and an explicit universe domain, so the client never probes the GCE metadata
 * server (../shared/reference/cloud-run-jobs-api.md §4.1).
 */
function jobsClient(endpoint: Endpoint): JobsClient {
  const key = endpoint.emulatorHost ?? "cloud";
  let client = clients.get(key);
  if (!client) {
    // Loaded here, not at module load: the provider answers check/diff without paying for it.
    const run = require("@google-cloud/run") as typeof import("@google-cloud/run");
    if (endpoint.emulatorHost) {
      const { grpc } = require("google-gax") as typeof import("google-gax");
      const idx = endpoint.emulatorHost.lastIndexOf(":");
      if (idx <= 0) throw new CloudRunError(`CLOUD_RUN_EMULATOR_HOST must be host:port, got "${endpoint.emulatorHost}"`, undefined);
      client = new run.v2.JobsClient({
        apiEndpoint: endpoint.emulatorHost.slice(0, idx),
        port: Number(endpoint.emulatorHost.slice(idx + 1)),
        sslCreds: grpc.credentials.createInsecure(),
        universeDomain: "googleapis.com",
      });
    } else {
      client = new run.v2.JobsClient();
    }
    clients.set(key, client);
  }
  return client;
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

export class Gateway {
  constructor(private readonly endpoint: Endpoint = endpointFromEnv()) {}

  private get client(): JobsClient {
    return jobsClient(this.endpoint);
  }

  async createJob(project: string, region: string, jobId: string, job: ApiJob): Promise<ApiJob> {
    try {
      const [operation] = await this.client.createJob({ parent: `projects/${project}/locations/${region}`, jobId, job });
      const [result] = await operation.promise();
      return plain(result as ApiJob);
    } catch (err) {
      throw translateError("create", jobId, err);
    }
  }

  /** The job, or undefined when it does not exist. */
  async getJob(name: string): Promise<ApiJob | undefined> {
    try {
      const [job] = await this.client.getJob({ name });
      return job;
    } catch (err) {
      if ((err as GrpcLikeError).code === Code.NOT_FOUND) return undefined;
      throw translateError("read", name, err);
    }
  }

  async updateJob(job: ApiJob): Promise<ApiJob> {
    try {
      const [operation] = await this.client.updateJob({ job });
      const [result] = await operation.promise();
      return plain(result as ApiJob);
    } catch (err) {
      throw translateError("update", job.name ?? "", err);
    }
  }

  /** Deletes the job; a job that is already gone counts as deleted. */
  async deleteJob(name: string): Promise<void> {
    try {
      const [operation] = await this.client.deleteJob({ name });
      await operation.promise();
    } catch (err) {
      if ((err as GrpcLikeError).code === Code.NOT_FOUND) return;
      throw translateError("delete", name, err);
    }
  }
}
