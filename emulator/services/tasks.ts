// google.cloud.run.v2.Tasks. docs/cloud-run-facts.md §2.1, §3.8.
import { invalidArgument, notFound } from "../base/errors";
import { parseExecutionName, parseTaskName } from "../model/names";
import type { GetTaskRequest, ListTasksRequest, Task } from "../model/types";
import { checkLocation, type Core, type RpcTable } from "./context";
import { page } from "./paging";

export class TasksService {
  constructor(private readonly core: Core) {}

  getTask(req: GetTaskRequest): Task {
    const parsed = parseTaskName(req.name ?? "");
    if (!parsed)
      throw invalidArgument(
        [{ field: "name", description: "Must be projects/{project}/locations/{location}/jobs/{job}/executions/{execution}/tasks/{task}." }],
        "GetTaskRequest",
      );
    checkLocation(this.core, parsed);
    const record = this.core.store.tasks.get(req.name!);
    if (!record) throw notFound(parsed.task, "TASK", parsed.location, parsed.project);
    return record.task;
  }

  /** In index order. */
  listTasks(req: ListTasksRequest): { tasks: Task[]; nextPageToken: string } {
    const parsed = parseExecutionName(req.parent ?? "");
    if (!parsed)
      throw invalidArgument(
        [{ field: "parent", description: "Must be projects/{project}/locations/{location}/jobs/{job}/executions/{execution}." }],
        "ListTasksRequest",
      );
    checkLocation(this.core, parsed);
    if (!this.core.store.executions.has(req.parent!)) throw notFound(parsed.execution, "EXECUTION", parsed.location, parsed.project);
    const tasks = this.core.store.tasksOf(req.parent!);
    const result = page(tasks, req.pageSize, req.pageToken, `tasks:${req.parent}`, "ListTasksRequest");
    return { tasks: result.items.map((t) => t.task), nextPageToken: result.nextPageToken };
  }
}

/** The RPC table of this service. */
export function tasksRpcs(core: Core): RpcTable {
  const service = new TasksService(core);
  return {
    GetTask: (req: GetTaskRequest) => service.getTask(req),
    ListTasks: (req: ListTasksRequest) => service.listTasks(req),
  };
}
