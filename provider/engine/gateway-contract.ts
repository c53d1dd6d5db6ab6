// What the engine needs of Cloud Run, declared where it is used: the engine's modules call it
// through ReconcileContext (context.ts), cloud/gateway.ts implements it, and the faces inject that
// implementation (provider.ts). Types only, from core/ alone, so that cloud/ can implement the
// contract without reaching anything else of engine/ (test/provider/boundaries.test.ts).
import type { ApiExecution, ApiJob, ApiOverrides } from "../core/api";
import type { ExecutionToken } from "../core/executions";
import type { FailedRunLogs, LogsUnavailable, TaskLogLine } from "../core/log-lines";

/** An operation started by CreateJob or UpdateJob. */
export interface JobOperation {
  name: string;
  /** Resolves with the job once the operation is done; rejects with a CloudRunError when it failed. */
  result(): Promise<ApiJob>;
  done: boolean;
}

/** What a bounded wait for an execution saw. */
export interface ExecutionWait {
  /** True once the execution started (start token) or finished (run token) within the limit. */
  done: boolean;
  /** Why the operation that carried the token failed, when it did. */
  operationError?: string;
}

export interface ExecutionWaitRequest {
  /** The job's resource name. */
  job: string;
  /** The execution's resource name (`{job}/executions/{job}-{token}`). */
  execution: string;
  token: ExecutionToken;
  /** Epoch ms after which the wait gives up. */
  deadline: number;
  /** The CreateJob/UpdateJob operation that carried the token, when this process sent it. */
  operation?: JobOperation;
  /**
   * Whether, without `operation`, a running CreateJob/UpdateJob operation of the job is looked up
   * to wait on (default true: a token's run); false reads the execution alone (a RunJob's run).
   */
  searchOperations?: boolean;
  /** Called between waits with the execution as it now stands (progress lines, streamed logs); awaited. */
  onProgress?: (execution: ApiExecution) => void | Promise<void>;
}

/**
 * The seam between orchestration and the network: what the engine needs of Cloud Run.
 * cloud/gateway.ts `Gateway` is the implementation; tests pass one against an in-process emulator.
 */
export interface JobGateway {
  startCreateJob(project: string, region: string, jobId: string, job: ApiJob): Promise<JobOperation>;
  startUpdateJob(job: ApiJob): Promise<JobOperation>;
  getJob(name: string): Promise<ApiJob | undefined>;
  getExecution(name: string): Promise<ApiExecution | undefined>;
  waitExecution(request: ExecutionWaitRequest): Promise<ExecutionWait>;
  deleteJob(name: string): Promise<void>;
  /** The number of a project, by its id (Cloud Resource Manager); optional for test doubles. */
  projectNumber?(projectId: string): Promise<string>;
  /**
   * The last `limit` log lines of each failed task of a finished execution (cloud/logs.ts),
   * or why they cannot be read; never rejects. Called only after a failure; optional for test doubles.
   */
  failedRunLogs?(execution: string, limit: number): Promise<FailedRunLogs>;
  /**
   * The lines an execution's tasks wrote from `after` on, oldest first (`streamLogs`), or why
   * they cannot be read; never rejects. Optional for test doubles.
   */
  runLogLines?(
    execution: string,
    after: string | undefined,
    limit: number,
  ): Promise<{ lines: TaskLogLine[]; unavailable?: LogsUnavailable }>;
  /** Which of `permissions` the caller holds on the job (testIamPermissions). Optional for test doubles. */
  testIamPermissions?(job: string, permissions: string[]): Promise<string[]>;
  /** RunJob with overrides, sent once (never retried): the execution it made and the operation that ends with it. */
  runJob?(job: string, overrides: ApiOverrides | undefined): Promise<{ execution: ApiExecution; operation: string }>;
  /** The job's most recent executions, newest first, one page of at most `pageSize`. */
  recentExecutions?(job: string, pageSize: number): Promise<ApiExecution[]>;
  /** Cancels a running execution and waits for it; one that finished or is gone is left as it is. */
  cancelExecution?(name: string): Promise<void>;
  /**
   * Against an emulator, whether anything listens there: undefined when a connection opens, what
   * a refused call would say of `job` otherwise (reachable.ts). Against Cloud Run, undefined
   * without opening anything. Optional for test doubles.
   */
  unreachable?(job: string): Promise<string | undefined>;
}
