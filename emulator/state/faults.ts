// Fault injection for tests (emulator-only). A fault targets an RPC by method name
// ("GetJob"), service-qualified name ("Jobs.GetJob") or "*", and fires for the next N
// matching calls (`times`) and/or a fraction of them (`fraction`, deterministic: 0.5 fires
// on every second call). Kinds:
//   error     the call fails with `code` (default UNAVAILABLE) before reaching the handler
//   latency   the call is delayed by `latencyMs`, then proceeds
//   drop      the HTTP/2 connection carrying the call is destroyed (the client sees UNAVAILABLE)
//   operation the call succeeds but the long-running operation it starts fails with `code`
//             (default INTERNAL); RunJob's execution fails, Create/Update leave the job not Ready
import * as grpc from "@grpc/grpc-js";
import { randomUUID } from "node:crypto";

export type FaultKind = "error" | "latency" | "drop" | "operation";

export interface FaultSpec {
  rpc: string;
  kind?: FaultKind;
  /** A gRPC status code, as a number or its name ("UNAVAILABLE"). */
  code?: number | string;
  message?: string;
  /** Fire for the next N matching calls. Default: 1, or unlimited for latency and fractions. */
  times?: number;
  /** Fire for this fraction (0–1] of matching calls. */
  fraction?: number;
  latencyMs?: number;
}

export interface Fault {
  id: string;
  rpc: string;
  kind: FaultKind;
  code: number;
  message: string;
  /** Remaining firings; null = unlimited. */
  remaining: number | null;
  fraction: number | null;
  latencyMs: number;
  /** How many times it has fired. */
  fired: number;
}

export function parseCode(code: number | string | undefined, fallback: grpc.status): number {
  if (code === undefined) return fallback;
  if (typeof code === "number") return code;
  if (/^\d+$/.test(code)) return Number(code);
  const value = (grpc.status as unknown as Record<string, number>)[code.toUpperCase()];
  if (value === undefined) throw new Error(`unknown gRPC status code "${code}"`);
  return value;
}

/** "Jobs.GetJob" matches "GetJob", "Jobs.GetJob", "google.cloud.run.v2.Jobs/GetJob" and "*". */
export function rpcMatches(pattern: string, qualified: string): boolean {
  const p = pattern
    .replace(/^\//, "")
    .replace(/^google\.(cloud\.run\.v2|longrunning)\./, "")
    .replace("/", ".");
  if (p === "*" || p === qualified) return true;
  return !p.includes(".") && qualified.endsWith(`.${p}`);
}

export class Faults {
  private readonly faults: Fault[] = [];
  private readonly accumulators = new Map<string, number>();

  add(spec: FaultSpec): Fault {
    if (!spec.rpc) throw new Error("a fault needs an rpc (a method name or *)");
    const kind: FaultKind = spec.kind ?? (spec.latencyMs !== undefined ? "latency" : "error");
    if (!["error", "latency", "drop", "operation"].includes(kind)) throw new Error(`unknown fault kind "${kind}"`);
    if (spec.fraction !== undefined && !(spec.fraction > 0 && spec.fraction <= 1)) throw new Error("fraction must be in (0, 1]");
    if (spec.times !== undefined && !(Number.isInteger(spec.times) && spec.times > 0)) throw new Error("times must be a positive integer");
    if (spec.latencyMs !== undefined && !(spec.latencyMs >= 0)) throw new Error("latencyMs must be >= 0");
    const unlimited = kind === "latency" || spec.fraction !== undefined;
    const fault: Fault = {
      id: randomUUID(),
      rpc: spec.rpc,
      kind,
      code: parseCode(spec.code, kind === "operation" ? grpc.status.INTERNAL : grpc.status.UNAVAILABLE),
      message: spec.message ?? `injected fault (${kind})`,
      remaining: spec.times ?? (unlimited ? null : 1),
      fraction: spec.fraction ?? null,
      latencyMs: spec.latencyMs ?? 0,
      fired: 0,
    };
    this.faults.push(fault);
    return fault;
  }

  remove(id: string): boolean {
    const i = this.faults.findIndex((f) => f.id === id);
    if (i >= 0) this.faults.splice(i, 1);
    this.accumulators.delete(id);
    return i >= 0;
  }

  clear(): void {
    this.faults.length = 0;
    this.accumulators.clear();
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** The faults of the given kinds that fire for this call (consuming them). */
  fire(qualifiedRpc: string, kinds: FaultKind[]): Fault[] {
    const fired: Fault[] = [];
    for (const f of [...this.faults]) {
      if (!kinds.includes(f.kind) || !rpcMatches(f.rpc, qualifiedRpc) || f.remaining === 0) continue;
      if (f.fraction !== null) {
        const acc = (this.accumulators.get(f.id) ?? 0) + f.fraction;
        if (acc < 1 - 1e-9) {
          this.accumulators.set(f.id, acc);
          continue;
        }
        this.accumulators.set(f.id, acc - 1);
      }
      f.fired++;
      if (f.remaining !== null) f.remaining--;
      if (f.remaining === 0) this.remove(f.id);
      fired.push({ ...f });
    }
    return fired;
  }
}
