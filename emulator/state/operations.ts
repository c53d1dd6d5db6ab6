// Long-running operations as records: which resource they report on, whether they are done,
// and what completes them. Rendered into google.longrunning.Operation on every read, so the
// metadata of a running operation is the resource's current state (gax emits `progress`).
// docs/cloud-run-facts.md §3.7.
import { packAny } from "../base/protos";
import { operationName, type LocationName } from "../model/names";
import type { Operation, RpcStatus } from "../model/types";
import type { OperationRecord, OperationWait, Store } from "./store";

export const JOB_TYPE = "google.cloud.run.v2.Job";
export const EXECUTION_TYPE = "google.cloud.run.v2.Execution";

export interface NewOperation {
  type: typeof JOB_TYPE | typeof EXECUTION_TYPE;
  resource: string;
  snapshot: object;
  /** Undefined: done now. */
  wait?: OperationWait;
  error?: RpcStatus;
  /** validate_only: returned but never stored ([U] §3.5; our choice: a done operation, not persisted). */
  ephemeral?: boolean;
}

export function createOperation(store: Store, location: LocationName, spec: NewOperation): OperationRecord {
  const record: OperationRecord = {
    name: operationName(location),
    type: spec.type,
    resource: spec.resource,
    snapshot: spec.snapshot,
    done: !spec.wait,
    ...(spec.error ? { error: spec.error } : {}),
    ...(spec.wait ? { wait: spec.wait } : {}),
    seq: store.nextSeq(),
  };
  if (!spec.ephemeral) store.operations.set(record.name, record);
  return record;
}

/** Marks an operation done with the resource's final state, or with an error. */
export function completeOperation(record: OperationRecord, snapshot: object, error?: RpcStatus): void {
  if (record.done) return;
  record.done = true;
  record.snapshot = snapshot;
  delete record.wait;
  if (error) record.error = error;
}

function currentResource(store: Store, record: OperationRecord): object {
  if (record.done) return record.snapshot;
  const live = record.type === JOB_TYPE ? store.jobs.get(record.resource)?.job : store.executions.get(record.resource)?.execution;
  return live ?? record.snapshot;
}

export function renderOperation(store: Store, record: OperationRecord): Operation {
  const metadata = packAny(record.type, currentResource(store, record));
  const op: Operation = { name: record.name, metadata, done: record.done };
  if (record.done && record.error) op.error = { code: record.error.code, message: record.error.message, details: [] };
  else if (record.done) op.response = packAny(record.type, record.snapshot);
  return op;
}
