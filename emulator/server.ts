// The emulator's wiring, and the only module that knows every layer: startEmulator builds the
// state, the services over it and both faces, and puts them on one port (port.ts). Jobs,
// Executions, Tasks, Operations and its own Control service over gRPC, the same handlers over
// REST (v2 transcoding, and the v1 API); one log line per RPC; faults and call counters applied
// to every Cloud Run RPC before its handler runs (services/dispatch.ts).
import * as grpc from "@grpc/grpc-js";
import type { AddressInfo } from "node:net";
import { KNOWN_LOCATIONS } from "./model/names";
import { CallCounter } from "./state/calls";
import { ScaledClock } from "./state/clock";
import { Faults, type FaultSpec } from "./state/faults";
import { EMULATOR_PRINCIPAL, Identities } from "./state/identities";
import { onExecutionEvent } from "./state/lifecycle";
import { DeniedPermissions } from "./state/permissions";
import { ProjectNumbers } from "./state/projects";
import { Runner } from "./state/runner";
import { StateFile } from "./state/state-file";
import { Store } from "./state/store";
import type { Core } from "./services/context";
import type { Plumbing } from "./services/dispatch";
import { executionsRpcs } from "./services/executions";
import { iamRpcs } from "./services/iam";
import { iamCredentialsRpcs } from "./services/iam-credentials";
import { jobsRpcs } from "./services/jobs";
import { loggingRpcs } from "./services/logging";
import { operationsRpcs } from "./services/operations";
import { withProjectIds } from "./services/projects";
import { tasksRpcs } from "./services/tasks";
import { GCLOUD_TOKEN, gcloudEnv, ProxyLog, type GcloudEnvOptions } from "./rest/gcloud";
import { googleFace } from "./rest/google";
import { createHttpServer, v2Face } from "./rest/http";
import { iamCredentialsFace } from "./rest/iam-credentials";
import { loggingFace } from "./rest/logging";
import { v2Caller, v2Routes } from "./rest/transcode";
import { v1Face } from "./rest/v1/face";
import { bindService } from "./rpc/bind";
import { bindControl, controlHandlers } from "./rpc/control";
import { bindIdentityControl, identityControlHandlers } from "./rpc/identity-control";
import { bindLogging } from "./rpc/logging";
import { listenShared } from "./port";

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
  /** Faults active from the start (see state/faults.ts). */
  faults?: FaultSpec[];
  /** Regions accepted besides Cloud Run's (model/names.ts KNOWN_LOCATIONS). */
  extraLocations?: string[];
  /** Project numbers by project id; other projects get a stable number derived from the id (state/projects.ts). */
  projectNumbers?: Record<string, string>;
  /** Permissions the emulator's IAM refuses from the start, e.g. `run.jobs.runWithOverrides` (state/permissions.ts). */
  deniedPermissions?: string[];
  /** Task log entries kept per project, the oldest dropped first (default 10,000; state/logs.ts). */
  maxLogEntries?: number;
  /** Bearer tokens and the identity each stands for (state/identities.ts), e.g. a token given to the provider as gcp:accessToken. */
  tokens?: Record<string, string>;
  /** Service accounts no one may impersonate: generateAccessToken answers PERMISSION_DENIED (state/identities.ts). */
  deniedIdentities?: string[];
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
  /** Project ids and numbers: `projects.numberOf("my-project")`. */
  projects: ProjectNumbers;
  /** The permissions IAM refuses: `permissions.set(["run.jobs.runWithOverrides"])`, `set([])` grants all again. */
  permissions: DeniedPermissions;
  /** What came through the emulator as gcloud's proxy: `proxy.hosts()`, `proxy.refused()`. */
  proxy: ProxyLog;
  /** Who calls: `identities.register(token, who)`, `identities.deny(serviceAccount)`, `identities.callerOf("Bearer …")`. */
  identities: Identities;
  /** The environment that points gcloud at this emulator (rest/gcloud.ts). */
  gcloudEnv(options?: Omit<GcloudEnvOptions, "port" | "host">): Record<string, string>;
  /** Forgets all jobs, executions, operations (not faults or counters). */
  reset(): void;
  stop(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? "127.0.0.1";
  const log = options.quiet ? () => {} : (options.log ?? ((line: string) => console.log(line)));
  const clock = new ScaledClock(options.speed ?? 1);
  const store = new Store(clock, options.maxLogEntries);
  const faults = new Faults();
  for (const spec of options.faults ?? []) faults.add(spec);
  const calls = new CallCounter();
  // gcloud's fixed token (rest/gcloud.ts) is the emulator's own principal, as before callers had identities.
  const identities = new Identities({
    tokens: { [GCLOUD_TOKEN]: EMULATOR_PRINCIPAL, ...options.tokens },
    denied: options.deniedIdentities ?? [],
  });
  const runner = new Runner(
    store,
    clock,
    { taskDurationMs: options.taskDurationMs ?? 1000, startDelayMs: options.startDelayMs ?? 0, exec: !!options.exec, log },
    (name, event) => onExecutionEvent(store, name, event),
  );
  const projects = new ProjectNumbers(store, options.projectNumbers);
  const denied = new DeniedPermissions(options.deniedPermissions);
  const core: Core = {
    store,
    runner,
    faults,
    locations: new Set([...KNOWN_LOCATIONS, ...(options.extraLocations ?? [])]),
    projects,
    denied,
  };
  const proxy = new ProxyLog();
  const stateFile = options.stateFile ? new StateFile(options.stateFile, store, (line) => console.error(line)) : undefined;
  if (stateFile?.load()) runner.resumeAll();
  stateFile?.watch();

  const server = new grpc.Server();
  const plumbing: Plumbing = { log, faults, calls, identities };
  // A request may name a project by its number: handlers see the id (services/projects.ts).
  const tables = {
    Jobs: withProjectIds({ ...jobsRpcs(core), ...iamRpcs(core) }, projects),
    Executions: withProjectIds(executionsRpcs(core), projects),
    Tasks: withProjectIds(tasksRpcs(core), projects),
    Operations: withProjectIds(operationsRpcs(core), projects),
  };
  bindService(server, "google.cloud.run.v2.Jobs", tables.Jobs, plumbing);
  bindService(server, "google.cloud.run.v2.Executions", tables.Executions, plumbing);
  bindService(server, "google.cloud.run.v2.Tasks", tables.Tasks, plumbing);
  bindService(server, "google.longrunning.Operations", tables.Operations, plumbing);
  const reset = () => {
    runner.stopAll();
    store.reset();
  };
  bindControl(server, controlHandlers(faults, calls, reset, denied), log);
  bindIdentityControl(server, identityControlHandlers(identities), log);
  // Cloud Logging: the tasks' log entries (logging/), on gRPC and REST.
  const loggingTable = loggingRpcs(store.logs, projects);
  bindLogging(server, loggingTable, store.logs, projects, plumbing);
  const grpcPort = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  const routes = v2Routes(tables);
  const httpServer = createHttpServer(
    [
      iamCredentialsFace(iamCredentialsRpcs(identities), plumbing),
      loggingFace(loggingTable, plumbing),
      v2Face(routes, plumbing),
      v1Face(v2Caller(routes, plumbing), store, projects),
      googleFace(projects),
    ],
    log,
    proxy,
  );
  const httpPort = await new Promise<number>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(0, "127.0.0.1", () => resolve((httpServer.address() as AddressInfo).port));
  });
  const shared = await listenShared(host, options.port ?? 0, grpcPort, httpPort).catch((err: Error) => {
    server.forceShutdown();
    httpServer.close();
    throw new Error(
      `cannot listen on ${host}:${options.port ?? 0} (${err.message.split("\n")[0]}): is the port in use? pick another with --port, or --port 0 for a free one`,
    );
  });
  const port = shared.port;
  let stopped: Promise<void> | undefined;
  return {
    // A wildcard bind is still reached on loopback; the ready line names 127.0.0.1.
    address: `${host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host}:${port}`,
    port,
    store,
    faults,
    calls,
    projects,
    permissions: denied,
    proxy,
    identities,
    gcloudEnv: (more = {}) => gcloudEnv({ ...more, port, host }),
    reset,
    stop: () =>
      (stopped ??= (async () => {
        runner.stopAll();
        stateFile?.close();
        await shared.close();
        httpServer.closeAllConnections();
        await Promise.all([
          new Promise<void>((resolve) => httpServer.close(() => resolve())),
          new Promise<void>((resolve) => {
            const force = setTimeout(() => {
              server.forceShutdown();
              resolve();
            }, 500);
            force.unref();
            server.tryShutdown(() => {
              clearTimeout(force);
              resolve();
            });
          }),
        ]);
      })()),
  };
}
