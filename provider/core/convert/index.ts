// From `gcp.cloudrunv2.Job` (pulumi-gcp) to this package's Job without recreating anything:
//   fromCloudRunV2Job(args)            pulumi-gcp arguments → v1 manifest, notes, refusals
//   cloudRunV2JobsInStackExport(json)  the `gcp:cloudrunv2/job:Job` resources of a `pulumi stack export`
//   fromStackExportResource(resource)  one of those → v1 manifest, notes, refusals
// docs/from-pulumi-gcp.md has the field table and the move procedure.
export { fromCloudRunV2Job } from "./from-cloudrunv2";
export { CLOUDRUNV2_JOB_TYPE, cloudRunV2JobsInStackExport, fromStackExportResource } from "./stack-export";
export type { ConversionOptions, ConversionResult, Refusal, StackJobResource } from "./result";
