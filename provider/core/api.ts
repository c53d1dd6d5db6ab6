// The v2 messages as the generated client types them (`google.cloud.run.v2`, the protos shipped
// in @google-cloud/run). Types only: nothing of the client is loaded by importing this.
import type { protos } from "@google-cloud/run";

export type ApiJob = protos.google.cloud.run.v2.IJob;
export type ApiExecution = protos.google.cloud.run.v2.IExecution;
export type ApiCondition = protos.google.cloud.run.v2.ICondition;
export type ApiTimestamp = protos.google.protobuf.ITimestamp;
export type ApiOverrides = protos.google.cloud.run.v2.RunJobRequest.IOverrides;
