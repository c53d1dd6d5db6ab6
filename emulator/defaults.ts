// Server defaults Cloud Run fills in and echoes back on every read.
// ../shared/reference/cloud-run-jobs-api.md §3.3.
import { createHash } from "node:crypto";
import type { Job } from "./store";

/** A stable fake project number, for the default compute service account. */
export function projectNumber(project: string): string {
  if (/^\d+$/.test(project)) return project;
  const digest = createHash("sha256").update(project).digest();
  return String(100_000_000_000 + (digest.readUInt32BE(0) % 900_000_000_000));
}

export function applyJobDefaults(job: Job, project: string): Job {
  const template = { ...(job.template ?? {}) };
  const task = { ...(template.template ?? {}) };
  template.taskCount ??= 1;
  if (task.maxRetries === undefined || task.maxRetries === null) task.maxRetries = 3;
  task.timeout ??= { seconds: "600", nanos: 0 };
  task.serviceAccount ||= `${projectNumber(project)}-compute@developer.gserviceaccount.com`;
  if (!task.executionEnvironment || task.executionEnvironment === "EXECUTION_ENVIRONMENT_UNSPECIFIED") {
    task.executionEnvironment = "EXECUTION_ENVIRONMENT_GEN2";
  }
  task.containers = (task.containers ?? []).map((c) => ({
    ...c,
    resources: {
      ...(c.resources ?? {}),
      limits: { cpu: "1000m", memory: "512Mi", ...(c.resources?.limits ?? {}) },
    },
  }));
  template.template = task;
  return {
    ...job,
    launchStage: !job.launchStage || job.launchStage === "LAUNCH_STAGE_UNSPECIFIED" ? "GA" : job.launchStage,
    template,
  };
}
