// Message shapes the emulator keeps and returns. They are the client's generated interfaces;
// values follow the proto-loader decoding in base/protos.ts (int64 as strings, enums as names).
import type { protos } from "@google-cloud/run";

type v2 = typeof protos.google.cloud.run.v2;
export type Job = protos.google.cloud.run.v2.IJob;
export type Execution = protos.google.cloud.run.v2.IExecution;
export type Task = protos.google.cloud.run.v2.ITask;
export type ExecutionTemplate = protos.google.cloud.run.v2.IExecutionTemplate;
export type TaskTemplate = protos.google.cloud.run.v2.ITaskTemplate;
export type Container = protos.google.cloud.run.v2.IContainer;
export type EnvVar = protos.google.cloud.run.v2.IEnvVar;
export type Condition = protos.google.cloud.run.v2.ICondition;
export type Operation = protos.google.longrunning.IOperation;
export type Policy = protos.google.iam.v1.IPolicy;

export type CreateJobRequest = InstanceType<v2["CreateJobRequest"]>;
export type GetJobRequest = InstanceType<v2["GetJobRequest"]>;
export type UpdateJobRequest = InstanceType<v2["UpdateJobRequest"]>;
export type DeleteJobRequest = InstanceType<v2["DeleteJobRequest"]>;
export type ListJobsRequest = InstanceType<v2["ListJobsRequest"]>;
export type RunJobRequest = InstanceType<v2["RunJobRequest"]>;
export type Overrides = protos.google.cloud.run.v2.RunJobRequest.IOverrides;
export type GetExecutionRequest = InstanceType<v2["GetExecutionRequest"]>;
export type ListExecutionsRequest = InstanceType<v2["ListExecutionsRequest"]>;
export type DeleteExecutionRequest = InstanceType<v2["DeleteExecutionRequest"]>;
export type CancelExecutionRequest = InstanceType<v2["CancelExecutionRequest"]>;
export type GetTaskRequest = InstanceType<v2["GetTaskRequest"]>;
export type ListTasksRequest = InstanceType<v2["ListTasksRequest"]>;

/** A google.rpc.Status without details. */
export interface RpcStatus {
  code: number;
  message: string;
}

/** Per-call facts a handler may need (deadline for long polls; who calls). */
export interface CallContext {
  deadline?: number;
  /** The request's `Authorization` header (gRPC metadata `authorization`), as the face received it. */
  authorization?: string;
  /** The caller's identity, as dispatch read it from `authorization` (state/identities.ts). */
  caller?: string;
}
