// Kept because test/e2e/faults.test.ts imports the FaultSpec type from this path; the public
// entry (index.ts) exports the same. The fault registry itself is state/faults.ts.
export type { Fault, FaultKind, FaultSpec } from "./state/faults";
