// A Cloud Run service's RPC table on grpc-js: each method a unary call through dispatch() (so
// counters, faults and the log line apply), the proto methods the table lacks UNIMPLEMENTED.
import * as grpc from "@grpc/grpc-js";
import { serviceDefinition } from "../base/protos";
import type { RpcHandler, RpcTable } from "../services/context";
import { dispatch, type Plumbing } from "../services/dispatch";
import { dropConnection } from "./drop";

/** The call's deadline as epoch milliseconds, if the client set one. */
export function deadlineOf(call: grpc.ServerUnaryCall<unknown, unknown>): number | undefined {
  const d = call.getDeadline();
  const ms = d instanceof Date ? d.getTime() : d;
  return Number.isFinite(ms) ? ms : undefined;
}

/** The call's `authorization` metadata (a bearer token), if the client sent one. */
export function authorizationOf(call: grpc.ServerUnaryCall<unknown, unknown>): string | undefined {
  const [value] = call.metadata.get("authorization");
  return typeof value === "string" ? value : undefined;
}

/** Adapts a handler to grpc-js through dispatch(): ApiError becomes the call's status. */
function unary(qualified: string, fn: RpcHandler, p: Plumbing): grpc.handleUnaryCall<unknown, unknown> {
  return (call, callback) => {
    const ctx = { deadline: deadlineOf(call), authorization: authorizationOf(call) };
    void dispatch(qualified, fn, call.request, ctx, p, "grpc").then((outcome) => {
      if (outcome.kind === "ok") callback(null, outcome.response);
      else if (outcome.kind === "drop") dropConnection(call);
      else if (outcome.injected) callback({ code: outcome.error.code, details: outcome.error.message });
      else callback(outcome.error.toServiceError());
    });
  };
}

/** Binds a service's explicit RPC table; proto methods without an entry answer UNIMPLEMENTED. */
export function bindService(server: grpc.Server, fullName: string, table: RpcTable, p: Plumbing): void {
  const definition = serviceDefinition(fullName);
  const unknown = Object.keys(table).filter((rpc) => !(rpc in definition));
  if (unknown.length) throw new Error(`${fullName} has no method ${unknown.join(", ")} (emulator bug)`);
  const handlers: grpc.UntypedServiceImplementation = {};
  const shortService = fullName.split(".").pop();
  for (const rpc of Object.keys(definition)) {
    const fn = table[rpc];
    handlers[rpc] = fn
      ? unary(`${shortService}.${rpc}`, fn, p)
      : (_call: unknown, callback: grpc.sendUnaryData<unknown>) => {
          p.log(`${shortService}.${rpc} UNIMPLEMENTED`);
          callback({ code: grpc.status.UNIMPLEMENTED, details: `${fullName}.${rpc} is not implemented by the emulator` });
        };
  }
  server.addService(definition, handlers);
}
