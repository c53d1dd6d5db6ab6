// Builds an Execution and its Tasks from a job, the way Cloud Run snapshots the template
// at execution time. docs/cloud-run-facts.md §3.1 (names), §3.8 (fields to maintain).
// The time comes in as an argument: storing what is built is state/executions.ts's part.
import { randomUUID } from "node:crypto";
import { condition } from "./conditions";
import { computeEtag } from "./etag";
import { parseJobName, taskId } from "./names";
import { timestamp } from "./time";
import type { Execution, ExecutionTemplate, Job, Task } from "./types";

export const EMULATOR_PRINCIPAL = "emulator@cloudrun.local";

/** The Cloud Logging link Cloud Run puts in logUri (always present, §3.8 [V-obs]). */
export function logUri(project: string, job: string, execution: string): string {
  const filter = `resource.type="cloud_run_job"\nresource.labels.job_name="${job}"\nlabels."run.googleapis.com/execution_name"="${execution}"`;
  return `https://console.cloud.google.com/logs/viewer?project=${project}&advancedFilter=${encodeURIComponent(filter)}`;
}

/** A new execution of `job` with its tasks, all pending, created at `now` by `creator` (§3.8). */
export function newExecution(
  job: Job,
  executionId: string,
  template: ExecutionTemplate,
  now: Date,
  creator: string = EMULATOR_PRINCIPAL,
): { execution: Execution; tasks: Task[] } {
  const parsed = parseJobName(job.name!)!;
  const name = `${job.name}/executions/${executionId}`;
  const taskCount = template.taskCount || 1;
  // parallelism 0 = "the maximum possible value" (§2.2): all tasks at once.
  const parallelism = template.parallelism ? Math.min(template.parallelism, taskCount) : taskCount;
  const uri = logUri(parsed.project, parsed.job, executionId);
  const execution: Execution = {
    name,
    uid: randomUUID(),
    creator,
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
  const tasks: Task[] = [];
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
    tasks.push(task);
  }
  return { execution, tasks };
}
