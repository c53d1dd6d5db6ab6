// The emulator's own control service (emulator-only), served on the same port as the Cloud
// Run APIs so another process can change faults and read counters while the emulator runs:
//   service cloudrun.emulator.v1.Control { AddFault, RemoveFault, ClearFaults, ListFaults,
//                                          GetCalls, ResetCalls, Reset, DenyPermissions }
// Messages are JSON documents (UTF-8) rather than protobuf, so no .proto file is needed:
// use `connectControl(address)` from this module, or `cloudrun-emulator control …`.
import * as grpc from "@grpc/grpc-js";
import type { Face } from "../base/face";
import type { CallCounter } from "../state/calls";
import type { Fault, FaultSpec, Faults } from "../state/faults";
import type { DeniedPermissions } from "../state/permissions";

export interface ControlApi {
  AddFault: (spec: FaultSpec) => Fault;
  RemoveFault: (req: { id: string }) => { removed: boolean };
  ClearFaults: (req: object) => object;
  ListFaults: (req: object) => { faults: Fault[] };
  GetCalls: (req: object) => { calls: Record<string, number>; faces: Record<Face, number> };
  ResetCalls: (req: object) => object;
  /** Forgets every job, execution and operation (state reset between tests). */
  Reset: (req: object) => object;
  /** Sets the permissions IAM refuses (replacing the last set; `[]` grants all again); answers the set now refused. */
  DenyPermissions: (req: { permissions?: string[] }) => { permissions: string[] };
}

const METHODS: Array<keyof ControlApi> = [
  "AddFault",
  "RemoveFault",
  "ClearFaults",
  "ListFaults",
  "GetCalls",
  "ResetCalls",
  "Reset",
  "DenyPermissions",
];
export const CONTROL_SERVICE = "cloudrun.emulator.v1.Control";

const json = {
  serialize: (value: unknown) => Buffer.from(JSON.stringify(value ?? {})),
  deserialize: (bytes: Buffer) => (bytes.length ? JSON.parse(bytes.toString("utf8")) : {}) as unknown,
};

/** Methods of the Control service, each carrying JSON documents (no .proto needed); identity-control.ts adds its own. */
export function controlMethods(methods: readonly string[]): grpc.ServiceDefinition {
  return Object.fromEntries(
    methods.map((m) => [
      m,
      {
        path: `/${CONTROL_SERVICE}/${m}`,
        requestStream: false,
        responseStream: false,
        requestSerialize: json.serialize,
        requestDeserialize: json.deserialize,
        responseSerialize: json.serialize,
        responseDeserialize: json.deserialize,
      },
    ]),
  );
}

export const controlDefinition: grpc.ServiceDefinition = controlMethods(METHODS);

export function controlHandlers(faults: Faults, calls: CallCounter, reset: () => void, denied: DeniedPermissions): ControlApi {
  return {
    AddFault: (spec) => faults.add(spec),
    RemoveFault: ({ id }) => ({ removed: faults.remove(id) }),
    ClearFaults: () => {
      faults.clear();
      return {};
    },
    ListFaults: () => ({ faults: faults.list() }),
    GetCalls: () => ({ calls: calls.snapshot(), faces: calls.faces() }),
    ResetCalls: () => {
      calls.reset();
      return {};
    },
    Reset: () => {
      reset();
      return {};
    },
    DenyPermissions: ({ permissions }) => ({ permissions: denied.set(permissions ?? []) }),
  };
}

/** Adds the Control service to the gRPC server: each call answered at once, a thrown error as INVALID_ARGUMENT. */
export function bindControl(server: grpc.Server, handlers: ReturnType<typeof controlHandlers>, log: (line: string) => void): void {
  bindControlMethods(server, controlDefinition, handlers, log);
}

/** Binds control methods (`definition`) to their handlers: each answered at once, a thrown error as INVALID_ARGUMENT. */
export function bindControlMethods(
  server: grpc.Server,
  definition: grpc.ServiceDefinition,
  handlers: object,
  log: (line: string) => void,
): void {
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
  server.addService(definition, impl);
}

/** One unary caller of control methods at `address`, and its close. */
export function controlCaller(
  address: string,
  definition: grpc.ServiceDefinition,
): { call<T>(method: string, req: unknown): Promise<T>; close(): void } {
  const Ctor = grpc.makeGenericClientConstructor(definition, CONTROL_SERVICE);
  const client = new Ctor(address, grpc.credentials.createInsecure()) as unknown as grpc.Client & Record<string, UnaryFn>;
  return {
    call: <T>(method: string, req: unknown): Promise<T> =>
      new Promise((resolve, reject) => client[method]!(req, (err, res) => (err ? reject(err) : resolve(res as T)))),
    close: () => client.close(),
  };
}

/** A client for another process: `const c = connectControl("127.0.0.1:8090"); await c.addFault({…})`. */
export interface ControlClient {
  addFault(spec: FaultSpec): Promise<Fault>;
  removeFault(id: string): Promise<boolean>;
  clearFaults(): Promise<void>;
  listFaults(): Promise<Fault[]>;
  calls(): Promise<Record<string, number>>;
  /** Calls per face (v2 gRPC, v2 REST, v1 REST) since the last reset. */
  faces(): Promise<Record<Face, number>>;
  resetCalls(): Promise<void>;
  reset(): Promise<void>;
  /** Sets the permissions IAM refuses (`[]` grants all again); resolves with the set now refused. */
  denyPermissions(permissions: string[]): Promise<string[]>;
  close(): void;
}

type UnaryFn = (req: unknown, cb: (err: grpc.ServiceError | null, res: unknown) => void) => void;

export function connectControl(address: string): ControlClient {
  const { call, close } = controlCaller(address, controlDefinition);
  return {
    addFault: (spec) => call<Fault>("AddFault", spec),
    removeFault: async (id) => (await call<{ removed: boolean }>("RemoveFault", { id })).removed,
    clearFaults: async () => void (await call("ClearFaults", {})),
    listFaults: async () => (await call<{ faults: Fault[] }>("ListFaults", {})).faults,
    calls: async () => (await call<{ calls: Record<string, number> }>("GetCalls", {})).calls,
    faces: async () => (await call<{ faces: Record<Face, number> }>("GetCalls", {})).faces,
    resetCalls: async () => void (await call("ResetCalls", {})),
    reset: async () => void (await call("Reset", {})),
    denyPermissions: async (permissions) => (await call<{ permissions: string[] }>("DenyPermissions", { permissions })).permissions,
    close,
  };
}
