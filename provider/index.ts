export { Job, type JobArgs, type DeepInput } from "./job";
export type { JobManifest, JobManifestInput } from "./schema";
