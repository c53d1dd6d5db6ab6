// The emulator's state: jobs, executions, tasks, operations and IAM policies, behind an
// injected clock. Plain JSON-able records, so the state file is a dump of this object.
// Nothing here knows about gRPC.
import type { Execution, Job, RpcStatus, Task } from "../model/types";
import { type Clock, ScaledClock } from "./clock";
import { DEFAULT_LOG_LIMIT, LogStore, type LogsData } from "./logs";

export type ExecutionState = "pending" | "running" | "succeeded" | "failed" | "cancelled";
export type TaskState = "pending" | "running" | "succeeded" | "failed" | "cancelled";

export interface JobRecord {
  job: Job;
  /** Insertion order, the tie-breaker for "newest first". */
  seq: number;
  /** The token execution this generation waits for before it is Ready (§3.7). */
  awaiting?: OperationWait;
  /**
   * System annotations of the execution template that a v1 write set and the v2 Job has no
   * field for (`run.googleapis.com/client-name`, `client-version`): the v1 face echoes them.
   * Every save makes a new record, so a v2 update drops them.
   */
  v1TemplateAnnotations?: Record<string, string>;
}

export interface ExecutionRecord {
  execution: Execution;
  seq: number;
  state: ExecutionState;
  /** Emulator-only: an injected operation fault makes every attempt fail (state/faults.ts). */
  forcedFailure?: RpcStatus;
}

export interface TaskRecord {
  task: Task;
  state: TaskState;
  /** 0-based attempt number of the current or last attempt. */
  attempt: number;
}

/** What completes a pending operation (docs/cloud-run-facts.md §3.7). */
export interface OperationWait {
  execution: string;
  until: "started" | "finished";
}

export interface OperationRecord {
  name: string;
  /** `google.cloud.run.v2.Job` or `google.cloud.run.v2.Execution`: metadata and response type. */
  type: string;
  /** The resource whose current state is the metadata while the operation runs. */
  resource: string;
  /** Its state when the operation was created, or when it finished. */
  snapshot: object;
  done: boolean;
  error?: RpcStatus;
  wait?: OperationWait;
  seq: number;
}

export interface PolicyRecord {
  version: number;
  bindings: Array<{ role: string; members: string[] }>;
  etag: string;
}

export interface StoreData {
  jobs: Record<string, JobRecord>;
  deletedJobs: JobRecord[];
  executions: Record<string, ExecutionRecord>;
  tasks: Record<string, TaskRecord>;
  operations: Record<string, OperationRecord>;
  policies: Record<string, PolicyRecord>;
  seq: number;
  /** The tasks' log entries (state/logs.ts); absent in files written before there were logs. */
  logs?: LogsData;
}

export class Store {
  readonly jobs = new Map<string, JobRecord>();
  /** Soft-deleted jobs, listed with show_deleted until expire_time (§3.4). */
  deletedJobs: JobRecord[] = [];
  readonly executions = new Map<string, ExecutionRecord>();
  readonly tasks = new Map<string, TaskRecord>();
  /** Tasks per execution, in index order: runners read them on every task event. */
  private readonly tasksByExecution = new Map<string, TaskRecord[]>();
  readonly operations = new Map<string, OperationRecord>();
  readonly policies = new Map<string, PolicyRecord>();
  private seq = 0;
  private readonly listeners = new Set<() => void>();
  /** What the tasks wrote, as Cloud Logging keeps it (bounded per project). */
  readonly logs: LogStore;

  constructor(
    readonly clock: Clock = new ScaledClock(),
    logLimit = DEFAULT_LOG_LIMIT,
  ) {
    this.logs = new LogStore(logLimit);
  }

  nextSeq(): number {
    return ++this.seq;
  }

  /** Every mutation ends here, so persistence and long polls can react. */
  changed(): void {
    for (const listener of this.listeners) listener();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  reset(): void {
    this.jobs.clear();
    this.deletedJobs = [];
    this.executions.clear();
    this.tasks.clear();
    this.tasksByExecution.clear();
    this.operations.clear();
    this.policies.clear();
    this.logs.reset();
    this.changed();
  }

  /** Stores an execution's tasks (given in index order). */
  putTasks(executionName: string, tasks: TaskRecord[]): void {
    for (const t of tasks) this.tasks.set(t.task.name!, t);
    this.tasksByExecution.set(executionName, tasks);
  }

  deleteTasksOf(executionName: string): void {
    for (const t of this.tasksOf(executionName)) this.tasks.delete(t.task.name!);
    this.tasksByExecution.delete(executionName);
  }

  tasksOf(executionName: string): TaskRecord[] {
    return this.tasksByExecution.get(executionName) ?? [];
  }

  executionsOf(jobName: string): ExecutionRecord[] {
    const prefix = `${jobName}/executions/`;
    return [...this.executions.values()].filter((e) => e.execution.name!.startsWith(prefix));
  }

  toJSON(): StoreData {
    return {
      jobs: Object.fromEntries(this.jobs),
      deletedJobs: this.deletedJobs,
      executions: Object.fromEntries(this.executions),
      tasks: Object.fromEntries(this.tasks),
      operations: Object.fromEntries(this.operations),
      policies: Object.fromEntries(this.policies),
      seq: this.seq,
      logs: this.logs.toJSON(),
    };
  }

  load(data: StoreData): void {
    this.reset();
    for (const [k, v] of Object.entries(data.jobs ?? {})) this.jobs.set(k, v);
    this.deletedJobs = data.deletedJobs ?? [];
    for (const [k, v] of Object.entries(data.executions ?? {})) this.executions.set(k, v);
    const byExecution = new Map<string, TaskRecord[]>();
    for (const t of Object.values(data.tasks ?? {})) {
      const execution = t.task.name!.slice(0, t.task.name!.indexOf("/tasks/"));
      byExecution.set(execution, [...(byExecution.get(execution) ?? []), t]);
    }
    for (const [execution, tasks] of byExecution)
      this.putTasks(
        execution,
        tasks.sort((a, b) => (a.task.index ?? 0) - (b.task.index ?? 0)),
      );
    for (const [k, v] of Object.entries(data.operations ?? {})) this.operations.set(k, v);
    for (const [k, v] of Object.entries(data.policies ?? {})) this.policies.set(k, v);
    this.seq = data.seq ?? 0;
    this.logs.load(data.logs);
  }
}
