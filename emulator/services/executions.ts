// google.cloud.run.v2.Executions. docs/cloud-run-facts.md §2.1, §3.7, §3.8.
import { aborted, failedPrecondition, invalidArgument, notFound } from "../base/errors";
import { computeEtag } from "../model/etag";
import { parseExecutionName, type ExecutionName } from "../model/names";
import { timestamp } from "../model/time";
import type {
  CancelExecutionRequest,
  DeleteExecutionRequest,
  Execution,
  GetExecutionRequest,
  ListExecutionsRequest,
  Operation,
} from "../model/types";
import { EXECUTION_TYPE, createOperation, renderOperation } from "../state/operations";
import type { ExecutionRecord } from "../state/store";
import { checkLocation, operationFault, type Core, type RpcTable } from "./context";
import { page } from "./paging";

const JOB_PARENT = /^projects\/([^/]+)\/locations\/([^/]+)\/jobs\/([^/]+)$/;

export class ExecutionsService {
  constructor(private readonly core: Core) {}

  private get store() {
    return this.core.store;
  }

  private find(name: string, request: string): { record: ExecutionRecord; parsed: ExecutionName } {
    const parsed = parseExecutionName(name);
    if (!parsed)
      throw invalidArgument(
        [{ field: "name", description: "Must be projects/{project}/locations/{location}/jobs/{job}/executions/{execution}." }],
        request,
      );
    checkLocation(this.core, parsed);
    const record = this.store.executions.get(name);
    if (!record) throw notFound(parsed.execution, "EXECUTION", parsed.location, parsed.project);
    return { record, parsed };
  }

  getExecution(req: GetExecutionRequest): Execution {
    return this.find(req.name ?? "", "GetExecutionRequest").record.execution;
  }

  /** Newest first, like ListJobs; job `-` lists the executions of every job (§2.1). */
  listExecutions(req: ListExecutionsRequest): { executions: Execution[]; nextPageToken: string } {
    const m = JOB_PARENT.exec(req.parent ?? "");
    if (!m)
      throw invalidArgument(
        [{ field: "parent", description: "Must be projects/{project}/locations/{location}/jobs/{job}." }],
        "ListExecutionsRequest",
      );
    const [, project, location, job] = m as unknown as [string, string, string, string];
    checkLocation(this.core, { project, location });
    if (job !== "-" && !this.store.jobs.has(req.parent!)) throw notFound(job, "JOB", location, project);
    const prefix = job === "-" ? `projects/${project}/locations/${location}/jobs/` : `${req.parent}/executions/`;
    const sorted = [...this.store.executions.values()].filter((r) => r.execution.name!.startsWith(prefix)).sort((a, b) => b.seq - a.seq);
    const result = page(sorted, req.pageSize, req.pageToken, `executions:${req.parent}`, "ListExecutionsRequest");
    return { executions: result.items.map((r) => r.execution), nextPageToken: result.nextPageToken };
  }

  /** Deleting a running execution is refused ([U] §3.6; FAILED_PRECONDITION is the AIP convention). */
  deleteExecution(req: DeleteExecutionRequest): Operation {
    const { record, parsed } = this.find(req.name ?? "", "DeleteExecutionRequest");
    const e = record.execution;
    if (req.etag && req.etag !== e.etag) throw aborted(`The etag provided does not match the current etag of ${e.name}.`);
    if (record.state === "pending" || record.state === "running") {
      throw failedPrecondition(`Execution ${parsed.execution} is still running; cancel it before deleting it.`);
    }
    const deleted: Execution = { ...structuredClone(e), deleteTime: timestamp(this.store.clock.now()) };
    deleted.etag = computeEtag(deleted);
    if (req.validateOnly)
      return renderOperation(
        this.store,
        createOperation(this.store, parsed, { type: EXECUTION_TYPE, resource: e.name!, snapshot: deleted, ephemeral: true }),
      );
    const failure = operationFault(this.core, "Executions.DeleteExecution");
    if (failure)
      return renderOperation(
        this.store,
        createOperation(this.store, parsed, { type: EXECUTION_TYPE, resource: e.name!, snapshot: e, error: failure }),
      );
    this.store.deleteTasksOf(e.name!);
    this.store.executions.delete(e.name!);
    const jobRecord = this.store.jobs.get(e.name!.slice(0, e.name!.indexOf("/executions/")));
    const ref = jobRecord?.job.latestCreatedExecution;
    if (jobRecord && ref?.name === parsed.execution) {
      jobRecord.job.latestCreatedExecution = { ...ref, deleteTime: deleted.deleteTime };
      jobRecord.job.etag = computeEtag(jobRecord.job);
    }
    const op = createOperation(this.store, parsed, { type: EXECUTION_TYPE, resource: e.name!, snapshot: deleted });
    this.store.changed();
    return renderOperation(this.store, op);
  }

  /** Cancelling a finished execution is refused ([U]; FAILED_PRECONDITION). Done once stopped. */
  cancelExecution(req: CancelExecutionRequest): Operation {
    const { record, parsed } = this.find(req.name ?? "", "CancelExecutionRequest");
    const e = record.execution;
    if (req.etag && req.etag !== e.etag) throw aborted(`The etag provided does not match the current etag of ${e.name}.`);
    if (record.state !== "pending" && record.state !== "running") {
      throw failedPrecondition(`Execution ${parsed.execution} has already finished.`);
    }
    if (req.validateOnly)
      return renderOperation(
        this.store,
        createOperation(this.store, parsed, { type: EXECUTION_TYPE, resource: e.name!, snapshot: e, ephemeral: true }),
      );
    const failure = operationFault(this.core, "Executions.CancelExecution");
    if (failure)
      return renderOperation(
        this.store,
        createOperation(this.store, parsed, { type: EXECUTION_TYPE, resource: e.name!, snapshot: e, error: failure }),
      );
    this.core.runner.cancel(e.name!);
    const op = createOperation(this.store, parsed, {
      type: EXECUTION_TYPE,
      resource: e.name!,
      snapshot: structuredClone(record.execution),
    });
    this.store.changed();
    return renderOperation(this.store, op);
  }
}

/** The RPC table of this service. */
export function executionsRpcs(core: Core): RpcTable {
  const service = new ExecutionsService(core);
  return {
    GetExecution: (req: GetExecutionRequest) => service.getExecution(req),
    ListExecutions: (req: ListExecutionsRequest) => service.listExecutions(req),
    DeleteExecution: (req: DeleteExecutionRequest) => service.deleteExecution(req),
    CancelExecution: (req: CancelExecutionRequest) => service.cancelExecution(req),
  };
}
