// Unknown keys are refused, with a suggestion when one is close. One test per case (eachCase).
import { describe } from "vitest";
import { eachCase, raw } from "./each-case";
import { jobManifest } from "../../../fixtures/manifests";

describe("unknown keys", () => {
  describe("are refused, with a suggestion when one is close", () => {
    eachCase({
      typo: {
        manifest: { container: { imagee: "x" } },
        failures: ["spec.template.spec.template.spec.containers[0].imagee: unknown key `imagee`: did you mean `image`?"],
      },
      caseOnly: {
        manifest: { task: { Containers: [] } },
        failures: ["spec.template.spec.template.spec.Containers: unknown key `Containers`: did you mean `containers`?"],
      },
      v2Spelling: {
        manifest: { task: { serviceAccount: "sa@p.iam.gserviceaccount.com" } },
        failures: ["spec.template.spec.template.spec.serviceAccount: unknown key `serviceAccount`: did you mean `serviceAccountName`?"],
      },
      v2Timeout: {
        manifest: { task: { timeout: "600s" } },
        failures: ["spec.template.spec.template.spec.timeout: unknown key `timeout`: in a v1 manifest use `timeoutSeconds`"],
      },
      topLevel: {
        manifest: raw({ ...jobManifest(), specs: {} }),
        failures: ["specs: unknown key `specs`: did you mean `spec`?"],
      },
      labelSingular: {
        manifest: { metadata: { label: { a: "b" } } },
        failures: ["metadata.label: unknown key `label`: did you mean `labels`?"],
      },
      limitSingular: {
        manifest: { container: { resources: { limit: { cpu: "1" } } } },
        failures: ["spec.template.spec.template.spec.containers[0].resources.limit: unknown key `limit`: did you mean `limits`?"],
      },
      nothingClose: {
        manifest: { container: { foo: 1 } },
        failures: [
          "spec.template.spec.template.spec.containers[0].foo: unknown key `foo`: expected one of `name`, `image`, `command`, `args`, `env`, `resources`, `ports`, `volumeMounts`, `workingDir`, `livenessProbe`, `readinessProbe`, `startupProbe`, `envFrom`, `imagePullPolicy`, `securityContext`, `terminationMessagePath`, `terminationMessagePolicy`, `sandboxLauncher`",
        ],
      },
      statusField: {
        manifest: raw({ ...jobManifest(), status: { phase: "Running" } }),
        failures: [
          "status.phase: unknown key `phase`: expected one of `observedGeneration`, `conditions`, `executionCount`, `latestCreatedExecution`",
        ],
      },
    });
  });
});
