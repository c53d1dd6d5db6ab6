// The fault matrix both fault suites walk: test/e2e/faults.test.ts on the real `pulumi` engine,
// test/provider/engine/fault-matrix.ts in-process through the gateway seam. One definition, so a
// fault kind or an operation added here reaches both, and both inject exactly the same faults.
import type { FaultSpec } from "../../emulator/faults";

export type Operation = "create" | "update" | "run" | "delete";
export const OPERATIONS: Operation[] = ["create", "update", "run", "delete"];

/** What the emulator can inject. (A killed `pulumi` needs the real engine: the e2e suite adds it.) */
export type FaultKind = "UNAVAILABLE" | "DEADLINE_EXCEEDED" | "RESOURCE_EXHAUSTED" | "INTERNAL" | "latency" | "drop" | "operation";
export const FAULT_KINDS: FaultKind[] = [
  "UNAVAILABLE",
  "DEADLINE_EXCEEDED",
  "RESOURCE_EXHAUSTED",
  "INTERNAL",
  "latency",
  "drop",
  "operation",
];

/** The RPC each operation's fault targets: the mutation itself, or the wait of a run. */
const TARGET: Record<Operation, string> = {
  create: "CreateJob",
  update: "UpdateJob",
  run: "WaitOperation",
  delete: "DeleteJob",
};

/** The fault injected for `kind` during `op`. */
export function faultFor(kind: FaultKind, op: Operation): FaultSpec {
  // An `operation` fault fails the long-running operation an RPC starts (emulator/state/faults.ts),
  // and WaitOperation starts none: during a run it targets UpdateJob instead.
  const rpc = kind === "operation" && op === "run" ? "UpdateJob" : TARGET[op];
  switch (kind) {
    case "latency":
      return { rpc, kind: "latency", latencyMs: 1500, times: 2 };
    case "drop":
      return { rpc, kind: "drop", times: 1 };
    case "operation":
      return { rpc, kind: "operation", code: "INTERNAL", message: "injected: the operation failed", times: 1 };
    default:
      return { rpc, kind: "error", code: kind, times: 2 };
  }
}
