// Outputs used downstream. A nightly report job, and a second job that is configured from the
// first one's outputs (its id, name and region), so Pulumi creates it after the report job and
// updates it whenever those outputs change. The stack outputs exported at the bottom are what
// another stack reads through a StackReference: see consumer/index.ts.
import * as pulumi from "@pulumi/pulumi";
import { Job } from "pulumi-cloudrun-jobs";

const gcp = new pulumi.Config("gcp");
const project = gcp.get("project") ?? "downstream-project";
const region = gcp.get("region") ?? "europe-west1";
const image = "us-docker.pkg.dev/cloudrun/container/job:latest";

const report = new Job("nightly-report", {
  project,
  region,
  apiVersion: "run.googleapis.com/v1",
  kind: "Job",
  metadata: { name: "nightly-report", labels: { team: "data" } },
  spec: { template: { spec: { taskCount: 3, template: { spec: { containers: [{ image }] } } } } },
});

// Another resource consuming the outputs: a follow-up job that is told which job it follows.
const publisher = new Job("report-publisher", {
  project,
  region: report.region,
  apiVersion: "run.googleapis.com/v1",
  kind: "Job",
  metadata: { name: "report-publisher", labels: { follows: report.name } },
  spec: {
    template: {
      spec: {
        template: {
          spec: {
            containers: [
              {
                image,
                env: [
                  { name: "REPORT_JOB_ID", value: report.id },
                  { name: "REPORT_TASKS", value: report.spec.apply((s) => String(taskCountOf(s))) },
                ],
              },
            ],
          },
        },
      },
    },
  },
});

/** `spec.template.spec.taskCount` of an applied spec (1 when Cloud Run's default applies). */
function taskCountOf(spec: Record<string, unknown>): number {
  const exec = (spec.template as { spec?: { taskCount?: number } } | undefined)?.spec;
  return exec?.taskCount ?? 1;
}

// Stack outputs: read them with `pulumi stack output`, or from another stack (consumer/).
export const reportJobId = report.id;
export const reportJobName = report.name;
export const reportRegion = report.region;
export const reportProject = report.project;
export const reportStatus = report.status;
export const publisherJobId = publisher.id;
