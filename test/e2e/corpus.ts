// Fifty valid manifests that cover the v1 Job schema, for the zero-perpetual-diff tests:
// each is created, then preview / refresh / preview must all report no changes. Small
// builders, not pasted JSON; a few are in the shape `gcloud run jobs describe` prints, with
// server-managed fields and status still in them.
type M = Record<string, unknown>;

interface Shape {
  metadata?: M;
  template?: M; // ExecutionTemplateSpec.metadata
  exec?: M; // ExecutionSpec fields beside `template`
  task?: M; // TaskSpec fields beside `containers`
  container?: M; // fields of the first container beside `image`
  containers?: M[]; // extra containers
  spec?: M; // JobSpec fields beside `template`
  top?: M; // top-level fields (apiVersion, kind, status)
}

export function manifest(name: string, s: Shape = {}): M {
  return {
    apiVersion: "run.googleapis.com/v1",
    kind: "Job",
    ...(s.top ?? {}),
    metadata: { name, ...(s.metadata ?? {}) },
    spec: {
      ...(s.spec ?? {}),
      template: {
        ...(s.template ? { metadata: s.template } : {}),
        spec: {
          ...(s.exec ?? {}),
          template: {
            spec: {
              containers: [{ image: "us-docker.pkg.dev/cloudrun/container/job:latest", ...(s.container ?? {}) }, ...(s.containers ?? [])],
              ...(s.task ?? {}),
            },
          },
        },
      },
    },
  };
}

const exported = (name: string, extra: Shape = {}): M =>
  manifest(name, {
    ...extra,
    top: {
      status: {
        observedGeneration: 1,
        conditions: [{ type: "Ready", status: "True", lastTransitionTime: "2026-01-01T00:00:00.000000Z" }],
        executionCount: 2,
        latestCreatedExecution: {
          name: `${name}-x7k2p`,
          creationTimestamp: "2026-01-01T00:00:00Z",
          completionStatus: "EXECUTION_SUCCEEDED",
        },
      },
    },
    metadata: {
      namespace: "e2e-project",
      uid: "1f7a3f62-9d0e-4a0f-8e6b-1b7a9d1c2e3f",
      generation: 1,
      resourceVersion: "AAYvXx1y2z3",
      selfLink: `/apis/run.googleapis.com/v1/namespaces/123456789/jobs/${name}`,
      creationTimestamp: "2026-01-01T00:00:00.000000Z",
      labels: { "cloud.googleapis.com/location": "europe-west1" },
      annotations: {
        "run.googleapis.com/client-name": "gcloud",
        "run.googleapis.com/client-version": "500.0.0",
        "run.googleapis.com/creator": "someone@example.com",
        "run.googleapis.com/lastModifier": "someone@example.com",
        "run.googleapis.com/operation-id": "5e1b8f7c-1111-2222-3333-444455556666",
        ...((extra.metadata?.annotations as M | undefined) ?? {}),
      },
      ...Object.fromEntries(Object.entries(extra.metadata ?? {}).filter(([k]) => k !== "annotations")),
    },
    template: {
      annotations: {
        "run.googleapis.com/client-name": "gcloud",
        "client.knative.dev/user-image": "us-docker.pkg.dev/cloudrun/container/job:latest",
      },
      ...(extra.template ?? {}),
    },
    task: {
      maxRetries: 3,
      timeoutSeconds: "600",
      serviceAccountName: "123456789-compute@developer.gserviceaccount.com",
      ...(extra.task ?? {}),
    },
    container: { resources: { limits: { cpu: "1000m", memory: "512Mi" } }, ...(extra.container ?? {}) },
  });

export const CORPUS: Array<[string, M]> = [
  ["minimal", manifest("c-minimal")],
  [
    "no-apiversion",
    (() => {
      const m = manifest("c-noapi");
      delete m.apiVersion;
      delete m.kind;
      return m;
    })(),
  ],
  ["labels", manifest("c-labels", { metadata: { labels: { team: "data", env: "prod" } } })],
  ["annotations", manifest("c-annotations", { metadata: { annotations: { "example.com/owner": "data-team" } } })],
  ["launch-stage-beta", manifest("c-beta", { metadata: { annotations: { "run.googleapis.com/launch-stage": "BETA" } } })],
  ["launch-stage-ga-explicit", manifest("c-ga", { metadata: { annotations: { "run.googleapis.com/launch-stage": "GA" } } })],
  ["command-args", manifest("c-cmd", { container: { command: ["/bin/sh", "-c"], args: ["echo hello"] } })],
  [
    "env-values",
    manifest("c-env", {
      container: {
        env: [
          { name: "A", value: "1" },
          { name: "B", value: "two" },
        ],
      },
    }),
  ],
  ["env-empty-value", manifest("c-env-empty", { container: { env: [{ name: "EMPTY", value: "" }] } })],
  [
    "env-secret-ref",
    manifest("c-env-secret", {
      container: { env: [{ name: "PASSWORD", valueFrom: { secretKeyRef: { name: "db-password", key: "latest" } } }] },
    }),
  ],
  [
    "env-secret-version",
    manifest("c-env-secret-v", { container: { env: [{ name: "TOKEN", valueFrom: { secretKeyRef: { name: "api-token", key: "3" } } }] } }),
  ],
  ["limits-cpu-2", manifest("c-cpu2", { container: { resources: { limits: { cpu: "2", memory: "1Gi" } } } })],
  ["limits-cpu-millis", manifest("c-cpu-m", { container: { resources: { limits: { cpu: "2000m", memory: "2Gi" } } } })],
  ["limits-defaults-explicit", manifest("c-limits-def", { container: { resources: { limits: { cpu: "1", memory: "512Mi" } } } })],
  ["limits-memory-only", manifest("c-mem", { container: { resources: { limits: { memory: "1Gi" } } } })],
  ["limits-4cpu", manifest("c-cpu4", { container: { resources: { limits: { cpu: "4", memory: "4Gi" } } } })],
  ["task-count", manifest("c-tasks", { exec: { taskCount: 5 } })],
  ["parallelism", manifest("c-par", { exec: { taskCount: 10, parallelism: 3 } })],
  ["task-count-1-explicit", manifest("c-tasks1", { exec: { taskCount: 1 } })],
  ["max-retries-0", manifest("c-retry0", { task: { maxRetries: 0 } })],
  ["max-retries-3-explicit", manifest("c-retry3", { task: { maxRetries: 3 } })],
  ["max-retries-10", manifest("c-retry10", { task: { maxRetries: 10 } })],
  ["timeout-string", manifest("c-timeout-s", { task: { timeoutSeconds: "1800" } })],
  ["timeout-number", manifest("c-timeout-n", { task: { timeoutSeconds: 3600 } })],
  ["timeout-default-explicit", manifest("c-timeout-d", { task: { timeoutSeconds: "600" } })],
  ["service-account", manifest("c-sa", { task: { serviceAccountName: "runner@e2e-project.iam.gserviceaccount.com" } })],
  ["default-service-account", manifest("c-sa-def", { task: { serviceAccountName: "123456789-compute@developer.gserviceaccount.com" } })],
  ["working-dir", manifest("c-wd", { container: { workingDir: "/app" } })],
  ["named-container", manifest("c-named", { container: { name: "main" } })],
  ["two-containers", manifest("c-two", { container: { name: "main" }, containers: [{ name: "sidecar", image: "busybox" }] })],
  ["ports", manifest("c-ports", { container: { ports: [{ containerPort: 9090, name: "http1" }] } })],
  [
    "secret-volume",
    manifest("c-secret-vol", {
      container: { volumeMounts: [{ name: "creds", mountPath: "/secrets" }] },
      task: { volumes: [{ name: "creds", secret: { secretName: "creds", items: [{ key: "latest", path: "creds.json" }] } }] },
    }),
  ],
  [
    "empty-dir",
    manifest("c-emptydir", {
      container: { volumeMounts: [{ name: "scratch", mountPath: "/scratch" }] },
      task: { volumes: [{ name: "scratch", emptyDir: { medium: "Memory", sizeLimit: "256Mi" } }] },
    }),
  ],
  [
    "gcs-volume",
    manifest("c-gcs", {
      container: { volumeMounts: [{ name: "data", mountPath: "/data" }] },
      task: {
        volumes: [
          { name: "data", csi: { driver: "gcsfuse.run.googleapis.com", readOnly: true, volumeAttributes: { bucketName: "my-bucket" } } },
        ],
      },
    }),
  ],
  [
    "nfs-volume",
    manifest("c-nfs", {
      container: { volumeMounts: [{ name: "share", mountPath: "/share" }] },
      task: { volumes: [{ name: "share", nfs: { server: "10.0.0.2", path: "/exports", readOnly: false } }] },
    }),
  ],
  [
    "cloudsql",
    manifest("c-sql", { template: { annotations: { "run.googleapis.com/cloudsql-instances": "e2e-project:europe-west1:db" } } }),
  ],
  [
    "vpc-connector-short",
    manifest("c-vpc", {
      template: {
        annotations: { "run.googleapis.com/vpc-access-connector": "my-connector", "run.googleapis.com/vpc-access-egress": "all-traffic" },
      },
    }),
  ],
  [
    "vpc-egress-private",
    manifest("c-vpc-priv", {
      template: {
        annotations: {
          "run.googleapis.com/vpc-access-connector": "projects/e2e-project/locations/europe-west1/connectors/c1",
          "run.googleapis.com/vpc-access-egress": "private-ranges-only",
        },
      },
    }),
  ],
  [
    "network-interfaces",
    manifest("c-netif", {
      template: { annotations: { "run.googleapis.com/network-interfaces": '[{"network":"default","subnetwork":"default"}]' } },
    }),
  ],
  ["execution-env-gen2", manifest("c-gen2", { template: { annotations: { "run.googleapis.com/execution-environment": "gen2" } } })],
  [
    "encryption-key",
    manifest("c-cmek", {
      template: {
        annotations: { "run.googleapis.com/encryption-key": "projects/e2e-project/locations/europe-west1/keyRings/r/cryptoKeys/k" },
      },
    }),
  ],
  ["binary-authorization", manifest("c-binauthz", { metadata: { annotations: { "run.googleapis.com/binary-authorization": "default" } } })],
  ["template-labels", manifest("c-tlabels", { template: { labels: { tier: "batch" } } })],
  ["execution-labels-and-job-labels", manifest("c-both-labels", { metadata: { labels: { a: "1" } }, template: { labels: { b: "2" } } })],
  ["exported-minimal", exported("c-exported")],
  ["exported-with-env", exported("c-exported-env", { container: { env: [{ name: "MODE", value: "batch" }] } })],
  ["exported-with-tasks", exported("c-exported-tasks", { exec: { taskCount: 3, parallelism: 3 } })],
  [
    "exported-with-labels",
    exported("c-exported-labels", { metadata: { labels: { "cloud.googleapis.com/location": "europe-west1", team: "ops" } } }),
  ],
  ["start-token", manifest("c-start-token", { spec: { startExecutionToken: "t1" } })],
  ["run-token", manifest("c-run-token", { spec: { runExecutionToken: "r1" } })],
  [
    "startup-probe-tcp",
    manifest("c-probe", { container: { ports: [{ containerPort: 8080 }], startupProbe: { tcpSocket: { port: 8080 }, periodSeconds: 5 } } }),
  ],
];
