// What every service handler shares: the store, the runner, the fault registry.
import { unsupportedLocation } from "./errors";
import type { Faults } from "./faults";
import type { LocationName } from "./names";
import type { Runner } from "./runner";
import type { Store } from "./store";
import type { RpcStatus } from "./types";

export interface Core {
  store: Store;
  runner: Runner;
  faults: Faults;
  locations: ReadonlySet<string>;
}

/** Unknown regions are refused as Cloud Run refuses a missing one (§3.2 [V-obs], §3.6). */
export function checkLocation(core: Core, l: LocationName): void {
  if (!core.locations.has(l.location)) throw unsupportedLocation();
}

/** An injected `operation` fault for this RPC, if one fires now (faults.ts). */
export function operationFault(core: Core, qualifiedRpc: string): RpcStatus | undefined {
  const [fault] = core.faults.fire(qualifiedRpc, ["operation"]);
  return fault ? { code: fault.code, message: fault.message } : undefined;
}
