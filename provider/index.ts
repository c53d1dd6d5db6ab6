// The package's public face: the Job resource, its types, and the pure helpers that tools
// (editors, CI checks, the export command) use to validate manifests.
export { Job, type JobArgs, type DeepInput, type JobMetadataOutput } from "./job";
export type { V1JobStatus, V1Condition, V1ExecutionReference } from "./outputs";
export {
  checkJobManifest,
  jobStatusSchema,
  locationHints,
  validateJobName,
  type JobManifest,
  type JobManifestInput,
  type JobStatus,
  type CheckFailure,
} from "./schema";
export { jobJsonSchema } from "./json-schema";
