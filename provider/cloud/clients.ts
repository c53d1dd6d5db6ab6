// Construction of the generated Cloud Run clients, one set per endpoint, made at the first API
// call (never at module load, never captured by the serialized provider), with the two
// adjustments they need: the deep-require loader and the protobufjs set-up patch.
import type { protos, v2 as RunV2 } from "@google-cloud/run";
import { ConfigurationError } from "./errors";

export type ApiOperation = protos.google.longrunning.IOperation;

/** Where the gateway sends its calls. */
export interface Endpoint {
  /** `host:port` of an emulator (CLOUD_RUN_EMULATOR_HOST), or undefined for Cloud Run itself. */
  emulatorHost?: string;
}

/** The endpoint the environment names; the faces pass `process.env`. */
export function endpointFromEnv(env: Readonly<Record<string, string | undefined>>): Endpoint {
  const host = env.CLOUD_RUN_EMULATOR_HOST?.trim();
  return host ? { emulatorHost: host } : {};
}

type JobsClient = InstanceType<typeof RunV2.JobsClient>;
type ExecutionsClient = InstanceType<typeof RunV2.ExecutionsClient>;
export type WaitOperation = (
  request: { name: string; timeout: { seconds: number; nanos: number } },
  metadata: unknown,
  options: { deadline: number },
  callback: (err: unknown, op?: ApiOperation) => void,
) => void;

export interface Clients {
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
 * protobuf module of every Cloud Run API (1.2 MB of generated code; bench/ANALYSIS.md) that the
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
 * server (docs/architecture.md facts: the client). Against Cloud Run: Application Default
 * Credentials.
 */
export function clientsFor(endpoint: Endpoint): Clients {
  const key = endpoint.emulatorHost ?? "cloud";
  let made = clients.get(key);
  if (!made) {
    // Loaded here, not at module load: check and diff never pay for the Google client.
    const run = loadRunClients();
    let options: ConstructorParameters<typeof RunV2.JobsClient>[0] = {};
    if (endpoint.emulatorHost) {
      const { grpc } = require("google-gax") as typeof import("google-gax");
      const idx = endpoint.emulatorHost.lastIndexOf(":");
      const port = Number(endpoint.emulatorHost.slice(idx + 1));
      if (idx <= 0 || !Number.isInteger(port) || port <= 0) {
        throw new ConfigurationError(`CLOUD_RUN_EMULATOR_HOST must be host:port (e.g. 127.0.0.1:8090), got "${endpoint.emulatorHost}"`);
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
    made = {
      jobs,
      get executions() {
        return (executions ??= withSetUpLroDecoders(new run.ExecutionsClient(options)));
      },
      canLongPoll: true,
      close: async () => {
        await Promise.all([jobs.close(), executions?.close()].map((p) => p?.catch(() => undefined)));
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
 * answered (the response and the metadata, decoded twice); bench/ANALYSIS.md ("Fixed in this
 * round", 1) has the cost.
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

/** Closes every client made so far, so a short-lived process (the CLI) can exit. */
export async function closeClients(): Promise<void> {
  const all = [...clients.values()];
  clients.clear();
  await Promise.all(all.map((c) => c.close()));
}
