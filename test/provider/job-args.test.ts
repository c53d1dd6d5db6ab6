// JobArgs (provider/job.ts) is JobManifestInput with a Pulumi Input at every level: this file only
// has to compile (`npx tsc -p tsconfig.json --noEmit`).
import type * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import type { JobArgs } from "../../provider/job";
import type { JobManifestInput } from "../../provider/core/schema";

declare const image: pulumi.Output<string>;
declare const seconds: pulumi.Output<number>;
declare const labels: pulumi.Output<Record<string, string>>;
declare const containers: pulumi.Output<JobManifestInput["spec"]["template"]["spec"]["template"]["spec"]["containers"]>;

function argsWithOutputsEverywhere(): JobArgs {
  return {
    project: Promise.resolve("my-project"),
    metadata: { name: "nightly", labels, annotations: { "run.googleapis.com/launch-stage": "BETA" } },
    spec: {
      runExecutionToken: image,
      template: {
        spec: {
          taskCount: 2,
          template: {
            spec: {
              timeoutSeconds: seconds,
              containers: [
                {
                  image,
                  env: [
                    { name: "A", value: image },
                    { name: "S", valueFrom: { secretKeyRef: { name: "s", key: "latest" } } },
                  ],
                  resources: { limits: { cpu: "2", memory: "1Gi" } },
                },
              ],
            },
          },
        },
      },
    },
  };
}

function argsWithAWholeListAsOutput(): JobArgs {
  return { spec: { template: { spec: { template: { spec: { containers } } } } } };
}

function argsFromAPlainManifest(m: JobManifestInput): JobArgs {
  return m;
}

describe("JobArgs", () => {
  it("accepts Inputs at every level (type-checked)", () => {
    expect([argsWithOutputsEverywhere, argsWithAWholeListAsOutput, argsFromAPlainManifest].every((f) => typeof f === "function")).toBe(
      true,
    );
  });
});
