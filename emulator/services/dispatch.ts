// One call of a Cloud Run RPC, whatever face it came through (gRPC, REST transcoding, v1):
// counted, faults applied before the handler runs, one log line, errors as ApiError; the
// handler runs as the caller its bearer token names (state/identities.ts).
import * as grpc from "@grpc/grpc-js";
import { ApiError } from "../base/errors";
import type { Face } from "../base/face";
import type { CallContext } from "../model/types";
import type { CallCounter } from "../state/calls";
import type { Faults } from "../state/faults";
import { asCaller, type Identities, scopedAuthorization } from "../state/identities";
import type { RpcHandler } from "./context";

export interface Plumbing {
  log: (line: string) => void;
  faults: Faults;
  calls: CallCounter;
  /** Who a token stands for; without it every call is EMULATOR_PRINCIPAL's. */
  identities?: Identities;
}

/** Google's answer to an expired or revoked access token (401 on REST). */
const INVALID_CREDENTIALS =
  "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.";

export type Outcome =
  | { kind: "ok"; response: unknown }
  /** `injected`: an `error` fault, sent without details. */
  | { kind: "error"; error: ApiError; injected?: boolean }
  /** A `drop` fault: the face destroys the connection. */
  | { kind: "drop" };

const statusName = (code: number) => grpc.status[code] ?? String(code);

export async function dispatch(
  qualified: string,
  fn: RpcHandler,
  request: unknown,
  ctx: CallContext,
  p: Plumbing,
  face: Face,
): Promise<Outcome> {
  const started = Date.now();
  p.calls.record(qualified, face);
  const fired = p.faults.fire(qualified, ["latency", "error", "drop"]);
  const latency = fired.reduce((sum, f) => sum + f.latencyMs, 0);
  if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
  if (fired.some((f) => f.kind === "drop")) {
    p.log(`${qualified} DROPPED (injected)`);
    return { kind: "drop" };
  }
  const error = fired.find((f) => f.kind === "error");
  if (error) {
    p.log(`${qualified} ${statusName(error.code)} (injected) ${Date.now() - started}ms`);
    return { kind: "error", error: new ApiError(error.code, error.message), injected: true };
  }
  const caller = p.identities?.callerOf(ctx.authorization ?? scopedAuthorization());
  if (caller && "expired" in caller) {
    p.log(`${qualified} UNAUTHENTICATED ${Date.now() - started}ms: expired token`);
    return { kind: "error", error: new ApiError(grpc.status.UNAUTHENTICATED, INVALID_CREDENTIALS) };
  }
  const identity = caller?.identity;
  try {
    const response = await asCaller(identity, () => fn(request as never, identity === undefined ? ctx : { ...ctx, caller: identity }));
    p.log(`${qualified} OK ${Date.now() - started}ms`);
    return { kind: "ok", response };
  } catch (err) {
    if (err instanceof ApiError) {
      p.log(`${qualified} ${statusName(err.code)} ${Date.now() - started}ms: ${err.message.split("\n")[0]}`);
      return { kind: "error", error: err };
    }
    const message = err instanceof Error ? err.message : String(err);
    p.log(`${qualified} INTERNAL: ${message}`);
    return { kind: "error", error: new ApiError(grpc.status.INTERNAL, `emulator bug: ${message}`), injected: true };
  }
}
