// The `status` output in the v1 shapes users know: JobStatus, GoogleCloudRunV1Condition and
// ExecutionReference of the Cloud Run Admin API v1 discovery document
// (https://run.googleapis.com/$discovery/rest?version=v1). Plain types: the package's public
// declarations import them.

export interface V1Condition {
  type: string;
  status: "True" | "False" | "Unknown";
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  severity?: string;
}

export interface V1ExecutionReference {
  name: string;
  creationTimestamp?: string;
  completionTimestamp?: string;
  deletionTimestamp?: string;
  completionStatus: string;
}

/** The v1 JobStatus shape (the v1 discovery document's `JobStatus`). */
export interface V1JobStatus {
  observedGeneration: number;
  conditions: V1Condition[];
  executionCount: number;
  latestCreatedExecution?: V1ExecutionReference;
}
