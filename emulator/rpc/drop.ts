// The `drop` fault: destroy the HTTP/2 connection a call arrived on, so the client sees what a
// network failure looks like (UNAVAILABLE), not a clean gRPC status. grpc-js does not expose
// the session of a unary call, so we look for it on the call's internals (emulator-only).
import type * as grpc from "@grpc/grpc-js";
import type { Http2Session } from "node:http2";

function findSession(value: unknown, depth: number): Http2Session | undefined {
  if (!value || typeof value !== "object" || depth > 4) return undefined;
  const obj = value as Record<string, unknown>;
  const session = (obj.stream as { session?: Http2Session } | undefined)?.session;
  if (session && typeof session.destroy === "function") return session;
  for (const key of ["call", "nextCall", "stream"]) {
    const found = findSession(obj[key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

export function dropConnection(call: grpc.ServerUnaryCall<unknown, unknown>): void {
  const session = findSession(call, 0);
  if (session) session.destroy();
  else (call as unknown as { emit(e: string): void }).emit("cancelled");
}
