// Values unknown during a preview never fail check, wherever they are, and leave the known-bad
// parts failing. One test per case (eachCase).
import { describe } from "vitest";
import { UNKNOWN } from "../../../../provider/core/unknown";
import { eachCase, raw, secretEnv } from "./each-case";
import { jobManifest } from "../../../fixtures/manifests";

describe("values unknown during a preview", () => {
  const u = UNKNOWN;

  describe("never fail check, wherever they are", () => {
    eachCase({
      image: {
        manifest: { container: { image: u } },
        failures: ["(accepted)"],
      },
      name: {
        manifest: { metadata: { name: u } },
        failures: ["(accepted)"],
      },
      project: {
        manifest: raw({ ...jobManifest(), project: u }),
        failures: ["(accepted)"],
      },
      labelsMap: {
        manifest: { metadata: { labels: u } },
        failures: ["(accepted)"],
      },
      labelValue: {
        manifest: { metadata: { labels: { version: u } } },
        failures: ["(accepted)"],
      },
      containers: {
        manifest: { containers: u as unknown as Record<string, unknown>[] },
        failures: [],
      },
      wholeContainer: {
        manifest: { containers: [u as unknown as Record<string, unknown>] },
        failures: [],
      },
      maxRetries: {
        manifest: { task: { maxRetries: u } },
        failures: ["(accepted)"],
      },
      timeout: {
        manifest: { task: { timeoutSeconds: u } },
        failures: ["(accepted)"],
      },
      cpu: {
        manifest: { container: { resources: { limits: { cpu: u, memory: "8Gi" } } } },
        failures: ["(accepted)"],
      },
      egress: {
        manifest: {
          templateMetadata: { annotations: { "run.googleapis.com/vpc-access-connector": "c1", "run.googleapis.com/vpc-access-egress": u } },
        },
        failures: ["(accepted)"],
      },
      secretAliases: {
        manifest: {
          templateMetadata: { annotations: { "run.googleapis.com/secrets": u } },
          container: secretEnv({ name: "alias", key: u }),
        },
        failures: ["(accepted)"],
      },
      token: {
        manifest: { spec: { runExecutionToken: u } },
        failures: ["(accepted)"],
      },
      volumeName: {
        manifest: {
          task: {
            volumes: [
              { name: u, emptyDir: {} },
              { name: u, emptyDir: {} },
            ],
          },
          container: { volumeMounts: [{ name: "data", mountPath: "/d" }] },
        },
        failures: ["(accepted)"],
      },
      gpuLimit: {
        manifest: {
          task: { nodeSelector: { "run.googleapis.com/accelerator": "nvidia-l4" } },
          container: { resources: { limits: { cpu: "4", memory: "16Gi", "nvidia.com/gpu": u } } },
        },
        failures: ["(accepted)"],
      },
      gpuType: {
        manifest: { task: { nodeSelector: { "run.googleapis.com/accelerator": u } } },
        failures: ["(accepted)"],
      },
      containerNames: {
        manifest: {
          templateMetadata: { annotations: { "run.googleapis.com/container-dependencies": '{"app":["proxy"]}' } },
          containers: [
            { name: "app", image: "a" },
            { name: u, image: "p" },
          ],
        },
        failures: ["(accepted)"],
      },
      spec: {
        manifest: raw({ spec: u }),
        failures: [],
      },
    });
  });

  describe("leave the known-bad parts failing", () => {
    eachCase({
      mixed: {
        manifest: { container: { image: u, imagee: "x" }, task: { maxRetries: u, timeoutSeconds: "forever" } },
        failures: ["spec.template.spec.template.spec.containers[0].imagee: unknown key `imagee`: did you mean `image`?"],
      },
    });
  });
});
