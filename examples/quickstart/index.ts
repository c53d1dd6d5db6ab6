// Quickstart: one Cloud Run job, declared as a Cloud Run Admin API v1 manifest.
// `npm run quickstart` runs `pulumi up` here against the local emulator; README.md says how to
// run it yourself, against the emulator or Cloud Run.
import * as pulumi from "@pulumi/pulumi";
import { Job } from "pulumi-cloudrun-jobs";

const config = new pulumi.Config("gcp");

const hello = new Job("hello", {
  project: config.get("project") ?? "quickstart-project",
  region: config.get("region") ?? "europe-west1",
  apiVersion: "run.googleapis.com/v1",
  kind: "Job",
  metadata: { name: "hello" },
  spec: {
    template: {
      spec: {
        template: {
          spec: {
            containers: [{ image: "us-docker.pkg.dev/cloudrun/container/job:latest" }],
          },
        },
      },
    },
  },
});

export const id = hello.id;
export const name = hello.name;
export const region = hello.region;
export const status = hello.status;
