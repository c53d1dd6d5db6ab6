// Builds an Execution and its Tasks from a job, the way Cloud Run snapshots the template
// at execution time. docs/cloud-run-facts.md §3.1 (names), §3.8 (fields to maintain).
import { randomUUID } from "node:crypto";
import { timestamp } from "../state/clock";
import { condition } from "./conditions";
import { parseJobName, taskId } from "./names";
import { computeEtag, type ExecutionRecord, type Store, type TaskRecord } from "../state/store";
import type { Execution, ExecutionTemplate, Job, Task } from "./types";

export const EMULATOR_PRINCIPAL = "emulator@cloudrun.local";

/** The Cloud Logging link Cloud Run puts in logUri (always present, §3.8 [V-obs]). */
export function logUri(project: string, job: string, execution: string): string {
  const filter = `resource.type="cloud_run_job"\nresource.labels.job_name="${job}"\nlabels."run.googleapis.com/execution_name"="${execution}"`;
  return `https://console.cloud.google.com/logs/viewer?project=${project}&advancedFilter=${encodeURIComponent(filter)}`;
}

export function buildExecution(store: Store, job: Job, executionId: string, template: ExecutionTemplate): { record: ExecutionRecord; tasks: TaskRecord[] } {
  const parsed = parseJobName(job.name!)!;
  const now = store.clock.now();
  const name = `${job.name}/executions/${executionId}`;
  const taskCount = template.taskCount || 1;
  // parallelism 0 = "the maximum possible value" (§2.2): all tasks at once.
  const parallelism = template.parallelism ? Math.min(template.parallelism, taskCount) : taskCount;
  const uri = logUri(parsed.project, parsed.job, executionId);
  const execution: Execution = {
    name,
    uid: randomUUID(),
    creator: EMULATOR_PRINCIPAL,
    generation: "1",
    labels: { ...(template.labels ?? {}) },
    annotations: { ...(template.annotations ?? {}) },
    createTime: timestamp(now),
    updateTime: timestamp(now),
    launchStage: job.launchStage ?? "GA",
    job: parsed.job,
    parallelism,
    taskCount,
    template: template.template!,
    reconciling: true,
    conditions: [
      condition("ResourcesAvailable", "CONDITION_PENDING", now),
      condition("Started", "CONDITION_PENDING", now),
      condition("Completed", "CONDITION_PENDING", now, { message: "Waiting for execution to start." }),
    ],
    observedGeneration: "1",
    runningCount: 0,
    succeededCount: 0,
    failedCount: 0,
    cancelledCount: 0,
    retriedCount: 0,
    logUri: uri,
    satisfiesPzs: false,
  };
  execution.etag = computeEtag(execution);
  const tt = template.template!;
  const tasks: TaskRecord[] = [];
  for (let index = 0; index < taskCount; index++) {
    const id = taskId(executionId, index);
    const task: Task = {
      name: `${name}/tasks/${id}`,
      uid: randomUUID(),
      generation: "1",
      labels: { ...execution.labels },
      annotations: { ...execution.annotations },
      createTime: timestamp(now),
      updateTime: timestamp(now),
      job: parsed.job,
      execution: executionId,
      containers: tt.containers ?? [],
      volumes: tt.volumes ?? [],
      maxRetries: tt.maxRetries ?? 3,
      timeout: tt.timeout!,
      serviceAccount: tt.serviceAccount!,
      executionEnvironment: tt.executionEnvironment!,
      reconciling: false,
      conditions: [condition("Started", "CONDITION_PENDING", now), condition("Completed", "CONDITION_PENDING", now)],
      observedGeneration: "1",
      index,
      retried: 0,
      ...(tt.encryptionKey ? { encryptionKey: tt.encryptionKey } : {}),
      ...(tt.vpcAccess ? { vpcAccess: tt.vpcAccess } : {}),
      ...(tt.nodeSelector ? { nodeSelector: tt.nodeSelector } : {}),
      logUri: uri,
      satisfiesPzs: false,
    };
    task.etag = computeEtag(task);
    tasks.push({ task, state: "pending", attempt: 0 });
  }
  return { record: { execution, seq: store.nextSeq(), state: "pending" }, tasks };
}

/** Stores the execution and tasks and records it on the job (§3.8, §5.7). */
export function persistExecution(store: Store, jobName: string, built: { record: ExecutionRecord; tasks: TaskRecord[] }): void {
  store.executions.set(built.record.execution.name!, built.record);
  store.putTasks(built.record.execution.name!, built.tasks);
  const jobRecord = store.jobs.get(jobName);
  if (!jobRecord) return;
  const job = jobRecord.job;
  const e = built.record.execution;
  job.executionCount = (job.executionCount ?? 0) + 1;
  job.latestCreatedExecution = {
    name: e.name!.split("/").pop()!,
    createTime: e.createTime,
    completionStatus: "EXECUTION_PENDING",
  };
  job.etag = computeEtag(job);
}
