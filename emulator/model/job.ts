// The stored Job: defaults applied (§3.3) and output-only fields maintained (§3.4). Fields a
// client sends in output-only positions are ignored, as Cloud Run ignores them.
import { randomUUID } from "node:crypto";
import { failedReady, ready, reconcilingReady } from "./conditions";
import { applyJobDefaults } from "./defaults";
import { computeEtag } from "./etag";
import { EMULATOR_PRINCIPAL } from "./execution";
import type { JobName } from "./names";
import { timestamp } from "./time";
import type { Job, RpcStatus } from "./types";

/** The token that asks for an execution, if any (`oneof create_execution`, §2.2). */
export interface ExecutionToken {
  kind: "start" | "run";
  value: string;
}

export function tokenOf(job: Job): ExecutionToken | undefined {
  // An empty token has presence on the wire but names no execution; treated as absent ([U], our choice).
  if (job.startExecutionToken) return { kind: "start", value: job.startExecutionToken };
  if (job.runExecutionToken) return { kind: "run", value: job.runExecutionToken };
  return undefined;
}

/** Only the desired state a caller may set; everything output-only is recomputed. */
function desiredState(input: Job): Job {
  const out: Job = {
    labels: input.labels ?? {},
    annotations: input.annotations ?? {},
    template: input.template!,
  };
  if (input.client) out.client = input.client;
  if (input.clientVersion) out.clientVersion = input.clientVersion;
  if (input.launchStage) out.launchStage = input.launchStage;
  if (input.binaryAuthorization) out.binaryAuthorization = input.binaryAuthorization;
  const token = tokenOf(input);
  if (token?.kind === "start") out.startExecutionToken = token.value;
  if (token?.kind === "run") out.runExecutionToken = token.value;
  return out;
}

export interface JobState {
  /** The execution this generation waits for, if it carries a new token. */
  awaitsExecution: boolean;
  /** An injected operation fault: the job is stored not Ready. */
  failure?: RpcStatus;
  /** The project's number, for the default service account (state/projects.ts). */
  projectNumber?: string;
  /** Who makes the change: the creator of a new job, the last modifier of any (EMULATOR_PRINCIPAL when unsaid). */
  caller?: string;
}

/** A new or replaced job. `previous` is the stored job on UpdateJob. */
export function materializeJob(input: Job, name: JobName, fullName: string, now: Date, state: JobState, previous?: Job): Job {
  const generation = previous ? String(Number(previous.generation ?? 0) + 1) : "1";
  const reconciling = state.awaitsExecution && !state.failure;
  const job: Job = {
    ...applyJobDefaults(desiredState(input), state.projectNumber ?? name.project),
    name: fullName,
    uid: previous?.uid ?? randomUUID(),
    generation,
    createTime: previous?.createTime ?? timestamp(now),
    updateTime: timestamp(now),
    creator: previous?.creator ?? state.caller ?? EMULATOR_PRINCIPAL,
    lastModifier: state.caller ?? EMULATOR_PRINCIPAL,
    // While reconciling, observed_generation lags (job.proto `reconciling`, §3.4).
    observedGeneration: reconciling ? (previous?.observedGeneration ?? "0") : generation,
    reconciling,
    terminalCondition: state.failure
      ? failedReady(now, state.failure.message)
      : reconciling
        ? reconcilingReady(now, "Waiting for the execution requested by the execution token.")
        : ready(now),
    // What Cloud Run lists in `conditions` for a healthy job is [U] (§3.4); none is the safe answer.
    conditions: [],
    executionCount: previous?.executionCount ?? 0,
    ...(previous?.latestCreatedExecution ? { latestCreatedExecution: previous.latestCreatedExecution } : {}),
    satisfiesPzs: false,
  };
  job.etag = computeEtag(job);
  return job;
}
