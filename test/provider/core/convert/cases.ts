// The pulumi-gcp argument shapes the converter is proven on: each with the v2 Job pulumi-gcp's
// provider sends for it (per the Terraform google_cloud_run_v2_job reference). Used by the unit
// test (from-cloudrunv2.test.ts) and, against the emulator, by test/provider/engine/convert-adopt.test.ts.
import type { ApiJob } from "../../../../provider/core/api";
import { type GcpParts, IMAGE } from "./helpers";

export interface Case {
  parts: GcpParts;
  /** The v2 Job pulumi-gcp sends for these arguments. */
  sends: ApiJob;
  /** The fields this package sends, when they differ from `sends` by server defaults only. */
  ours?: ApiJob;
  /** Notes the conversion must give. */
  notes?: RegExp[];
}

const task = (template: ApiJob["template"], tt: NonNullable<ApiJob["template"]>["template"]): ApiJob => ({
  template: { ...template, template: tt },
});

export const CASES: Record<string, Case> = {
  "env values, Secret Manager references and a secret volume with items": {
    parts: {
      container: {
        envs: [
          { name: "MODE", value: "batch" },
          { name: "API_KEY", valueSource: { secretKeyRef: { secret: "api-key", version: "3" } } },
          { name: "DB_PASSWORD", valueSource: { secretKeyRef: { secret: "projects/other/secrets/db", version: "latest" } } },
        ],
        volumeMounts: [{ name: "creds", mountPath: "/secrets" }],
      },
      task: {
        volumes: [
          { name: "creds", secret: { secret: "creds", defaultMode: 0o400, items: [{ path: "key.json", version: "2", mode: 0o400 }] } },
        ],
      },
    },
    sends: task(
      {},
      {
        containers: [
          {
            image: IMAGE,
            env: [
              { name: "MODE", value: "batch" },
              { name: "API_KEY", valueSource: { secretKeyRef: { secret: "api-key", version: "3" } } },
              { name: "DB_PASSWORD", valueSource: { secretKeyRef: { secret: "projects/other/secrets/db", version: "latest" } } },
            ],
            volumeMounts: [{ name: "creds", mountPath: "/secrets" }],
          },
        ],
        volumes: [
          { name: "creds", secret: { secret: "creds", defaultMode: 0o400, items: [{ path: "key.json", version: "2", mode: 0o400 }] } },
        ],
      },
    ),
  },
  "emptyDir, Cloud Storage and NFS volumes": {
    parts: {
      container: {
        volumeMounts: [
          { name: "scratch", mountPath: "/scratch" },
          { name: "data", mountPath: "/data" },
          { name: "share", mountPath: "/share", subPath: "jobs" },
        ],
      },
      task: {
        volumes: [
          { name: "scratch", emptyDir: { medium: "MEMORY", sizeLimit: "256Mi" } },
          { name: "data", gcs: { bucket: "my-bucket", readOnly: true, mountOptions: ["implicit-dirs", "uid=1000"] } },
          { name: "share", nfs: { server: "10.0.0.2", path: "/exports", readOnly: true } },
        ],
      },
    },
    sends: task(
      {},
      {
        containers: [
          {
            image: IMAGE,
            volumeMounts: [
              { name: "scratch", mountPath: "/scratch" },
              { name: "data", mountPath: "/data" },
              { name: "share", mountPath: "/share", subPath: "jobs" },
            ],
          },
        ],
        volumes: [
          { name: "scratch", emptyDir: { medium: "MEMORY", sizeLimit: "256Mi" } },
          { name: "data", gcs: { bucket: "my-bucket", readOnly: true, mountOptions: ["implicit-dirs", "uid=1000"] } },
          { name: "share", nfs: { server: "10.0.0.2", path: "/exports", readOnly: true } },
        ],
      },
    ),
  },
  "a VPC connector with all traffic": {
    parts: { task: { vpcAccess: { connector: "projects/my-project/locations/europe-west1/connectors/run-vpc", egress: "ALL_TRAFFIC" } } },
    sends: task(
      {},
      {
        containers: [{ image: IMAGE }],
        vpcAccess: { connector: "projects/my-project/locations/europe-west1/connectors/run-vpc", egress: "ALL_TRAFFIC" },
      },
    ),
  },
  "Direct VPC egress (network interfaces)": {
    parts: {
      task: {
        vpcAccess: {
          egress: "PRIVATE_RANGES_ONLY",
          networkInterfaces: [{ network: "default", subnetwork: "default", tags: ["tag1", "tag2"] }],
        },
      },
    },
    sends: task(
      {},
      {
        containers: [{ image: IMAGE }],
        vpcAccess: {
          egress: "PRIVATE_RANGES_ONLY",
          networkInterfaces: [{ network: "default", subnetwork: "default", tags: ["tag1", "tag2"] }],
        },
      },
    ),
    // PRIVATE_RANGES_ONLY is the server's default egress (docs/cloud-run-facts.md §3.3): left to it.
    ours: task({}, { vpcAccess: { networkInterfaces: [{ network: "default", subnetwork: "default", tags: ["tag1", "tag2"] }] } }),
  },
  "a Cloud SQL volume named cloudsql": {
    parts: {
      container: { volumeMounts: [{ name: "cloudsql", mountPath: "/cloudsql" }] },
      task: { volumes: [{ name: "cloudsql", cloudSqlInstance: { instances: ["my-project:europe-west1:main"] } }] },
    },
    sends: task(
      {},
      {
        containers: [{ image: IMAGE, volumeMounts: [{ name: "cloudsql", mountPath: "/cloudsql" }] }],
        volumes: [{ name: "cloudsql", cloudSqlInstance: { instances: ["my-project:europe-west1:main"] } }],
      },
    ),
  },
  "a Cloud SQL volume of another name, mounted by one of two containers": {
    parts: {
      containers: [
        { name: "app", image: IMAGE, volumeMounts: [{ name: "db", mountPath: "/cloudsql" }] },
        { name: "sidecar", image: IMAGE },
      ],
      task: {
        volumes: [{ name: "db", cloudSqlInstance: { instances: ["my-project:europe-west1:main", "my-project:europe-west1:replica"] } }],
      },
    },
    sends: task(
      {},
      {
        containers: [
          { name: "app", image: IMAGE, volumeMounts: [{ name: "db", mountPath: "/cloudsql" }] },
          { name: "sidecar", image: IMAGE },
        ],
        volumes: [{ name: "db", cloudSqlInstance: { instances: ["my-project:europe-west1:main", "my-project:europe-west1:replica"] } }],
      },
    ),
    // v1 has one annotation for all containers (mapping/to-api.ts): the next update mounts it everywhere.
    ours: task(
      {},
      {
        containers: [
          { name: "app", image: IMAGE, volumeMounts: [{ name: "cloudsql", mountPath: "/cloudsql" }] },
          { name: "sidecar", image: IMAGE, volumeMounts: [{ name: "cloudsql", mountPath: "/cloudsql" }] },
        ],
        volumes: [
          { name: "cloudsql", cloudSqlInstance: { instances: ["my-project:europe-west1:main", "my-project:europe-west1:replica"] } },
        ],
      },
    ),
    notes: [/^template\.template\.volumes: Cloud SQL volume\(s\) `db` become the annotation/],
  },
  "a GPU": {
    parts: {
      container: { resources: { limits: { cpu: "4", memory: "16Gi", "nvidia.com/gpu": "1" } } },
      task: { nodeSelector: { accelerator: "nvidia-l4" }, gpuZonalRedundancyDisabled: true, timeout: "3600s" },
    },
    sends: task(
      {},
      {
        containers: [{ image: IMAGE, resources: { limits: { cpu: "4", memory: "16Gi", "nvidia.com/gpu": "1" } } }],
        nodeSelector: { accelerator: "nvidia-l4" },
        gpuZonalRedundancyDisabled: true,
        timeout: { seconds: 3600 },
      },
    ),
  },
  "a start execution token": {
    parts: { job: { startExecutionToken: "deploy-1" } },
    sends: { startExecutionToken: "deploy-1", ...task({}, { containers: [{ image: IMAGE }] }) },
    notes: [/^startExecutionToken: kept: adopting finds the execution `<name>-deploy-1`/],
  },
  "a run execution token": {
    parts: { job: { runExecutionToken: "migrate-7" } },
    sends: { runExecutionToken: "migrate-7", ...task({}, { containers: [{ image: IMAGE }] }) },
    notes: [/^runExecutionToken: kept: .*awaits it/],
  },
  "startup and liveness probes (httpGet, tcpSocket, grpc)": {
    parts: {
      containers: [
        {
          name: "app",
          image: IMAGE,
          ports: [{ name: "http1", containerPort: 8080 }],
          startupProbe: {
            initialDelaySeconds: 5,
            timeoutSeconds: 3,
            periodSeconds: 10,
            failureThreshold: 5,
            httpGet: { path: "/ready", port: 8080, httpHeaders: [{ name: "X-Probe", value: "1" }] },
          },
          livenessProbe: { tcpSocket: { port: 8081 } },
        },
        { name: "rpc", image: IMAGE, startupProbe: { grpc: { port: 9090, service: "health" } } },
      ],
    },
    sends: task(
      {},
      {
        containers: [
          {
            name: "app",
            image: IMAGE,
            ports: [{ name: "http1", containerPort: 8080 }],
            startupProbe: {
              initialDelaySeconds: 5,
              timeoutSeconds: 3,
              periodSeconds: 10,
              failureThreshold: 5,
              httpGet: { path: "/ready", port: 8080, httpHeaders: [{ name: "X-Probe", value: "1" }] },
            },
            livenessProbe: { tcpSocket: { port: 8081 } },
          },
          { name: "rpc", image: IMAGE, startupProbe: { grpc: { port: 9090, service: "health" } } },
        ],
      },
    ),
    // The period (10) and the port of the container's own port are the server's defaults (§3.3).
    ours: task(
      {},
      {
        containers: [
          {
            name: "app",
            image: IMAGE,
            ports: [{ name: "http1", containerPort: 8080 }],
            startupProbe: {
              initialDelaySeconds: 5,
              timeoutSeconds: 3,
              failureThreshold: 5,
              httpGet: { path: "/ready", httpHeaders: [{ name: "X-Probe", value: "1" }] },
            },
            livenessProbe: { tcpSocket: { port: 8081 } },
          },
          { name: "rpc", image: IMAGE, startupProbe: { grpc: { port: 9090, service: "health" } } },
        ],
      },
    ),
    notes: [/^template\.template\.containers\[0\]\.livenessProbe: kept as `livenessProbe`/],
  },
  "labels and annotations, a launch stage and Binary Authorization": {
    parts: {
      job: {
        labels: { team: "data", tier: "" },
        annotations: { "example.com/owner": "data-team" },
        launchStage: "BETA",
        binaryAuthorization: { useDefault: true, breakglassJustification: "incident 42" },
      },
      execution: { labels: { run: "nightly" }, annotations: { "example.com/note": "reruns are safe" } },
    },
    sends: {
      labels: { team: "data", tier: "" },
      annotations: { "example.com/owner": "data-team" },
      launchStage: "BETA",
      binaryAuthorization: { useDefault: true, breakglassJustification: "incident 42" },
      ...task({ labels: { run: "nightly" }, annotations: { "example.com/note": "reruns are safe" } }, { containers: [{ image: IMAGE }] }),
    },
  },
  "a Binary Authorization policy": {
    parts: { job: { binaryAuthorization: { policy: "projects/my-project/platforms/cloudRun/strict" } } },
    sends: {
      binaryAuthorization: { policy: "projects/my-project/platforms/cloudRun/strict" },
      ...task({}, { containers: [{ image: IMAGE }] }),
    },
  },
  "deletionProtection, client and clientVersion": {
    parts: { job: { deletionProtection: true, client: "terraform", clientVersion: "1.9.0" } },
    sends: { client: "terraform", clientVersion: "1.9.0", ...task({}, { containers: [{ image: IMAGE }] }) },
    // Job.client and clientVersion are advisory; this package never sends them (core/annotations.ts).
    ours: task({}, { containers: [{ image: IMAGE }] }),
    notes: [/^deletionProtection: .*set the `protect: true` resource option/, /^client: left out/, /^clientVersion: left out/],
  },
  "deletionPolicy and Resource Manager tags (@pulumi/gcp 9.x)": {
    parts: { job: { deletionPolicy: "ABANDON", tags: { "tagKeys/281478395625645": "tagValues/281479612655925" } } },
    // Neither is a Cloud Run field: pulumi-gcp keeps the first, and binds the tags through Resource Manager.
    sends: task({}, { containers: [{ image: IMAGE }] }),
    notes: [/^deletionPolicy: .*`retainOnDelete: true` \(ABANDON\)/, /^tags: Resource Manager tags/],
  },
  "service account, timeout, retries, execution environment and CMEK key": {
    parts: {
      task: {
        serviceAccount: "runner@my-project.iam.gserviceaccount.com",
        timeout: "1800s",
        maxRetries: 5,
        executionEnvironment: "EXECUTION_ENVIRONMENT_GEN2",
        encryptionKey: "projects/my-project/locations/europe-west1/keyRings/run/cryptoKeys/jobs",
      },
    },
    sends: task(
      {},
      {
        containers: [{ image: IMAGE }],
        serviceAccount: "runner@my-project.iam.gserviceaccount.com",
        timeout: { seconds: 1800 },
        maxRetries: 5,
        executionEnvironment: "EXECUTION_ENVIRONMENT_GEN2",
        encryptionKey: "projects/my-project/locations/europe-west1/keyRings/run/cryptoKeys/jobs",
      },
    ),
    // Jobs always run in gen2 (docs/cloud-run-facts.md §2.4): the server's default, left to it.
    ours: task(
      {},
      {
        containers: [{ image: IMAGE }],
        serviceAccount: "runner@my-project.iam.gserviceaccount.com",
        timeout: { seconds: 1800 },
        maxRetries: 5,
        encryptionKey: "projects/my-project/locations/europe-west1/keyRings/run/cryptoKeys/jobs",
      },
    ),
  },
  "task count and parallelism": {
    parts: { execution: { taskCount: 10, parallelism: 3 } },
    sends: task({ taskCount: 10, parallelism: 3 }, { containers: [{ image: IMAGE }] }),
  },
  "sidecar start order (dependsOns)": {
    parts: {
      containers: [
        { name: "app", image: IMAGE, dependsOns: ["proxy"] },
        { name: "proxy", image: "gcr.io/cloud-sql-connectors/cloud-sql-proxy:2" },
      ],
    },
    sends: task(
      {},
      {
        containers: [
          { name: "app", image: IMAGE, dependsOn: ["proxy"] },
          { name: "proxy", image: "gcr.io/cloud-sql-connectors/cloud-sql-proxy:2" },
        ],
      },
    ),
  },
  "commands, args, working dir, port and limits": {
    parts: {
      container: {
        commands: ["/bin/sh", "-c"],
        args: ["echo hello"],
        workingDir: "/work",
        ports: [{ containerPort: 8080 }],
        resources: { limits: { cpu: "2", memory: "1Gi" } },
      },
    },
    sends: task(
      {},
      {
        containers: [
          {
            image: IMAGE,
            command: ["/bin/sh", "-c"],
            args: ["echo hello"],
            workingDir: "/work",
            ports: [{ containerPort: 8080 }],
            resources: { limits: { cpu: "2", memory: "1Gi" } },
          },
        ],
      },
    ),
  },
};
