// v1 JobStatus (the v1 discovery document's `JobStatus`, `GoogleCloudRunV1Condition`, `ExecutionReference`):
// accepted and ignored in inputs (exported manifests carry it), and the shape of the `status` output.
import { z } from "zod";

export const conditionSchema = z.strictObject({
  type: z.string().optional(),
  status: z.string().optional().meta({ description: "`True`, `False` or `Unknown`." }),
  reason: z.string().optional(),
  message: z.string().optional(),
  severity: z.string().optional().meta({ description: "`Error`, `Warning` or `Info`." }),
  lastTransitionTime: z.string().optional(),
});

export const completionStatusSchema = z.enum([
  "COMPLETION_STATUS_UNSPECIFIED",
  "EXECUTION_SUCCEEDED",
  "EXECUTION_FAILED",
  "EXECUTION_RUNNING",
  "EXECUTION_PENDING",
  "EXECUTION_CANCELLED",
]);

export const executionReferenceSchema = z.strictObject({
  name: z.string().optional(),
  creationTimestamp: z.string().optional(),
  completionTimestamp: z.string().optional(),
  deletionTimestamp: z.string().optional(),
  completionStatus: completionStatusSchema.optional(),
});

export const jobStatusSchema = z.strictObject({
  observedGeneration: z.number().optional(),
  conditions: z.array(conditionSchema).optional(),
  executionCount: z.number().optional(),
  latestCreatedExecution: executionReferenceSchema.optional(),
});

export type JobStatus = z.output<typeof jobStatusSchema>;
export type ExecutionReference = z.output<typeof executionReferenceSchema>;
