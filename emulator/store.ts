// The emulator's state: jobs and operations, behind an injected clock so tests and
// persistence can control time. Nothing here knows about gRPC.
import type { protos } from "@google-cloud/run";

export type Job = protos.google.cloud.run.v2.IJob;
export type Operation = protos.google.longrunning.IOperation;

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export class Store {
  readonly jobs = new Map<string, Job>();
  readonly operations = new Map<string, Operation>();

  constructor(readonly clock: Clock = systemClock) {}

  reset(): void {
    this.jobs.clear();
    this.operations.clear();
  }
}

export function timestamp(date: Date): { seconds: string; nanos: number } {
  const ms = date.getTime();
  return { seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1_000_000 };
}
