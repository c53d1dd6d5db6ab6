// google.longrunning.Operations over the store.
import { notFound } from "./errors";
import type { Operation, Store } from "./store";

export class OperationsService {
  constructor(private readonly store: Store) {}

  getOperation(req: { name?: string | null }): Operation {
    const op = this.store.operations.get(req.name ?? "");
    if (!op) throw notFound(req.name ?? "");
    return op;
  }
}
