// Validation rules of names, tokens and required fields: each refusal's message pinned, naming
// the property and the fix. One test per case (eachCase).
import { describe } from "vitest";
import { eachCase, raw, secretEnv } from "./each-case";

describe("validation rules", () => {
  describe("names, tokens and required fields", () => {
    eachCase({
      uppercaseName: {
        manifest: { metadata: { name: "My_Job" } },
        failures: [
          "metadata.name: `My_Job` is not a valid job name: use lowercase letters, digits and `-`, start with a letter and do not end with `-`",
        ],
      },
      longName: {
        manifest: { metadata: { name: `j${"x".repeat(63)}` } },
        failures: [
          "metadata.name: `jxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx` is 64 characters long: job names have at most 63",
        ],
      },
      trailingHyphen: {
        manifest: { metadata: { name: "job-" } },
        failures: [
          "metadata.name: `job-` is not a valid job name: use lowercase letters, digits and `-`, start with a letter and do not end with `-`",
        ],
      },
      bothTokens: {
        manifest: { spec: { startExecutionToken: "a", runExecutionToken: "b" } },
        failures: ["spec.runExecutionToken: set at most one of `startExecutionToken` and `runExecutionToken` (they are one choice in v2)"],
      },
      tokenTooLong: {
        manifest: { metadata: { name: "a".repeat(40) }, spec: { runExecutionToken: "t".repeat(23) } },
        failures: [
          "spec.runExecutionToken: job name (40) + token (23) is 63 characters: together they must be fewer than 63, shorten the token to at most 22",
        ],
      },
      tokenCharacters: {
        manifest: { spec: { startExecutionToken: "Build_7" } },
        failures: [
          "spec.startExecutionToken: `Build_7` cannot name an execution (`<job>-<token>`): use lowercase letters, digits and `-`, not starting or ending with `-`",
        ],
      },
      noSpec: {
        manifest: raw({ metadata: { name: "j" } }),
        failures: ["spec: is required: add `spec`"],
      },
      noTaskSpec: {
        manifest: raw({ spec: { template: { spec: { template: {} } } } }),
        failures: ["spec.template.spec.template.spec: is required: add `spec`"],
      },
      noContainers: {
        manifest: { containers: [] },
        failures: ["spec.template.spec.template.spec.containers: needs at least one container"],
      },
      noImage: {
        manifest: { containers: [{ name: "app" }] },
        failures: [
          "spec.template.spec.template.spec.containers[0].image: is required: the container image, e.g. us-docker.pkg.dev/cloudrun/container/job",
        ],
      },
      containersNotAList: {
        manifest: raw({ spec: { template: { spec: { template: { spec: { containers: { image: "x" } } } } } } }),
        failures: ["spec.template.spec.template.spec.containers: is required: a list with at least one container"],
      },
      maxRetriesAsString: {
        manifest: { task: { maxRetries: "3" } },
        failures: [
          'spec.template.spec.template.spec.maxRetries: must be a whole number between 0 and 10 (Cloud Run\'s limit on retries per task), got "3"',
        ],
      },
      labelNotAString: {
        manifest: { metadata: { labels: { version: 2 } } },
        failures: ["metadata.labels.version: must be a string: quote it in YAML"],
      },
      envWithoutName: {
        manifest: { container: { env: [{ value: "x" }] } },
        failures: ["spec.template.spec.template.spec.containers[0].env[0].name: is required: the variable's name"],
      },
      valueAndValueFrom: {
        manifest: { container: { env: [{ name: "A", value: "x", valueFrom: { secretKeyRef: { name: "s", key: "1" } } }] } },
        failures: ["spec.template.spec.template.spec.containers[0].env[0]: set either `value` or `valueFrom`, not both"],
      },
      valueFromEmpty: {
        manifest: { container: { env: [{ name: "A", valueFrom: {} }] } },
        failures: [
          "spec.template.spec.template.spec.containers[0].env[0].valueFrom: needs `secretKeyRef` (a Secret Manager secret and version)",
        ],
      },
      secretWithoutKey: {
        manifest: { container: secretEnv({ name: "s" }) },
        failures: [
          'spec.template.spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.key: is required: the secret version, e.g. "latest" or "3"',
        ],
      },
      secretWithoutName: {
        manifest: { container: secretEnv({ key: "latest" }) },
        failures: [
          "spec.template.spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name: is required: the Secret Manager secret (or an alias from `run.googleapis.com/secrets`)",
        ],
      },
      secretNameBad: {
        manifest: { container: secretEnv({ name: "a/b", key: "latest" }) },
        failures: [
          "spec.template.spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name: `a/b` is not a secret: use a secret id, `projects/<p>/secrets/<s>`, or an alias from `run.googleapis.com/secrets`",
        ],
      },
      duplicateSecretEnv: {
        manifest: {
          container: {
            env: [
              { name: "T", valueFrom: { secretKeyRef: { name: "s", key: "1" } } },
              { name: "T", valueFrom: { secretKeyRef: { name: "s", key: "2" } } },
            ],
          },
        },
        failures: ["spec.template.spec.template.spec.containers[0].env[1].name: `T` is set from a secret twice: keep one"],
      },
      reservedEnv: {
        manifest: { container: { env: [{ name: "CLOUD_RUN_TASK_INDEX", value: "0" }] } },
        failures: [
          "spec.template.spec.template.spec.containers[0].env[0].name: `CLOUD_RUN_TASK_INDEX` is set by Cloud Run: use another name",
        ],
      },
      duplicateContainerName: {
        manifest: {
          containers: [
            { name: "a", image: "x" },
            { name: "a", image: "y" },
          ],
        },
        failures: ["spec.template.spec.template.spec.containers[1].name: `a` names two containers: give each a different name"],
      },
      unnamedSidecar: {
        manifest: { containers: [{ name: "a", image: "x" }, { image: "y" }] },
        failures: [
          "spec.template.spec.template.spec.containers[1].name: is required when the job has more than one container: name each container",
        ],
      },
      badContainerName: {
        manifest: { container: { name: "App" } },
        failures: [
          "spec.template.spec.template.spec.containers[0].name: `App` is not a DNS label: use lowercase letters, digits and `-`, at most 63",
        ],
      },
    });
  });
});
