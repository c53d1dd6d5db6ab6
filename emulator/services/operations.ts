// google.longrunning.Operations over the operation records (docs/cloud-run-facts.md §3.7, §4.4).
// WaitOperation long-polls: it answers as soon as the operation is done, or at its timeout.
import { invalidArgument, notFoundName } from "../base/errors";
import { parseOperationName } from "../model/names";
import { millis } from "../model/time";
import type { CallContext, Operation } from "../model/types";
import { EXECUTION_TYPE, renderOperation } from "../state/operations";
import type { OperationRecord } from "../state/store";
import type { Core, RpcTable } from "./context";
import { page } from "./paging";

/** WaitOperation without a timeout waits at most this long ([U]: AIP-151 leaves it to the server). */
const DEFAULT_WAIT_MS = 60_000;
/** Answer this much before the caller's deadline, so the answer arrives in time. */
const DEADLINE_MARGIN_MS = 50;

type NameRequest = { name?: string | null };
type ListOperationsRequest = NameRequest & { pageSize?: number | null; pageToken?: string | null };
type WaitOperationRequest = NameRequest & { timeout?: { seconds?: unknown; nanos?: unknown } | null };

export class OperationsService {
  constructor(private readonly core: Core) {}

  private find(name: string): OperationRecord {
    const record = this.core.store.operations.get(name);
    if (!record) throw notFoundName(name);
    return record;
  }

  getOperation(req: NameRequest): Operation {
    return renderOperation(this.core.store, this.find(req.name ?? ""));
  }

  /** `name` is the collection's parent, `projects/{p}/locations/{l}`; the filter is ignored (emulator-only). */
  listOperations(req: ListOperationsRequest): { operations: Operation[]; nextPageToken: string } {
    // Accept the collection itself too (`…/operations`), as some clients send it.
    const parent = (req.name ?? "").replace(/\/operations$/, "");
    if (!/^projects\/[^/]+\/locations\/[^/]+$/.test(parent)) {
      throw invalidArgument([{ field: "name", description: "Must be projects/{project}/locations/{location}." }], "ListOperationsRequest");
    }
    const sorted = [...this.core.store.operations.values()]
      .filter((o) => o.name.startsWith(`${parent}/operations/`))
      .sort((a, b) => b.seq - a.seq);
    const result = page(sorted, req.pageSize, req.pageToken, `operations:${parent}`, "ListOperationsRequest");
    return { operations: result.items.map((o) => renderOperation(this.core.store, o)), nextPageToken: result.nextPageToken };
  }

  deleteOperation(req: NameRequest): Record<string, never> {
    this.find(req.name ?? "");
    this.core.store.operations.delete(req.name!);
    this.core.store.changed();
    return {};
  }

  /** Cancels the execution behind the operation (RunJob, or a token's execution); a done operation is left alone. */
  cancelOperation(req: NameRequest): Record<string, never> {
    const record = this.find(req.name ?? "");
    if (record.done) return {};
    const execution = record.wait?.execution ?? (record.type === EXECUTION_TYPE ? record.resource : undefined);
    if (execution) this.core.runner.cancel(execution);
    return {};
  }

  waitOperation(req: WaitOperationRequest, ctx: CallContext): Promise<Operation> {
    const record = this.find(req.name ?? "");
    const store = this.core.store;
    if (!parseOperationName(record.name) || record.done) return Promise.resolve(renderOperation(store, record));
    let waitMs = req.timeout ? millis(req.timeout) : DEFAULT_WAIT_MS;
    if (ctx.deadline !== undefined) waitMs = Math.min(waitMs, ctx.deadline - Date.now() - DEADLINE_MARGIN_MS);
    return new Promise((resolve) => {
      const finish = () => {
        unsubscribe();
        clearTimeout(timer);
        resolve(renderOperation(store, store.operations.get(record.name) ?? record));
      };
      const unsubscribe = store.onChange(() => {
        if ((store.operations.get(record.name) ?? record).done) finish();
      });
      const timer = setTimeout(finish, Math.max(0, waitMs));
    });
  }
}

/** The RPC table of this service. */
export function operationsRpcs(core: Core): RpcTable {
  const service = new OperationsService(core);
  return {
    GetOperation: (req: NameRequest) => service.getOperation(req),
    ListOperations: (req: ListOperationsRequest) => service.listOperations(req),
    DeleteOperation: (req: NameRequest) => service.deleteOperation(req),
    CancelOperation: (req: NameRequest) => service.cancelOperation(req),
    WaitOperation: (req: WaitOperationRequest, ctx: CallContext) => service.waitOperation(req, ctx),
  };
}
