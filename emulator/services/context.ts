// What every service handler shares: the store, the runner, the fault registry.
import { permissionDenied, unsupportedLocation } from "../base/errors";
import type { LocationName } from "../model/names";
import type { CallContext, RpcStatus } from "../model/types";
import type { Faults } from "../state/faults";
import type { DeniedPermissions } from "../state/permissions";
import type { ProjectNumbers } from "../state/projects";
import type { Runner } from "../state/runner";
import type { Store } from "../state/store";

export interface Core {
  store: Store;
  runner: Runner;
  faults: Faults;
  locations: ReadonlySet<string>;
  /** Project ids and numbers (state/projects.ts). */
  projects: ProjectNumbers;
  /** The permissions the emulator's IAM refuses (state/permissions.ts). */
  denied: DeniedPermissions;
}

/** Unknown regions are refused as Cloud Run refuses a missing one (§3.2 [V-obs], §3.6). */
export function checkLocation(core: Core, l: LocationName): void {
  if (!core.locations.has(l.location)) throw unsupportedLocation();
}

/** An injected `operation` fault for this RPC, if one fires now (state/faults.ts). */
export function operationFault(core: Core, qualifiedRpc: string): RpcStatus | undefined {
  const [fault] = core.faults.fire(qualifiedRpc, ["operation"]);
  return fault ? { code: fault.code, message: fault.message } : undefined;
}

/** PERMISSION_DENIED when the emulator refuses one of `permissions` (state/permissions.ts). */
export function requirePermissions(core: Core, resource: string, permissions: readonly string[]): void {
  const refused = permissions.find((p) => core.denied.has(p));
  if (refused) throw permissionDenied(refused, resource);
}

/** One RPC's handler: the decoded request in, the response (or a promise of it) out; ApiError for a status. */
export type RpcHandler = (request: never, ctx: CallContext) => unknown;

/**
 * A service's RPC table, keyed by the proto method name (`CreateJob`). The server binds exactly
 * these; a proto method missing from the table answers UNIMPLEMENTED.
 */
export type RpcTable = Readonly<Record<string, RpcHandler>>;
