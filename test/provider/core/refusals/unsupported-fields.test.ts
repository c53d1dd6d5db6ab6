// Fields Cloud Run does not support, or the v2 client cannot carry: each refused, its message
// pinned, naming the property and what to use instead. One test per case (eachCase).
import { describe } from "vitest";
import { eachCase, raw, secretEnv } from "./each-case";
import { jobManifest } from "../../../fixtures/manifests";

describe("fields Cloud Run does not support, or the v2 client cannot carry", () => {
  describe("refuses each with what to use instead", () => {
    eachCase({
      generateName: {
        manifest: { metadata: { generateName: "job-" } },
        failures: [
          "metadata.generateName: server-generated names are not available through the v2 API: leave `metadata.name` out and Pulumi names the job",
        ],
      },
      clusterName: {
        manifest: { metadata: { clusterName: "c" } },
        failures: ["metadata.clusterName: Cloud Run has no such Kubernetes feature: remove `clusterName`"],
      },
      finalizers: {
        manifest: { metadata: { finalizers: ["x"] } },
        failures: ["metadata.finalizers: Cloud Run has no such Kubernetes feature: remove `finalizers`"],
      },
      deletionGracePeriodSeconds: {
        manifest: { metadata: { deletionGracePeriodSeconds: 30 } },
        failures: ["metadata.deletionGracePeriodSeconds: Cloud Run has no such Kubernetes feature: remove `deletionGracePeriodSeconds`"],
      },
      ownerReferences: {
        manifest: { metadata: { ownerReferences: [{ name: "x" }] } },
        failures: [
          "metadata.ownerReferences: Cloud Run has no such Kubernetes feature: remove `ownerReferences` and use Pulumi's `parent`/`dependsOn` options",
        ],
      },
      templateName: {
        manifest: { templateMetadata: { name: "exec" } },
        failures: ["spec.template.metadata.name: executions are named by Cloud Run (template name must be unspecified): remove it"],
      },
      templateNamespace: {
        manifest: { templateMetadata: { namespace: "p" } },
        failures: [
          "spec.template.metadata.namespace: executions live in the job's project: remove it and set `metadata.namespace` or `project`",
        ],
      },
      delayExecution: {
        manifest: { execution: { delayExecution: true } },
        failures: [
          "spec.template.spec.delayExecution: the v2 gRPC API of @google-cloud/run 4.2 cannot delay executions: remove `delayExecution`",
        ],
      },
      sandboxLauncher: {
        manifest: { container: { sandboxLauncher: true } },
        failures: [
          "spec.template.spec.template.spec.containers[0].sandboxLauncher: the v2 gRPC API of @google-cloud/run 4.2 has no `sandboxLauncher`: remove it",
        ],
      },
      envFrom: {
        manifest: { container: { envFrom: [{ secretRef: { name: "s" } }] } },
        failures: [
          "spec.template.spec.template.spec.containers[0].envFrom: Cloud Run cannot import whole ConfigMaps or Secrets: list each variable in `env` with `valueFrom.secretKeyRef`",
        ],
      },
      imagePullPolicy: {
        manifest: { container: { imagePullPolicy: "Always" } },
        failures: [
          "spec.template.spec.template.spec.containers[0].imagePullPolicy: Cloud Run resolves the image to a digest when the job is deployed: remove `imagePullPolicy`",
        ],
      },
      securityContext: {
        manifest: { container: { securityContext: { runAsUser: 1000 } } },
        failures: [
          "spec.template.spec.template.spec.containers[0].securityContext: Cloud Run runs containers with the image's user: remove `securityContext` (set USER in the image)",
        ],
      },
      terminationMessagePath: {
        manifest: { container: { terminationMessagePath: "/dev/termination-log" } },
        failures: [
          "spec.template.spec.template.spec.containers[0].terminationMessagePath: Cloud Run does not read termination messages: remove it and write to stdout/stderr (Cloud Logging)",
        ],
      },
      terminationMessagePolicy: {
        manifest: { container: { terminationMessagePolicy: "File" } },
        failures: [
          "spec.template.spec.template.spec.containers[0].terminationMessagePolicy: Cloud Run does not read termination messages: remove it and write to stdout/stderr (Cloud Logging)",
        ],
      },
      configMapKeyRef: {
        manifest: { container: { env: [{ name: "A", valueFrom: { configMapKeyRef: { name: "c", key: "k" } } }] } },
        failures: [
          "spec.template.spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef: Cloud Run has no ConfigMaps: store the value in Secret Manager and use `secretKeyRef`",
        ],
      },
      secretKeyRefOptional: {
        manifest: { container: secretEnv({ name: "s", key: "latest", optional: true }) },
        failures: [
          "spec.template.spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.optional: Cloud Run always requires the secret to exist: remove `optional`",
        ],
      },
      requests: {
        manifest: { container: { resources: { requests: { cpu: "1" } } } },
        failures: [
          "spec.template.spec.template.spec.containers[0].resources.requests: Cloud Run sizes instances by `limits` only: move cpu and memory to `resources.limits`",
        ],
      },
      udpPort: {
        manifest: { container: { ports: [{ containerPort: 53, protocol: "UDP" }] } },
        failures: [
          "spec.template.spec.template.spec.containers[0].ports[0].protocol: Cloud Run only serves TCP ports: use `TCP` or leave `protocol` out",
        ],
      },
      twoPorts: {
        manifest: { container: { ports: [{ containerPort: 80 }, { containerPort: 81 }] } },
        failures: ["spec.template.spec.template.spec.containers[0].ports: only one port can be specified"],
      },
      portName: {
        manifest: { container: { ports: [{ name: "http2" }] } },
        failures: ["spec.template.spec.template.spec.containers[0].ports[0].name: must be `http1` or `h2c`"],
      },
      mountReadOnly: {
        manifest: {
          container: { volumeMounts: [{ name: "v", mountPath: "/v", readOnly: true }] },
          task: { volumes: [{ name: "v", emptyDir: {} }] },
        },
        failures: [
          "spec.template.spec.template.spec.containers[0].volumeMounts[0].readOnly: Cloud Run ignores `readOnly` on mounts: set `readOnly: true` on the volume (`csi`, `nfs`) instead",
        ],
      },
      execProbe: {
        manifest: { container: { livenessProbe: { exec: { command: ["true"] } } } },
        failures: [
          "spec.template.spec.template.spec.containers[0].livenessProbe.exec: Cloud Run cannot run commands as probes: use `httpGet`, `tcpSocket` or `grpc`",
        ],
      },
      successThreshold: {
        manifest: { container: { livenessProbe: { tcpSocket: {}, successThreshold: 2 } } },
        failures: [
          "spec.template.spec.template.spec.containers[0].livenessProbe.successThreshold: Cloud Run requires 1 if set: remove `successThreshold`",
        ],
      },
      httpGetHost: {
        manifest: { container: { livenessProbe: { httpGet: { host: "example.com" } } } },
        failures: [
          "spec.template.spec.template.spec.containers[0].livenessProbe.httpGet.host: Cloud Run probes always target the container itself: remove `host`",
        ],
      },
      httpGetScheme: {
        manifest: { container: { livenessProbe: { httpGet: { scheme: "HTTPS" } } } },
        failures: [
          "spec.template.spec.template.spec.containers[0].livenessProbe.httpGet.scheme: Cloud Run probes use plain HTTP to the container: remove `scheme`",
        ],
      },
      tcpSocketHost: {
        manifest: { container: { livenessProbe: { tcpSocket: { host: "example.com" } } } },
        failures: [
          "spec.template.spec.template.spec.containers[0].livenessProbe.tcpSocket.host: Cloud Run probes always target the container itself: remove `host`",
        ],
      },
      configMapVolume: {
        manifest: { task: { volumes: [{ name: "v", configMap: { name: "c" } }] } },
        failures: [
          "spec.template.spec.template.spec.volumes[0].configMap: Cloud Run has no ConfigMaps: store the file in Secret Manager and mount it with a `secret` volume",
        ],
      },
      secretVolumeOptional: {
        manifest: { task: { volumes: [{ name: "v", secret: { secretName: "s", optional: true } }] } },
        failures: [
          "spec.template.spec.template.spec.volumes[0].secret.optional: Cloud Run always requires the secret to exist: remove `optional`",
        ],
      },
      otherCsiDriver: {
        manifest: { task: { volumes: [{ name: "v", csi: { driver: "pd.csi.storage.gke.io" } }] } },
        failures: [
          "spec.template.spec.template.spec.volumes[0].csi.driver: Cloud Run only supports the `gcsfuse.run.googleapis.com` CSI driver (Cloud Storage volumes)",
        ],
      },
      emptyDirDisk: {
        manifest: { task: { volumes: [{ name: "v", emptyDir: { medium: "Disk" } }] } },
        failures: [
          'spec.template.spec.template.spec.volumes[0].emptyDir.medium: must be "" or `Memory`: Cloud Run keeps emptyDir volumes in memory',
        ],
      },
      apiVersion: {
        manifest: raw({ ...jobManifest(), apiVersion: "serving.knative.dev/v1" }),
        failures: ["apiVersion: must be `run.googleapis.com/v1`"],
      },
      kind: {
        manifest: raw({ ...jobManifest(), kind: "Service" }),
        failures: ["kind: must be `Job`"],
      },
    });
  });
});
