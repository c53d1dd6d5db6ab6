// A second program that reads the first stack's outputs through a StackReference and declares
// a job configured from them. Set the producer's stack name first:
//   pulumi config set producerStack <org>/<project>/<stack>    (organization/<project>/<stack> on a file backend)
import * as pulumi from "@pulumi/pulumi";
import { Job } from "pulumi-cloudrun-jobs";

const config = new pulumi.Config();
const producer = new pulumi.StackReference(config.require("producerStack"));

// requireOutput fails the preview with a clear message when the producer has no such output.
const reportJobId = producer.requireOutput("reportJobId") as pulumi.Output<string>;
const project = producer.requireOutput("reportProject") as pulumi.Output<string>;
const region = producer.requireOutput("reportRegion") as pulumi.Output<string>;

const auditor = new Job("report-auditor", {
  project,
  region,
  apiVersion: "run.googleapis.com/v1",
  kind: "Job",
  metadata: { name: "report-auditor" },
  spec: {
    template: {
      spec: {
        template: {
          spec: {
            containers: [
              {
                image: "us-docker.pkg.dev/cloudrun/container/job:latest",
                env: [{ name: "AUDITED_JOB_ID", value: reportJobId }],
              },
            ],
          },
        },
      },
    },
  },
});

export const auditorJobId = auditor.id;
export const auditedJobId = reportJobId;
