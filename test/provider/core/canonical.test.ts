// The canonical form: manifests that mean the same compare equal after check.
import { describe, expect, it } from "vitest";
import { locationHints } from "../../../provider/core/canonical";
import { checkJobManifest } from "../../../provider/core/check";
import type { JobManifest } from "../../../provider/core/schema";
import { UNKNOWN } from "../../../provider/core/unknown";
import { jobManifest, type ManifestParts } from "../../fixtures/manifests";

function canonical(parts: ManifestParts): JobManifest {
  const { manifest, failures } = checkJobManifest(jobManifest(parts));
  expect(failures).toEqual([]);
  return manifest as JobManifest;
}

const limits = (l: Record<string, unknown>) => ({ container: { resources: { limits: l } } });

describe("equal meanings compare equal", () => {
  it.each<[string, ManifestParts, ManifestParts]>([
    ["cpu 1 = 1000m = 1.0 = default", limits({ cpu: 1 }), limits({ cpu: "1000m" })],
    ["cpu 2 = 2000m", limits({ cpu: "2" }), limits({ cpu: "2000m" })],
    ["cpu 0.5 = 500m", limits({ cpu: "0.5" }), limits({ cpu: "500m" })],
    ["memory 1Gi = 1024Mi", limits({ memory: "1Gi" }), limits({ memory: "1024Mi" })],
    ["memory 512Mi = default", limits({ memory: "512Mi" }), {}],
    ["timeout 600 = default", { task: { timeoutSeconds: 600 } }, {}],
    ['timeout "3600" = 3600 = "3600s"', { task: { timeoutSeconds: "3600" } }, { task: { timeoutSeconds: "3600s" } }],
    ["maxRetries 3 = default", { task: { maxRetries: 3 } }, {}],
    ["taskCount 1 = default", { execution: { taskCount: 1 } }, {}],
    ["parallelism 0 = unset", { execution: { parallelism: 0 } }, {}],
    ["default compute service account = unset", { task: { serviceAccountName: "123456789012-compute@developer.gserviceaccount.com" } }, {}],
    ["launch stage GA = unset", { metadata: { annotations: { "run.googleapis.com/launch-stage": "GA" } } }, {}],
    [
      "launch stage beta = BETA",
      { metadata: { annotations: { "run.googleapis.com/launch-stage": "beta" } } },
      { metadata: { annotations: { "run.googleapis.com/launch-stage": "BETA" } } },
    ],
    ["gen2 = unset", { templateMetadata: { annotations: { "run.googleapis.com/execution-environment": "gen2" } } }, {}],
    [
      "egress all = all-traffic",
      {
        templateMetadata: {
          annotations: { "run.googleapis.com/vpc-access-connector": "conn", "run.googleapis.com/vpc-access-egress": "all" },
        },
      },
      {
        templateMetadata: {
          annotations: { "run.googleapis.com/vpc-access-connector": "conn", "run.googleapis.com/vpc-access-egress": "all-traffic" },
        },
      },
    ],
    [
      "egress private-ranges-only = unset",
      {
        templateMetadata: {
          annotations: { "run.googleapis.com/vpc-access-connector": "conn", "run.googleapis.com/vpc-access-egress": "private-ranges-only" },
        },
      },
      { templateMetadata: { annotations: { "run.googleapis.com/vpc-access-connector": "conn" } } },
    ],
    [
      "network interfaces: key order and spacing",
      { templateMetadata: { annotations: { "run.googleapis.com/network-interfaces": '[ {"subnetwork": "s", "network": "n"} ]' } } },
      { templateMetadata: { annotations: { "run.googleapis.com/network-interfaces": '[{"network":"n","subnetwork":"s"}]' } } },
    ],
    [
      "cloudsql list: spaces, duplicates, trailing comma",
      { templateMetadata: { annotations: { "run.googleapis.com/cloudsql-instances": " p:r:a, p:r:b,p:r:a," } } },
      { templateMetadata: { annotations: { "run.googleapis.com/cloudsql-instances": "p:r:a,p:r:b" } } },
    ],
    [
      "secret alias = full secret name",
      {
        templateMetadata: { annotations: { "run.googleapis.com/secrets": "tok:projects/42/secrets/token" } },
        container: { env: [{ name: "T", valueFrom: { secretKeyRef: { name: "tok", key: "1" } } }] },
      },
      { container: { env: [{ name: "T", valueFrom: { secretKeyRef: { name: "projects/42/secrets/token", key: "1" } } }] } },
    ],
    [
      "secretKeyRef localObjectReference = name",
      { container: { env: [{ name: "T", valueFrom: { secretKeyRef: { localObjectReference: { name: "s" }, key: "1" } } }] } },
      { container: { env: [{ name: "T", valueFrom: { secretKeyRef: { name: "s", key: "1" } } }] } },
    ],
    ['env value "" = no value', { container: { env: [{ name: "A", value: "" }] } }, { container: { env: [{ name: "A" }] } }],
    [
      "probe defaults",
      {
        container: {
          startupProbe: {
            tcpSocket: { port: 8080 },
            initialDelaySeconds: 0,
            timeoutSeconds: 1,
            periodSeconds: 10,
            failureThreshold: 3,
            successThreshold: 1,
          },
        },
      },
      { container: { startupProbe: { tcpSocket: {} } } },
    ],
    [
      "httpGet path / = unset",
      { container: { livenessProbe: { httpGet: { path: "/" } } } },
      { container: { livenessProbe: { httpGet: {} } } },
    ],
    [
      "secret defaultMode 0444 = unset",
      { task: { volumes: [{ name: "s", secret: { secretName: "s", defaultMode: 0o444 } }] } },
      { task: { volumes: [{ name: "s", secret: { secretName: "s" } }] } },
    ],
    [
      "emptyDir medium Memory = unset; sizeLimit 1024Mi = 1Gi",
      { task: { volumes: [{ name: "e", emptyDir: { medium: "Memory", sizeLimit: "1024Mi" } }] } },
      { task: { volumes: [{ name: "e", emptyDir: { sizeLimit: "1Gi" } }] } },
    ],
    [
      "gcs mountOptions spacing",
      {
        task: {
          volumes: [
            {
              name: "g",
              csi: { driver: "gcsfuse.run.googleapis.com", readOnly: false, volumeAttributes: { bucketName: "b", mountOptions: "a, b" } },
            },
          ],
        },
      },
      {
        task: {
          volumes: [
            { name: "g", csi: { driver: "gcsfuse.run.googleapis.com", volumeAttributes: { bucketName: "b", mountOptions: "a,b" } } },
          ],
        },
      },
    ],
    [
      "port protocol TCP = unset",
      { container: { ports: [{ containerPort: 8080, protocol: "TCP" }] } },
      { container: { ports: [{ containerPort: 8080 }] } },
    ],
    ["empty lists and maps = unset", { container: { args: [], command: [], env: [] }, metadata: { labels: {}, annotations: {} } }, {}],
    [
      "system stamps = unset",
      {
        metadata: {
          annotations: { "run.googleapis.com/client-name": "gcloud", "serving.knative.dev/creator": "me" },
          labels: { "cloud.googleapis.com/location": "us-central1" },
          uid: "u",
          generation: 2,
        },
        templateMetadata: { annotations: { "client.knative.dev/user-image": "img" }, labels: { "client.knative.dev/nonce": "n" } },
      },
      { extra: { region: "us-central1" } },
    ],
  ])("%s", (_title, a, b) => {
    expect(JSON.stringify(canonical(a))).toEqual(JSON.stringify(canonical(b)));
  });
});

describe("location", () => {
  it("takes project from metadata.namespace and region from the location label, unless given", () => {
    const raw = jobManifest({ metadata: { namespace: "ns-project", labels: { "cloud.googleapis.com/location": "europe-west4" } } });
    expect(locationHints(raw)).toEqual({ project: "ns-project", region: "europe-west4" });
    expect(locationHints({ ...raw, project: "explicit", region: "us-east1" })).toEqual({ project: "explicit", region: "us-east1" });
    const m = checkJobManifest(raw).manifest;
    expect([m?.project, m?.region, m?.metadata]).toEqual(["ns-project", "europe-west4", { name: "my-job" }]);
  });

  it("expands short connector and Cloud SQL names against them", () => {
    const m = canonical({
      metadata: { namespace: "my-project", labels: { "cloud.googleapis.com/location": "us-central1" } },
      templateMetadata: {
        annotations: {
          "run.googleapis.com/vpc-access-connector": "conn",
          "run.googleapis.com/cloudsql-instances": "db,other:us-east1:db2",
        },
      },
    });
    expect(m.spec.template.metadata?.annotations).toMatchInlineSnapshot(`
      {
        "run.googleapis.com/cloudsql-instances": "my-project:us-central1:db,other:us-east1:db2",
        "run.googleapis.com/vpc-access-connector": "projects/my-project/locations/us-central1/connectors/conn",
      }
    `);
  });

  it("leaves short names alone when the location is not known", () => {
    const m = canonical({
      templateMetadata: {
        annotations: { "run.googleapis.com/vpc-access-connector": "conn", "run.googleapis.com/cloudsql-instances": "db" },
      },
    });
    expect(m.spec.template.metadata?.annotations).toEqual({
      "run.googleapis.com/cloudsql-instances": "db",
      "run.googleapis.com/vpc-access-connector": "conn",
    });
  });
});

describe("values unknown during a preview", () => {
  it("are kept as they are in the canonical form", () => {
    const m = canonical({
      container: { image: UNKNOWN, resources: { limits: { cpu: UNKNOWN } } },
      task: { timeoutSeconds: UNKNOWN, serviceAccountName: UNKNOWN },
      templateMetadata: { annotations: { "run.googleapis.com/secrets": UNKNOWN } },
    });
    const task = m.spec.template.spec.template.spec;
    expect([task.containers[0]?.image, task.containers[0]?.resources?.limits?.cpu, task.timeoutSeconds, task.serviceAccountName]).toEqual([
      UNKNOWN,
      UNKNOWN,
      UNKNOWN,
      UNKNOWN,
    ]);
    expect(m.spec.template.metadata?.annotations).toEqual({ "run.googleapis.com/secrets": UNKNOWN });
  });
});

describe("values unknown where the schema wants a number, a boolean, an object or a list", () => {
  it("still give a canonical manifest, with the placeholder where the value will be", () => {
    const { manifest, failures } = checkJobManifest(
      jobManifest({
        metadata: { labels: UNKNOWN as unknown as Record<string, unknown>, namespace: "my-project" },
        execution: { taskCount: UNKNOWN, parallelism: 0 },
        task: { maxRetries: UNKNOWN, timeoutSeconds: 600 },
        container: {
          env: UNKNOWN as unknown as Record<string, unknown>[],
          resources: { limits: { cpu: "1000m", memory: "1Gi" } },
          ports: [{ containerPort: UNKNOWN, protocol: "TCP" }],
        },
        extra: { status: UNKNOWN },
      }),
    );
    expect(failures).toEqual([]);
    expect(manifest).toMatchInlineSnapshot(`
      {
        "metadata": {
          "labels": "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
          "name": "my-job",
        },
        "project": "my-project",
        "spec": {
          "template": {
            "spec": {
              "taskCount": "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
              "template": {
                "spec": {
                  "containers": [
                    {
                      "env": "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
                      "image": "us-docker.pkg.dev/cloudrun/container/job:latest",
                      "ports": [
                        {
                          "containerPort": "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
                        },
                      ],
                      "resources": {
                        "limits": {
                          "memory": "1Gi",
                        },
                      },
                    },
                  ],
                  "maxRetries": "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
                },
              },
            },
          },
        },
      }
    `);
  });

  it("give no manifest (and no failure) when nothing can stand in", () => {
    expect(checkJobManifest(jobManifest({ containers: UNKNOWN as unknown as Record<string, unknown>[] }))).toEqual({ failures: [] });
  });
});
