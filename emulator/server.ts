// The emulator's gRPC server: every service on one port, one log line per RPC.
import * as grpc from "@grpc/grpc-js";
import { ApiError } from "./errors";
import { JobsService } from "./jobs";
import { OperationsService } from "./operations";
import { serviceDefinition } from "./protos";
import { Store } from "./store";

export interface EmulatorOptions {
  /** Interface to bind; loopback unless told otherwise. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  quiet?: boolean;
  log?: (line: string) => void;
}

export interface RunningEmulator {
  /** `host:port`, the value for CLOUD_RUN_EMULATOR_HOST. */
  address: string;
  port: number;
  store: Store;
  stop(): Promise<void>;
}

type Handler = (request: never) => unknown;

/** Adapts a synchronous or async handler to a grpc-js unary handler, translating ApiError. */
function unary(method: string, fn: Handler, log: (line: string) => void): grpc.handleUnaryCall<unknown, unknown> {
  return (call, callback) => {
    const started = Date.now();
    Promise.resolve()
      .then(() => fn(call.request as never))
      .then(
        (response) => {
          log(`${method} OK ${Date.now() - started}ms`);
          callback(null, response);
        },
        (err: unknown) => {
          if (err instanceof ApiError) {
            log(`${method} ${grpc.status[err.code]} ${Date.now() - started}ms: ${err.message.split("\n")[0]}`);
            callback(err.toServiceError());
          } else {
            const message = err instanceof Error ? err.message : String(err);
            log(`${method} INTERNAL: ${message}`);
            callback({ code: grpc.status.INTERNAL, details: `emulator bug: ${message}` });
          }
        },
      );
  };
}

function bindService(
  server: grpc.Server,
  fullName: string,
  impl: object,
  log: (line: string) => void,
): void {
  const definition = serviceDefinition(fullName);
  const handlers: grpc.UntypedServiceImplementation = {};
  for (const [rpc, method] of Object.entries(definition)) {
    const key = method.originalName ?? rpc;
    const fn = (impl as Record<string, unknown>)[key];
    const shortService = fullName.split(".").pop();
    handlers[rpc] = typeof fn === "function"
      ? unary(`${shortService}.${rpc}`, (fn as Handler).bind(impl), log)
      : (_call: unknown, callback: grpc.sendUnaryData<unknown>) => {
          log(`${shortService}.${rpc} UNIMPLEMENTED`);
          callback({ code: grpc.status.UNIMPLEMENTED, details: `${fullName}.${rpc} is not implemented by the emulator` });
        };
  }
  server.addService(definition, handlers);
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? "127.0.0.1";
  const log = options.quiet ? () => {} : (options.log ?? ((line: string) => console.log(line)));
  const store = new Store();
  const server = new grpc.Server();
  bindService(server, "google.cloud.run.v2.Jobs", new JobsService(store), log);
  bindService(server, "google.longrunning.Operations", new OperationsService(store), log);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:${options.port ?? 0}`, grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  return {
    address: `${host}:${port}`,
    port,
    store,
    stop: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
        setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 2000).unref();
      }),
  };
}
