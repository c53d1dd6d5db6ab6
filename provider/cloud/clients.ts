// Construction of the generated Cloud Run clients, one set per endpoint, made at the first API
// call (never at module load, never captured by the serialized provider), with the two
// adjustments they need: the deep-require loader and the protobufjs set-up patch.
import type { protos, v2 as RunV2 } from "@google-cloud/run";
import { authClientFor, insecureWithCallCredentials } from "./auth-client";
import { type AuthSettings, authFromEnv } from "./credentials";
import { ConfigurationError } from "./errors";
import { leanGax } from "./lean-gax";

export type ApiOperation = protos.google.longrunning.IOperation;

/**
 * How the calls travel: gRPC (the client's default), or the client's REST fallback (HTTP/1.1
 * and JSON: the same v2 methods at their `google.api.http` paths), for networks that pass
 * only HTTPS/1.1 to Google.
 */
export type Transport = "grpc" | "rest";
const TRANSPORTS: readonly Transport[] = ["grpc", "rest"];

/** Where the gateway sends its calls, and how. */
export interface Endpoint {
  /** `host:port` of an emulator (CLOUD_RUN_EMULATOR_HOST), or undefined for Cloud Run itself. */
  emulatorHost?: string;
  /** CLOUD_RUN_TRANSPORT; gRPC when unset. */
  transport?: Transport;
  /** Credentials and quota project from the stack config or the environment (credentials.ts); undefined: none set. */
  auth?: AuthSettings;
}

/** The stack config key that chooses the transport; CLOUD_RUN_TRANSPORT does when it is unset. */
export const TRANSPORT_CONFIG_KEY = "cloudrun-jobs:transport";

/** Reads one stack config key (`configure`'s `req.config.get`). */
export type ConfigLookup = (key: string) => string | undefined;

/**
 * The endpoint the stack config and the environment name; the faces pass `process.env`. A
 * transport other than grpc or rest, an emulator address that is not host:port, or credentials
 * that cannot be used (credentials.ts) are refused here (at `configure`, before any call),
 * naming where the value came from.
 */
export function endpointFromEnv(env: Readonly<Record<string, string | undefined>>, config: ConfigLookup = () => undefined): Endpoint {
  const host = env.CLOUD_RUN_EMULATOR_HOST?.trim();
  if (host) hostAndPort(host);
  const configured = config(TRANSPORT_CONFIG_KEY);
  const source = configured !== undefined ? `stack config ${TRANSPORT_CONFIG_KEY}` : "CLOUD_RUN_TRANSPORT";
  const given = configured ?? env.CLOUD_RUN_TRANSPORT;
  const transport = given?.trim().toLowerCase();
  if (transport && !(TRANSPORTS as readonly string[]).includes(transport)) {
    const fix =
      configured !== undefined
        ? `run \`pulumi config rm ${TRANSPORT_CONFIG_KEY}\` for gRPC, or \`pulumi config set ${TRANSPORT_CONFIG_KEY} rest\` for HTTP/1.1 and JSON`
        : "unset it for gRPC, or set it to rest for HTTP/1.1 and JSON";
    throw new ConfigurationError(`${source} must be "grpc" or "rest", got "${given}": ${fix}`);
  }
  const auth = authFromEnv(env, config);
  return {
    ...(host ? { emulatorHost: host } : {}),
    ...(transport ? { transport: transport as Transport } : {}),
    ...(auth ? { auth } : {}),
  };
}

/** `host:port` split, or a ConfigurationError naming CLOUD_RUN_EMULATOR_HOST. */
export function hostAndPort(emulatorHost: string): { apiEndpoint: string; port: number } {
  const idx = emulatorHost.lastIndexOf(":");
  const port = Number(emulatorHost.slice(idx + 1));
  if (idx <= 0 || !Number.isInteger(port) || port <= 0) {
    throw new ConfigurationError(`CLOUD_RUN_EMULATOR_HOST must be host:port (e.g. 127.0.0.1:8090), got "${emulatorHost}"`);
  }
  return { apiEndpoint: emulatorHost.slice(0, idx), port };
}

type JobsClient = InstanceType<typeof RunV2.JobsClient>;
type ExecutionsClient = InstanceType<typeof RunV2.ExecutionsClient>;
type TasksClient = InstanceType<typeof RunV2.TasksClient>;
export type WaitOperation = (
  request: { name: string; timeout: { seconds: number; nanos: number } },
  metadata: unknown,
  options: { deadline: number },
  callback: (err: unknown, op?: ApiOperation) => void,
) => void;

export interface Clients {
  transport: Transport;
  jobs: JobsClient;
  /** Made at its first use: only runs read executions. */
  readonly executions: ExecutionsClient;
  /** Made at its first use: only a failed run lists its tasks (cloud/logs.ts). */
  readonly tasks: TasksClient;
  /** Cloud Logging's generated client, made at its first use: only a failed run reads logs (cloud/logs.ts). */
  readonly logging: LoggingClient;
  /** False once the server answered WaitOperation with UNIMPLEMENTED: poll instead. */
  canLongPoll: boolean;
  close(): Promise<void>;
}

type RunClientModules = {
  JobsClient: typeof RunV2.JobsClient;
  ExecutionsClient: typeof RunV2.ExecutionsClient;
  /** The gax module to construct them with (lean-gax.ts), or undefined for the client's own. */
  gax?: GaxModule;
};

/**
 * The two generated clients, without the package index: the index also loads the static
 * protobuf module of every Cloud Run API (1.2 MB of generated code; bench figure 9's load costs
 * show both ways of loading the client side by side) that the
 * clients do not need. The package has no `exports` map, so these paths are public; should a
 * release move them or close them with an `exports` map, the index still works.
 */
function loadRunClients(): RunClientModules {
  try {
    const { JobsClient } = require("@google-cloud/run/build/src/v2/jobs_client") as Pick<RunClientModules, "JobsClient">;
    const { ExecutionsClient } = require("@google-cloud/run/build/src/v2/executions_client") as Pick<RunClientModules, "ExecutionsClient">;
    return { JobsClient, ExecutionsClient, gax: leanGaxForRun() };
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code !== "MODULE_NOT_FOUND" && code !== "ERR_PACKAGE_PATH_NOT_EXPORTED") throw err;
    const { v2 } = require("@google-cloud/run") as typeof import("@google-cloud/run");
    return v2;
  }
}

/** The generated Tasks client, with a gax that builds the Tasks definitions alone; made at a failed run only. */
function loadTasksClient(): { TasksClient: typeof RunV2.TasksClient; gax?: GaxModule } {
  try {
    const { TasksClient } = require("@google-cloud/run/build/src/v2/tasks_client") as { TasksClient: typeof RunV2.TasksClient };
    return { TasksClient, gax: leanGaxFor(["Tasks"]) };
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code !== "MODULE_NOT_FOUND" && code !== "ERR_PACKAGE_PATH_NOT_EXPORTED") throw err;
    return { TasksClient: (require("@google-cloud/run") as typeof import("@google-cloud/run")).v2.TasksClient };
  }
}

/** One Cloud Logging entry as the generated client gives it (google.logging.v2.LogEntry). */
export interface LoggingEntry {
  logName?: string | null;
  timestamp?: { seconds?: number | string | { toString(): string } | null; nanos?: number | null } | null;
  labels?: Record<string, string> | null;
  textPayload?: string | null;
  jsonPayload?: { fields?: Record<string, unknown> | null } | null;
}

export interface LoggingRequest {
  resourceNames: string[];
  filter: string;
  orderBy: string;
  pageSize: number;
}

/** What of `LoggingServiceV2Client` the provider calls: one page of ListLogEntries. */
export interface LoggingClient {
  listLogEntries(request: LoggingRequest, options: { timeout: number; autoPaginate: false }): Promise<[LoggingEntry[], unknown, unknown]>;
  close(): Promise<void>;
}

/**
 * Cloud Logging's generated v2 client alone, not the `@google-cloud/logging` index: the index
 * loads the whole handwritten library (~300 ms of CPU more, measured after the Run clients are
 * loaded; the generated client ~10 ms to require, ~150 ms to construct). Since 12.x it lives in
 * `@google-cloud/logging-api`, a dependency of `@google-cloud/logging`: resolved from that
 * package's folder, so the copy it depends on is the one loaded. Required at the first failure.
 */
function loadLoggingClient(): new (options: ClientOptions) => LoggingClient {
  type Ctor = new (options: ClientOptions) => LoggingClient;
  try {
    const path = require("node:path") as typeof import("node:path");
    const from = path.dirname(require.resolve("@google-cloud/logging"));
    const file = require.resolve("@google-cloud/logging-api/build/src/v2/logging_service_v2_client", { paths: [from] });
    return (require(file) as { LoggingServiceV2Client: Ctor }).LoggingServiceV2Client;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code !== "MODULE_NOT_FOUND" && code !== "ERR_PACKAGE_PATH_NOT_EXPORTED") throw err;
    return (require("@google-cloud/logging") as { v2: { LoggingServiceV2Client: Ctor } }).v2.LoggingServiceV2Client;
  }
}

let lean: GaxModule | undefined;

/**
 * The google-gax the generated clients would load themselves (resolved from their own folder,
 * so a nested copy is honoured), made to build only the Jobs and Executions definitions from
 * the very protos.json object they load (lean-gax.ts). Made once per process.
 */
function leanGaxForRun(): GaxModule | undefined {
  return (lean ??= leanGaxFor(RUN_SERVICES));
}

function leanGaxFor(services: readonly string[]): GaxModule {
  const path = require("node:path") as typeof import("node:path");
  const from = path.dirname(require.resolve("@google-cloud/run/build/src/v2/jobs_client"));
  const gax = require(require.resolve("google-gax", { paths: [from] })) as GaxModule;
  const protos = require(path.join(from, "..", "..", "protos", "protos.json")) as Parameters<typeof leanGax>[1];
  return leanGax(gax, protos, services);
}
/** The v2 services the gateway calls (protos.json names). */
const RUN_SERVICES = ["Jobs", "Executions"] as const;

const clients = new Map<string, Clients>();

type ClientOptions = NonNullable<ConstructorParameters<typeof RunV2.JobsClient>[0]>;

/**
 * The client options for an endpoint. Against an emulator: plain text (an insecure channel, or
 * `http:` for REST) and an explicit universe domain, so the client never probes the GCE
 * metadata server (docs/architecture.md facts: the client); no credentials, unless some are
 * configured: then their headers (auth-client.ts, which keeps them off Google) ride on each call.
 * Against Cloud Run: the configured credentials, else Application Default Credentials. REST is
 * the client's own fallback (`fallback: true`).
 */
function clientOptions(endpoint: Endpoint, transport: Transport): ClientOptions {
  const rest: ClientOptions = transport === "rest" ? { fallback: true } : {};
  const auth = endpoint.auth ? authClientFor(endpoint.auth, endpoint.emulatorHost) : undefined;
  if (!endpoint.emulatorHost) return auth ? ({ ...rest, authClient: auth } as ClientOptions) : rest;
  const common = { ...rest, ...hostAndPort(endpoint.emulatorHost), universeDomain: "googleapis.com" };
  if (transport === "rest") {
    // The REST stub asks its auth client for headers before every call; without credentials, this one adds none.
    const { PassThroughClient } = require("google-auth-library") as typeof import("google-auth-library");
    return { ...common, protocol: "http", authClient: auth ?? new PassThroughClient() } as ClientOptions;
  }
  const { grpc } = require("google-gax") as typeof import("google-gax");
  return { ...common, sslCreds: auth ? insecureWithCallCredentials(grpc, auth) : grpc.credentials.createInsecure() };
}

/** Clients for the endpoint, made on first use and kept for the process. */
export function clientsFor(endpoint: Endpoint): Clients {
  const transport = endpoint.transport ?? "grpc";
  const key = `${transport} ${endpoint.emulatorHost ?? "cloud"} ${endpoint.auth?.fingerprint ?? "-"}`;
  let made = clients.get(key);
  if (!made) {
    // Loaded here, not at module load: check and diff never pay for the Google client.
    const run = loadRunClients();
    const options = clientOptions(endpoint, transport);
    const jobs = withSetUpLroDecoders(new run.JobsClient(options, run.gax), transport === "rest" ? bindRestWaitOperation : undefined);
    let executions: ExecutionsClient | undefined;
    let tasks: TasksClient | undefined;
    let logging: LoggingClient | undefined;
    made = {
      transport,
      jobs,
      get executions() {
        return (executions ??= withSetUpLroDecoders(new run.ExecutionsClient(options, run.gax)));
      },
      get tasks() {
        if (tasks) return tasks;
        const loaded = loadTasksClient();
        return (tasks = new loaded.TasksClient(options, loaded.gax));
      },
      get logging() {
        return (logging ??= new (loadLoggingClient())(options));
      },
      canLongPoll: true,
      close: async () => {
        await Promise.all([jobs.close(), executions?.close(), tasks?.close(), logging?.close()].map((p) => p?.catch(() => undefined)));
      },
    };
    clients.set(key, made);
  }
  return made;
}

export interface LroDecoders {
  responseDecoder: (bytes: Uint8Array) => unknown;
  metadataDecoder: (bytes: Uint8Array) => unknown;
}
type ProtobufRoot = { lookup(path: string): unknown };
type ProtobufType = { decode(bytes: Uint8Array): unknown; setup(): ProtobufType; root: ProtobufRoot };
type GaxModule = typeof import("google-gax");

/** Thrown by the set-up hook below: the type is known, nothing needs to be generated yet. */
const FOUND = Symbol("lro-type-found");

/**
 * The generated clients hand each long-running method's decoders to gax as
 * `type.decode.bind(type)` while the protobufjs type is not yet set up. What gets bound is
 * protobufjs's set-up stub, which generates the type's five codecs (encode, decode, verify,
 * fromObject, toObject: a `new Function` each) and installs them on the type, where the bound
 * stub never looks. So every decode generates them again: 20 code generations per CreateJob
 * answered (the response and the metadata, decoded twice), which made a create cost several
 * times the bare client's CPU; bench figure 10 (CPU per create, ours vs the bare client) is what
 * keeps it in view.
 *
 * Each bound stub is called once here with a set-up hook that notes the stub's `this` (its
 * type) and stops it before any code is generated; the decoder is rebound to that type's own
 * `decode`, which sets the type up at its first real use and never again. The hook patches the
 * protobufjs of the client's own gax module, the one its types come from.
 */
function withSetUpLroDecoders<C extends { descriptors: { longrunning?: object } }>(client: C, onRoot?: (root: ProtobufRoot) => void): C {
  const gax = (client as unknown as { _gaxModule?: GaxModule })._gaxModule ?? (require("google-gax") as GaxModule);
  const proto = gax.protobuf.Type.prototype as unknown as ProtobufType;
  const setup = proto.setup;
  let seen: ProtobufType | undefined;
  const roots = new Set<ProtobufRoot>();
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
        if (type && onRoot) roots.add(type.root);
      }
    }
  } finally {
    proto.setup = setup;
  }
  // The decoders' types live in the root the client also gave its operations client.
  for (const root of roots) onRoot?.(root);
  return client;
}

/** Run's REST path of WaitOperation (run-v2 discovery, `projects.locations.operations.wait`). */
const REST_WAIT_OPERATION = { post: "/v2/{name=projects/*/locations/*/operations/*}:wait", body: "*" };
const HTTP_OPTION = "(google.api.http)";

/**
 * Over REST, the operations stub finds each method's path in the method's `google.api.http`
 * option. google/longrunning/operations.proto gives WaitOperation none, and gax applies the
 * Run client's own rule for it (the path above) only to methods that already have one, so the
 * stub's `waitOperation` fails with "parsedOptions is not iterable" and no call is sent. The
 * rule is added to the method in the client's root, as the client asked; a release whose proto
 * carries one keeps its own.
 */
function bindRestWaitOperation(root: ProtobufRoot): void {
  const method = root.lookup("google.longrunning.Operations.WaitOperation") as { parsedOptions?: Array<Record<string, unknown>> } | null;
  if (!method || method.parsedOptions?.some((option) => HTTP_OPTION in option)) return;
  method.parsedOptions = [...(method.parsedOptions ?? []), { [HTTP_OPTION]: REST_WAIT_OPERATION }];
}

/** Closes every client made so far, so a short-lived process (the CLI) can exit. */
export async function closeClients(): Promise<void> {
  const all = [...clients.values()];
  clients.clear();
  await Promise.all(all.map((c) => c.close()));
}
