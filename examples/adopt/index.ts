// Adopting a job that already exists (made with gcloud, the console or another tool): declare
// it as it is, and pass its id in the `import` resource option. The first `up` takes it over
// without changing it when the manifest matches; where it differs, `up` converges the job on
// the manifest. Afterwards the import option may stay: it is ignored once the job is in state.
import * as pulumi from "@pulumi/pulumi";
import { Job } from "pulumi-cloudrun-jobs";

const gcp = new pulumi.Config("gcp");
const project = gcp.get("project") ?? "adopt-project";
const region = gcp.get("region") ?? "europe-west1";
const name = new pulumi.Config().get("jobName") ?? "legacy-cleanup";

const legacy = new Job(
  "legacy-cleanup",
  {
    project,
    region,
    apiVersion: "run.googleapis.com/v1",
    kind: "Job",
    metadata: { name, labels: { owner: "ops" } },
    spec: {
      template: {
        spec: {
          taskCount: 2,
          template: {
            spec: {
              maxRetries: 1,
              containers: [{ image: "us-docker.pkg.dev/cloudrun/container/job:latest", args: ["--older-than=30d"] }],
            },
          },
        },
      },
    },
  },
  // The id must name the same project, region and job name as the manifest.
  { import: `projects/${project}/locations/${region}/jobs/${name}` },
);

export const id = legacy.id;
export const uid = legacy.metadata.uid;
export const generation = legacy.metadata.generation;
