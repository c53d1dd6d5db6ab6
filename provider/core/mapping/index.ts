// Pure mapping between the v1 manifest (what users write) and the v2 Job (what
// `@google-cloud/run` sends and returns); docs/architecture.md, facts: v1 → v2 mapping.
//   toApiJob(manifest)  canonical v1 → v2 body (no `name`): server defaults are left to the
//                       server, secret aliases already resolved, Cloud SQL turned into a volume.
//   v1FromApiJob(job)   v2 → the faithful v1 spelling, not yet canonical (a refresh canonicalizes it once).
//   fromApiJob(job)     v2 → canonical v1 `{metadata: {labels, annotations}, spec}`, without
//                       tokens, output-only fields, server defaults or system keys.
export { toApiJob } from "./to-api";
export { fromApiJob, v1FromApiJob } from "./from-api";
