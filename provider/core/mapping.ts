// Pure mapping between the v1 manifest (what users write) and the v2 Job (what
// `@google-cloud/run` sends and returns); docs/architecture.md, facts: v1 → v2 mapping.
//   toApiJob(manifest)  v1 → v2 body (no `name`); canonicalizes first, so server defaults are
//                       left to the server, secret aliases resolved, Cloud SQL turned into a volume.
//   fromApiJob(job)     v2 → canonical v1 `{metadata: {labels, annotations}, spec}`, without
//                       tokens, output-only fields, server defaults or system keys.
export { toApiJob, CLOUD_SQL_VOLUME, CLOUD_SQL_MOUNT_PATH, type ManifestForApi } from "./mapping/to-api";
export { fromApiJob, v1FromApiJob, type ApiJobManifest } from "./mapping/from-api";
import type { JobManifest } from "./schema";

export type JobSpecManifest = JobManifest["spec"];
