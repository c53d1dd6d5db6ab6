// The emulator's gRPC server: Jobs, Executions, Tasks, Operations and the emulator's own
// Control service on one port; one log line per RPC; faults and call counters applied to
// every Cloud Run RPC before its handler runs.
import * as grpc from "@grpc/grpc-js";
import { CallCounter } from "./calls";
import { ScaledClock } from "./clock";
import { CONTROL_SERVICE, controlDefinition, controlHandlers } from "./control";
import type { Core } from "./core";
import { dropConnection } from "./drop";
import { ApiError } from "./errors";
import { ExecutionsService } from "./executions";
import { Faults, type FaultSpec } from "./faults";
import { JobsService } from "./jobs";
import { onExecutionEvent } from "./lifecycle";
import { KNOWN_LOCATIONS } from "./names";
import { OperationsService } from "./operations";
import { StateFile } from "./persistence";
import { serviceDefinition } from "./protos";
import { Runner } from "./runner";
import { Store } from "./store";
import { TasksService } from "./tasks";
import type { CallContext } from "./types";

export interface EmulatorOptions {
  /** Interface to bind; loopback unless told otherwise. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** No log line per RPC. */
  quiet?: boolean;
  log?: (line: string) => void;
  /** Emulated milliseconds a simulated task attempt takes (default 1000). */
  taskDurationMs?: number;
  /** Emulated milliseconds from an execution's creation to its start (default 0). */
  startDelayMs?: number;
  /** Run containers that have a command as local processes (default false: simulate). */
  exec?: boolean;
  /** JSON file the state is loaded from and saved to. */
  stateFile?: string;
  /** Execution clock speed-up: 60 runs a 10-minute execution in 10 s (default 1). */
  speed?: number;
  /** Faults active from the start (see faults.ts). */
  faults?: FaultSpec[];
  /** Regions accepted besides Cloud Run's (names.ts KNOWN_LOCATIONS). */
  extraLocations?: string[];
}

export interface RunningEmulator {
  /** `host:port`, the value for CLOUD_RUN_EMULATOR_HOST. */
  address: string;
  port: number;
  store: Store;
  /** Add, list and clear faults while running. */
  faults: Faults;
  /** Calls per RPC: `calls.count("GetJob")`, `calls.snapshot()`. */
  calls: CallCounter;
  /** Forgets all jobs, executions, operations (not faults or counters). */
  reset(): void;
  stop(): Promise<void>;
}

type Handler = (request: never, ctx: CallContext) => unknown;

interface Plumbing {
  log: (line: string) => void;
  faults: Faults;
  calls: CallCounter;
}

function deadlineOf(call: grpc.ServerUnaryCall<unknown, unknown>): number | undefined {
  const d = call.getDeadline();
  const ms = d instanceof Date ? d.getTime() : d;
  return Number.isFinite(ms) ? ms : undefined;
}

/** Adapts a handler to grpc-js: counts, injects faults, logs, and translates ApiError. */
function unary(qualified: string, fn: Handler, p: Plumbing): grpc.handleUnaryCall<unknown, unknown> {
  return (call, callback) => {
    const started = Date.now();
    p.calls.record(qualified);
    const fired = p.faults.fire(qualified, ["latency", "error", "drop"]);
    const latency = fired.reduce((sum, f) => sum + f.latencyMs, 0);
    const drop = fired.find((f) => f.kind === "drop");
    const error = fired.find((f) => f.kind === "error");
    const run = () => {
      if (drop) {
        p.log(`${qualified} DROPPED (injected)`);
        dropConnection(call);
        return;
      }
      if (error) {
        p.log(`${qualified} ${grpc.status[error.code] ?? error.code} (injected) ${Date.now() - started}ms`);
        callback({ code: error.code, details: error.message });
        return;
      }
      Promise.resolve()
        .then(() => fn(call.request as never, { deadline: deadlineOf(call) }))
        .then(
          (response) => {
            p.log(`${qualified} OK ${Date.now() - started}ms`);
            callback(null, response);
          },
          (err: unknown) => {
            if (err instanceof ApiError) {
              p.log(`${qualified} ${grpc.status[err.code]} ${Date.now() - started}ms: ${err.message.split("\n")[0]}`);
              callback(err.toServiceError());
            } else {
              const message = err instanceof Error ? err.message : String(err);
              p.log(`${qualified} INTERNAL: ${message}`);
              callback({ code: grpc.status.INTERNAL, details: `emulator bug: ${message}` });
            }
          },
        );
    };
    if (latency > 0) setTimeout(run, latency);
    else run();
  };
}

function bindService(server: grpc.Server, fullName: string, impl: object, p: Plumbing): void {
  const definition = serviceDefinition(fullName);
  const handlers: grpc.UntypedServiceImplementation = {};
  const shortService = fullName.split(".").pop();
  for (const [rpc, method] of Object.entries(definition)) {
    const key = method.originalName ?? rpc;
    const fn = (impl as Record<string, unknown>)[key];
    handlers[rpc] = typeof fn === "function"
      ? unary(`${shortService}.${rpc}`, (fn as Handler).bind(impl), p)
      : (_call: unknown, callback: grpc.sendUnaryData<unknown>) => {
          p.log(`${shortService}.${rpc} UNIMPLEMENTED`);
          callback({ code: grpc.status.UNIMPLEMENTED, details: `${fullName}.${rpc} is not implemented by the emulator` });
        };
  }
  server.addService(definition, handlers);
}

function bindControl(server: grpc.Server, handlers: ReturnType<typeof controlHandlers>, log: (line: string) => void): void {
  const impl: grpc.UntypedServiceImplementation = {};
  for (const [name, fn] of Object.entries(handlers)) {
    impl[name] = ((call: grpc.ServerUnaryCall<never, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      try {
        callback(null, (fn as (req: never) => unknown)(call.request));
        log(`Control.${name} OK`);
      } catch (err) {
        log(`Control.${name} INVALID_ARGUMENT`);
        callback({ code: grpc.status.INVALID_ARGUMENT, details: err instanceof Error ? err.message : String(err) });
      }
    }) as grpc.handleUnaryCall<unknown, unknown>;
  }
  server.addService(controlDefinition, impl);
  void CONTROL_SERVICE;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? "127.0.0.1";
  const log = options.quiet ? () => {} : (options.log ?? ((line: string) => console.log(line)));
  const clock = new ScaledClock(options.speed ?? 1);
  const store = new Store(clock);
  const faults = new Faults();
  for (const spec of options.faults ?? []) faults.add(spec);
  const calls = new CallCounter();
  const runner = new Runner(
    store,
    clock,
    { taskDurationMs: options.taskDurationMs ?? 1000, startDelayMs: options.startDelayMs ?? 0, exec: !!options.exec, log },
    (name, event) => onExecutionEvent(store, name, event),
  );
  const core: Core = { store, runner, faults, locations: new Set([...KNOWN_LOCATIONS, ...(options.extraLocations ?? [])]) };
  const stateFile = options.stateFile ? new StateFile(options.stateFile, store, (line) => console.error(line)) : undefined;
  if (stateFile?.load()) runner.resumeAll();
  stateFile?.watch();

  const server = new grpc.Server();
  const plumbing: Plumbing = { log, faults, calls };
  bindService(server, "google.cloud.run.v2.Jobs", new JobsService(core), plumbing);
  bindService(server, "google.cloud.run.v2.Executions", new ExecutionsService(core), plumbing);
  bindService(server, "google.cloud.run.v2.Tasks", new TasksService(core), plumbing);
  bindService(server, "google.longrunning.Operations", new OperationsService(core), plumbing);
  const reset = () => {
    runner.stopAll();
    store.reset();
  };
  bindControl(server, controlHandlers(faults, calls, reset), log);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:${options.port ?? 0}`, grpc.ServerCredentials.createInsecure(), (err, p) =>
      err
        ? reject(new Error(`cannot listen on ${host}:${options.port ?? 0} (${err.message.split("\n")[0]}): is the port in use? pick another with --port, or --port 0 for a free one`))
        : resolve(p),
    ),
  );
  let stopped: Promise<void> | undefined;
  return {
    // A wildcard bind is still reached on loopback; the ready line names 127.0.0.1.
    address: `${host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host}:${port}`,
    port,
    store,
    faults,
    calls,
    reset,
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        runner.stopAll();
        stateFile?.close();
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 500);
        force.unref();
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      })),
  };
}
