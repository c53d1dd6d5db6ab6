// The `gcp:cloudrunv2/job:Job` resources of a `pulumi stack export`, converted: inputs as the
// program gave them (with the Terraform bridge's `__defaults` and the engine's secret envelopes),
// placed by their outputs, with the computed properties left out.
import { describe, expect, it } from "vitest";
import type { CanonicalManifest } from "../../../../provider/core/canonical";
import { checkJobManifest } from "../../../../provider/core/check";
import { cloudRunV2JobsInStackExport, fromStackExportResource } from "../../../../provider/core/convert";
import { toApiJob } from "../../../../provider/core/mapping";
import { expectAdoptionUnchanged, IMAGE } from "./helpers";

const ID = "projects/my-project/locations/europe-west1/jobs/nightly-3f2a1b";
const URN = "urn:pulumi:dev::legacy::gcp:cloudrunv2/job:Job::nightly";
const secret = (value: unknown) => ({
  "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
  plaintext: JSON.stringify(value),
});
const encrypted = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "v1:abcd:efgh" };

/** The job's outputs as pulumi-gcp records them: every attribute, unset ones as "", null, [] or {}. */
function outputs(overrides: Record<string, unknown> = {}) {
  return {
    annotations: {},
    binaryAuthorization: null,
    client: "",
    clientVersion: "",
    conditions: [],
    createTime: "2025-05-01T10:00:00.000000Z",
    creator: "ci@my-project.iam.gserviceaccount.com",
    deleteTime: "",
    deletionProtection: false,
    effectiveAnnotations: {},
    effectiveLabels: { "goog-pulumi-provisioned": "true", team: "data" },
    etag: '"abc"',
    executionCount: 2,
    expireTime: "",
    generation: "3",
    id: ID,
    labels: { team: "data" },
    lastModifier: "ci@my-project.iam.gserviceaccount.com",
    latestCreatedExecutions: [{ completionTime: "", createTime: "2025-05-01T10:01:00Z", name: "nightly-3f2a1b-x7k2p" }],
    launchStage: "GA",
    location: "europe-west1",
    name: "nightly-3f2a1b",
    observedGeneration: "3",
    project: "my-project",
    pulumiLabels: { "goog-pulumi-provisioned": "true", team: "data" },
    reconciling: false,
    runExecutionToken: null,
    startExecutionToken: null,
    template: {
      annotations: {},
      labels: {},
      parallelism: 0,
      taskCount: 1,
      template: {
        containers: [
          {
            args: [],
            commands: [],
            dependsOns: [],
            envs: [{ name: "TOKEN", value: "s3cr3t", valueSource: null }],
            image: IMAGE,
            name: "",
            ports: [],
            resources: { limits: { cpu: "1000m", memory: "512Mi" } },
            startupProbe: null,
            volumeMounts: [],
            workingDir: "",
          },
        ],
        encryptionKey: "",
        executionEnvironment: "EXECUTION_ENVIRONMENT_GEN2",
        gpuZonalRedundancyDisabled: false,
        maxRetries: 3,
        nodeSelector: null,
        serviceAccount: "123456789012-compute@developer.gserviceaccount.com",
        timeout: "600s",
        volumes: [],
        vpcAccess: null,
      },
    },
    terminalConditions: [{ state: "CONDITION_SUCCEEDED", type: "Ready", message: "", reason: "" }],
    uid: "0b5e2d39-6b8f-4c8d-9e47-4f6b9d9d8d11",
    updateTime: "2025-05-01T10:00:00.000000Z",
    ...overrides,
  };
}

/** What the program gave pulumi-gcp: no project (the provider's), an autoname, a secret env value. */
function inputs(env: unknown = secret("s3cr3t")) {
  return {
    __defaults: ["name"],
    deletionProtection: false,
    labels: { __defaults: [], team: "data" },
    location: "europe-west1",
    name: "nightly-3f2a1b",
    template: {
      __defaults: [],
      template: { __defaults: [], containers: [{ __defaults: [], image: IMAGE, envs: [{ __defaults: [], name: "TOKEN", value: env }] }] },
    },
  };
}

function stackExport(job: Record<string, unknown>) {
  return {
    version: 3,
    deployment: {
      manifest: { time: "2025-05-01T10:00:00Z", magic: "x", version: "v3.140.0" },
      secrets_providers: { type: "passphrase", state: { salt: "v1:x" } },
      resources: [
        { urn: "urn:pulumi:dev::legacy::pulumi:pulumi:Stack::legacy-dev", custom: false, type: "pulumi:pulumi:Stack" },
        { urn: "urn:pulumi:dev::legacy::pulumi:providers:gcp::default", custom: true, id: "p", type: "pulumi:providers:gcp", inputs: {} },
        { urn: URN, custom: true, id: ID, type: "gcp:cloudrunv2/job:Job", parent: "urn:…Stack", protect: true, ...job },
      ],
    },
  };
}

function onlyJob(exported: unknown) {
  const { jobs, problem } = cloudRunV2JobsInStackExport(exported);
  expect(problem).toBeUndefined();
  expect(jobs).toHaveLength(1);
  return jobs[0]!;
}

describe("a pulumi stack export", () => {
  it("yields its cloudrunv2 Job resources, named by their URN", () => {
    const job = onlyJob(stackExport({ inputs: inputs(), outputs: outputs() }));
    expect(job).toMatchObject({ urn: URN, resourceName: "nightly", id: ID, protect: true });
    expect(cloudRunV2JobsInStackExport(stackExport({}).deployment).jobs).toHaveLength(1);
    expect(cloudRunV2JobsInStackExport(stackExport({}).deployment.resources).jobs).toHaveLength(1);
  });

  it("converts the inputs, placed by the outputs, and says what it left out", () => {
    const result = fromStackExportResource(onlyJob(stackExport({ inputs: inputs(), outputs: outputs() })));
    expect(result.refusals).toEqual([]);
    expect(result.importId).toBe(ID);
    expect(result.manifest).toEqual({
      project: "my-project",
      region: "europe-west1",
      apiVersion: "run.googleapis.com/v1",
      kind: "Job",
      metadata: { name: "nightly-3f2a1b", labels: { team: "data" } },
      spec: { template: { spec: { template: { spec: { containers: [{ image: IMAGE, env: [{ name: "TOKEN", value: "s3cr3t" }] }] } } } } },
    });
    expect(result.notes).toEqual([
      expect.stringMatching(/^template\.template\.containers\[0\]\.envs\[0\]\.value: is a secret in the old stack: .*pulumi\.secret\(\)/),
      expect.stringMatching(/^\(resource option\) protect: the old resource was protected/),
      expect.stringMatching(/^effectiveLabels: `goog-pulumi-provisioned` was set on the job by pulumi-gcp .*add it to metadata\.labels/),
    ]);
    const { manifest, failures } = checkJobManifest(result.manifest);
    expect(failures).toEqual([]);
    const canonical = manifest as CanonicalManifest;
    expect(toApiJob(canonical)).toMatchObject({
      labels: { team: "data" },
      template: { template: { containers: [{ image: IMAGE, env: [{ name: "TOKEN", value: "s3cr3t" }] }] } },
    });
    expectAdoptionUnchanged(
      { labels: { team: "data" }, template: { template: { containers: [{ image: IMAGE, env: [{ name: "TOKEN", value: "s3cr3t" }] }] } } },
      canonical,
    );
  });

  it("converts the outputs when the state has no inputs: server defaults and unset values are left out", () => {
    const result = fromStackExportResource(
      onlyJob(stackExport({ outputs: outputs({ effectiveLabels: { team: "data" }, pulumiLabels: {} }) })),
    );
    expect(result.refusals).toEqual([]);
    const { manifest, failures } = checkJobManifest(result.manifest);
    expect(failures).toEqual([]);
    expect((manifest as CanonicalManifest).spec).toEqual({
      template: { spec: { template: { spec: { containers: [{ image: IMAGE, env: [{ name: "TOKEN", value: "s3cr3t" }] }] } } } },
    });
  });

  it("refuses a secret the export holds encrypted, naming where", () => {
    const result = fromStackExportResource(onlyJob(stackExport({ inputs: inputs(encrypted), outputs: outputs() })));
    expect(result.manifest).toBeUndefined();
    expect(result.refusals).toEqual([
      { property: "template.template.containers[0].envs[0].value", reason: expect.stringMatching(/--show-secrets/) },
    ]);
  });

  it("takes where the job lives from its id when neither inputs nor outputs say", () => {
    const result = fromStackExportResource({ urn: URN, resourceName: "nightly", id: ID, inputs: { template: inputs().template } });
    expect(result.importId).toBe(ID);
    expect(result.manifest).toMatchObject({ project: "my-project", region: "europe-west1", metadata: { name: "nightly-3f2a1b" } });
  });

  it("says what is not an export", () => {
    expect(cloudRunV2JobsInStackExport({ hello: "world" })).toEqual({
      jobs: [],
      problem: expect.stringMatching(/not a `pulumi stack export`/),
    });
  });
});
