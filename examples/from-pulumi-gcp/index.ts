// The job a `gcp.cloudrunv2.Job` of @pulumi/gcp managed, now declared with this package's Job.
// `nightly.yaml` is what `pulumi-cloudrun-jobs convert` wrote from the old stack's export; the
// `import` option adopts the job as it is (nothing is recreated), `protect` takes the place of
// pulumi-gcp's `deletionProtection`. The steps: README.md, and docs/from-pulumi-gcp.md.
import { readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { Job, type JobArgs } from "pulumi-cloudrun-jobs";
import { parse } from "yaml";

const config = new pulumi.Config();
// The id the convert command printed with the manifest (`new Job(…, { import: "…" })`). Keep it
// after the move: once the job is in the state, the option is no longer read.
const importId = config.get("importId");
const manifest = parse(readFileSync(config.get("manifest") ?? "nightly.yaml", "utf8")) as JobArgs;

const nightly = new Job("nightly", manifest, { protect: config.getBoolean("protect") ?? true, ...(importId ? { import: importId } : {}) });

export const id = nightly.id;
// uid and generation included: the same uid as before the move is the proof nothing was recreated.
export const metadata = nightly.metadata;
