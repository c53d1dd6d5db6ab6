// Every refusal check makes, with its message pinned: each names the property and the fix.
import { describe, expect, it } from "vitest";
import { checkJobManifest } from "../../../provider/core/check";
import { UNKNOWN } from "../../../provider/core/unknown";
import { jobManifest, type ManifestParts } from "../../fixtures/manifests";

type Case = ManifestParts | Record<string, unknown>;
const raw = (value: Record<string, unknown>) => ({ raw: value });

/** Runs check on each case and lists its failures as `property: reason`. */
function failuresOf(cases: Record<string, Case | { raw: Record<string, unknown> }>): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(cases).map(([name, parts]) => {
      const input = "raw" in parts ? (parts.raw as Record<string, unknown>) : jobManifest(parts as ManifestParts);
      const { manifest, failures } = checkJobManifest(input);
      if (failures.length === 0 && manifest) return [name, ["(accepted)"]];
      return [name, failures.map((f) => `${f.property}: ${f.reason}`)];
    }),
  );
}

const secretEnv = (ref: Record<string, unknown>) => ({ env: [{ name: "TOKEN", valueFrom: { secretKeyRef: ref } }] });

describe("fields Cloud Run does not support, or the v2 client cannot carry", () => {
  it("refuses each with what to use instead", () => {
    expect(
      failuresOf({
        generateName: { metadata: { generateName: "job-" } },
        clusterName: { metadata: { clusterName: "c" } },
        finalizers: { metadata: { finalizers: ["x"] } },
        deletionGracePeriodSeconds: { metadata: { deletionGracePeriodSeconds: 30 } },
        ownerReferences: { metadata: { ownerReferences: [{ name: "x" }] } },
        templateName: { templateMetadata: { name: "exec" } },
        templateNamespace: { templateMetadata: { namespace: "p" } },
        delayExecution: { execution: { delayExecution: true } },
        sandboxLauncher: { container: { sandboxLauncher: true } },
        envFrom: { container: { envFrom: [{ secretRef: { name: "s" } }] } },
        imagePullPolicy: { container: { imagePullPolicy: "Always" } },
        securityContext: { container: { securityContext: { runAsUser: 1000 } } },
        terminationMessagePath: { container: { terminationMessagePath: "/dev/termination-log" } },
        terminationMessagePolicy: { container: { terminationMessagePolicy: "File" } },
        configMapKeyRef: { container: { env: [{ name: "A", valueFrom: { configMapKeyRef: { name: "c", key: "k" } } }] } },
        secretKeyRefOptional: { container: secretEnv({ name: "s", key: "latest", optional: true }) },
        requests: { container: { resources: { requests: { cpu: "1" } } } },
        udpPort: { container: { ports: [{ containerPort: 53, protocol: "UDP" }] } },
        twoPorts: { container: { ports: [{ containerPort: 80 }, { containerPort: 81 }] } },
        portName: { container: { ports: [{ name: "http2" }] } },
        mountReadOnly: { container: { volumeMounts: [{ name: "v", mountPath: "/v", readOnly: true }] }, task: { volumes: [{ name: "v", emptyDir: {} }] } },
        execProbe: { container: { livenessProbe: { exec: { command: ["true"] } } } },
        successThreshold: { container: { livenessProbe: { tcpSocket: {}, successThreshold: 2 } } },
        httpGetHost: { container: { livenessProbe: { httpGet: { host: "example.com" } } } },
        httpGetScheme: { container: { livenessProbe: { httpGet: { scheme: "HTTPS" } } } },
        tcpSocketHost: { container: { livenessProbe: { tcpSocket: { host: "example.com" } } } },
        configMapVolume: { task: { volumes: [{ name: "v", configMap: { name: "c" } }] } },
        secretVolumeOptional: { task: { volumes: [{ name: "v", secret: { secretName: "s", optional: true } }] } },
        otherCsiDriver: { task: { volumes: [{ name: "v", csi: { driver: "pd.csi.storage.gke.io" } }] } },
        emptyDirDisk: { task: { volumes: [{ name: "v", emptyDir: { medium: "Disk" } }] } },
        apiVersion: raw({ ...jobManifest(), apiVersion: "serving.knative.dev/v1" }),
        kind: raw({ ...jobManifest(), kind: "Service" }),
      }),
    ).toMatchInlineSnapshot(`
      {
        "apiVersion": [
          "apiVersion: must be \`run.googleapis.com/v1\`",
        ],
        "clusterName": [
          "metadata.clusterName: Cloud Run has no such Kubernetes feature: remove \`clusterName\`",
        ],
        "configMapKeyRef": [
          "spec.template.spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef: Cloud Run has no ConfigMaps: store the value in Secret Manager and use \`secretKeyRef\`",
        ],
        "configMapVolume": [
          "spec.template.spec.template.spec.volumes[0].configMap: Cloud Run has no ConfigMaps: store the file in Secret Manager and mount it with a \`secret\` volume",
        ],
        "delayExecution": [
          "spec.template.spec.delayExecution: the v2 gRPC API of @google-cloud/run 4.2 cannot delay executions: remove \`delayExecution\`",
        ],
        "deletionGracePeriodSeconds": [
          "metadata.deletionGracePeriodSeconds: Cloud Run has no such Kubernetes feature: remove \`deletionGracePeriodSeconds\`",
        ],
        "emptyDirDisk": [
          "spec.template.spec.template.spec.volumes[0].emptyDir.medium: must be "" or \`Memory\`: Cloud Run keeps emptyDir volumes in memory",
        ],
        "envFrom": [
          "spec.template.spec.template.spec.containers[0].envFrom: Cloud Run cannot import whole ConfigMaps or Secrets: list each variable in \`env\` with \`valueFrom.secretKeyRef\`",
        ],
        "execProbe": [
          "spec.template.spec.template.spec.containers[0].livenessProbe.exec: Cloud Run cannot run commands as probes: use \`httpGet\`, \`tcpSocket\` or \`grpc\`",
        ],
        "finalizers": [
          "metadata.finalizers: Cloud Run has no such Kubernetes feature: remove \`finalizers\`",
        ],
        "generateName": [
          "metadata.generateName: server-generated names are not available through the v2 API: leave \`metadata.name\` out and Pulumi names the job",
        ],
        "httpGetHost": [
          "spec.template.spec.template.spec.containers[0].livenessProbe.httpGet.host: Cloud Run probes always target the container itself: remove \`host\`",
        ],
        "httpGetScheme": [
          "spec.template.spec.template.spec.containers[0].livenessProbe.httpGet.scheme: Cloud Run probes use plain HTTP to the container: remove \`scheme\`",
        ],
        "imagePullPolicy": [
          "spec.template.spec.template.spec.containers[0].imagePullPolicy: Cloud Run resolves the image to a digest when the job is deployed: remove \`imagePullPolicy\`",
        ],
        "kind": [
          "kind: must be \`Job\`",
        ],
        "mountReadOnly": [
          "spec.template.spec.template.spec.containers[0].volumeMounts[0].readOnly: Cloud Run ignores \`readOnly\` on mounts: set \`readOnly: true\` on the volume (\`csi\`, \`nfs\`) instead",
        ],
        "otherCsiDriver": [
          "spec.template.spec.template.spec.volumes[0].csi.driver: Cloud Run only supports the \`gcsfuse.run.googleapis.com\` CSI driver (Cloud Storage volumes)",
        ],
        "ownerReferences": [
          "metadata.ownerReferences: Cloud Run has no such Kubernetes feature: remove \`ownerReferences\` and use Pulumi's \`parent\`/\`dependsOn\` options",
        ],
        "portName": [
          "spec.template.spec.template.spec.containers[0].ports[0].name: must be \`http1\` or \`h2c\`",
        ],
        "requests": [
          "spec.template.spec.template.spec.containers[0].resources.requests: Cloud Run sizes instances by \`limits\` only: move cpu and memory to \`resources.limits\`",
        ],
        "sandboxLauncher": [
          "spec.template.spec.template.spec.containers[0].sandboxLauncher: the v2 gRPC API of @google-cloud/run 4.2 has no \`sandboxLauncher\`: remove it",
        ],
        "secretKeyRefOptional": [
          "spec.template.spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.optional: Cloud Run always requires the secret to exist: remove \`optional\`",
        ],
        "secretVolumeOptional": [
          "spec.template.spec.template.spec.volumes[0].secret.optional: Cloud Run always requires the secret to exist: remove \`optional\`",
        ],
        "securityContext": [
          "spec.template.spec.template.spec.containers[0].securityContext: Cloud Run runs containers with the image's user: remove \`securityContext\` (set USER in the image)",
        ],
        "successThreshold": [
          "spec.template.spec.template.spec.containers[0].livenessProbe.successThreshold: Cloud Run requires 1 if set: remove \`successThreshold\`",
        ],
        "tcpSocketHost": [
          "spec.template.spec.template.spec.containers[0].livenessProbe.tcpSocket.host: Cloud Run probes always target the container itself: remove \`host\`",
        ],
        "templateName": [
          "spec.template.metadata.name: executions are named by Cloud Run (template name must be unspecified): remove it",
        ],
        "templateNamespace": [
          "spec.template.metadata.namespace: executions live in the job's project: remove it and set \`metadata.namespace\` or \`project\`",
        ],
        "terminationMessagePath": [
          "spec.template.spec.template.spec.containers[0].terminationMessagePath: Cloud Run does not read termination messages: remove it and write to stdout/stderr (Cloud Logging)",
        ],
        "terminationMessagePolicy": [
          "spec.template.spec.template.spec.containers[0].terminationMessagePolicy: Cloud Run does not read termination messages: remove it and write to stdout/stderr (Cloud Logging)",
        ],
        "twoPorts": [
          "spec.template.spec.template.spec.containers[0].ports: only one port can be specified",
        ],
        "udpPort": [
          "spec.template.spec.template.spec.containers[0].ports[0].protocol: Cloud Run only serves TCP ports: use \`TCP\` or leave \`protocol\` out",
        ],
      }
    `);
  });
});

describe("validation rules", () => {
  it("names, tokens and required fields", () => {
    expect(
      failuresOf({
        uppercaseName: { metadata: { name: "My_Job" } },
        longName: { metadata: { name: `j${"x".repeat(63)}` } },
        trailingHyphen: { metadata: { name: "job-" } },
        bothTokens: { spec: { startExecutionToken: "a", runExecutionToken: "b" } },
        tokenTooLong: { metadata: { name: "a".repeat(40) }, spec: { runExecutionToken: "t".repeat(23) } },
        tokenCharacters: { spec: { startExecutionToken: "Build_7" } },
        noSpec: raw({ metadata: { name: "j" } }),
        noTaskSpec: raw({ spec: { template: { spec: { template: {} } } } }),
        noContainers: { containers: [] },
        noImage: { containers: [{ name: "app" }] },
        containersNotAList: raw({ spec: { template: { spec: { template: { spec: { containers: { image: "x" } } } } } } }),
        maxRetriesAsString: { task: { maxRetries: "3" } },
        labelNotAString: { metadata: { labels: { version: 2 } } },
        envWithoutName: { container: { env: [{ value: "x" }] } },
        valueAndValueFrom: { container: { env: [{ name: "A", value: "x", valueFrom: { secretKeyRef: { name: "s", key: "1" } } }] } },
        valueFromEmpty: { container: { env: [{ name: "A", valueFrom: {} }] } },
        secretWithoutKey: { container: secretEnv({ name: "s" }) },
        secretWithoutName: { container: secretEnv({ key: "latest" }) },
        secretNameBad: { container: secretEnv({ name: "a/b", key: "latest" }) },
        duplicateSecretEnv: { container: { env: [{ name: "T", valueFrom: { secretKeyRef: { name: "s", key: "1" } } }, { name: "T", valueFrom: { secretKeyRef: { name: "s", key: "2" } } }] } },
        reservedEnv: { container: { env: [{ name: "CLOUD_RUN_TASK_INDEX", value: "0" }] } },
        duplicateContainerName: { containers: [{ name: "a", image: "x" }, { name: "a", image: "y" }] },
        unnamedSidecar: { containers: [{ name: "a", image: "x" }, { image: "y" }] },
        badContainerName: { container: { name: "App" } },
      }),
    ).toMatchInlineSnapshot(`
      {
        "badContainerName": [
          "spec.template.spec.template.spec.containers[0].name: \`App\` is not a DNS label: use lowercase letters, digits and \`-\`, at most 63",
        ],
        "bothTokens": [
          "spec.runExecutionToken: set at most one of \`startExecutionToken\` and \`runExecutionToken\` (they are one choice in v2)",
        ],
        "containersNotAList": [
          "spec.template.spec.template.spec.containers: is required: a list with at least one container",
        ],
        "duplicateContainerName": [
          "spec.template.spec.template.spec.containers[1].name: \`a\` names two containers: give each a different name",
        ],
        "duplicateSecretEnv": [
          "spec.template.spec.template.spec.containers[0].env[1].name: \`T\` is set from a secret twice: keep one",
        ],
        "envWithoutName": [
          "spec.template.spec.template.spec.containers[0].env[0].name: is required: the variable's name",
        ],
        "labelNotAString": [
          "metadata.labels.version: must be a string: quote it in YAML",
        ],
        "longName": [
          "metadata.name: \`jxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\` is 64 characters long: job names have at most 63",
        ],
        "maxRetriesAsString": [
          "spec.template.spec.template.spec.maxRetries: must be a whole number between 0 and 10 (Cloud Run's limit on retries per task), got "3"",
        ],
        "noContainers": [
          "spec.template.spec.template.spec.containers: needs at least one container",
        ],
        "noImage": [
          "spec.template.spec.template.spec.containers[0].image: is required: the container image, e.g. us-docker.pkg.dev/cloudrun/container/job",
        ],
        "noSpec": [
          "spec: is required: add \`spec\`",
        ],
        "noTaskSpec": [
          "spec.template.spec.template.spec: is required: add \`spec\`",
        ],
        "reservedEnv": [
          "spec.template.spec.template.spec.containers[0].env[0].name: \`CLOUD_RUN_TASK_INDEX\` is set by Cloud Run: use another name",
        ],
        "secretNameBad": [
          "spec.template.spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name: \`a/b\` is not a secret: use a secret id, \`projects/<p>/secrets/<s>\`, or an alias from \`run.googleapis.com/secrets\`",
        ],
        "secretWithoutKey": [
          "spec.template.spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.key: is required: the secret version, e.g. "latest" or "3"",
        ],
        "secretWithoutName": [
          "spec.template.spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name: is required: the Secret Manager secret (or an alias from \`run.googleapis.com/secrets\`)",
        ],
        "tokenCharacters": [
          "spec.startExecutionToken: \`Build_7\` cannot name an execution (\`<job>-<token>\`): use lowercase letters, digits and \`-\`, not starting or ending with \`-\`",
        ],
        "tokenTooLong": [
          "spec.runExecutionToken: job name (40) + token (23) is 63 characters: together they must be fewer than 63, shorten the token to at most 22",
        ],
        "trailingHyphen": [
          "metadata.name: \`job-\` is not a valid job name: use lowercase letters, digits and \`-\`, start with a letter and do not end with \`-\`",
        ],
        "unnamedSidecar": [
          "spec.template.spec.template.spec.containers[1].name: is required when the job has more than one container: name each container",
        ],
        "uppercaseName": [
          "metadata.name: \`My_Job\` is not a valid job name: use lowercase letters, digits and \`-\`, start with a letter and do not end with \`-\`",
        ],
        "valueAndValueFrom": [
          "spec.template.spec.template.spec.containers[0].env[0]: set either \`value\` or \`valueFrom\`, not both",
        ],
        "valueFromEmpty": [
          "spec.template.spec.template.spec.containers[0].env[0].valueFrom: needs \`secretKeyRef\` (a Secret Manager secret and version)",
        ],
      }
    `);
  });

  it("volumes and mounts", () => {
    const mount = (name: string, mountPath = "/data") => ({ container: { volumeMounts: [{ name, mountPath }] } });
    expect(
      failuresOf({
        mountWithoutVolume: { ...mount("data"), task: { volumes: [{ name: "other", emptyDir: {} }] } },
        mountNoVolumes: mount("data"),
        mountCloudsql: mount("cloudsql"),
        relativeMountPath: { ...mount("v", "data"), task: { volumes: [{ name: "v", emptyDir: {} }] } },
        colonInMountPath: { ...mount("v", "/a:b"), task: { volumes: [{ name: "v", emptyDir: {} }] } },
        twoMountsOnePath: {
          container: { volumeMounts: [{ name: "v", mountPath: "/d" }, { name: "w", mountPath: "/d" }] },
          task: { volumes: [{ name: "v", emptyDir: {} }, { name: "w", emptyDir: {} }] },
        },
        subPathOnSecret: {
          container: { volumeMounts: [{ name: "s", mountPath: "/s", subPath: "x" }] },
          task: { volumes: [{ name: "s", secret: { secretName: "s" } }] },
        },
        volumeNamedCloudsql: { task: { volumes: [{ name: "cloudsql", emptyDir: {} }] } },
        duplicateVolume: { task: { volumes: [{ name: "v", emptyDir: {} }, { name: "v", emptyDir: {} }] } },
        volumeWithoutSource: { task: { volumes: [{ name: "v" }] } },
        volumeTwoSources: { task: { volumes: [{ name: "v", emptyDir: {}, nfs: { server: "s", path: "/p" } }] } },
        secretWithoutSecretName: { task: { volumes: [{ name: "v", secret: {} }] } },
        secretItemWithoutPath: { task: { volumes: [{ name: "v", secret: { secretName: "s", items: [{ key: "latest" }] } }] } },
        secretModeTooBig: { task: { volumes: [{ name: "v", secret: { secretName: "s", defaultMode: 777 } }] } },
        nfsWithoutServer: { task: { volumes: [{ name: "v", nfs: { path: "/p" } }] } },
        emptyDirBadSize: { task: { volumes: [{ name: "v", emptyDir: { sizeLimit: "lots" } }] } },
        gcsWithoutBucket: { task: { volumes: [{ name: "v", csi: { driver: "gcsfuse.run.googleapis.com" } }] } },
        gcsUnknownAttribute: {
          task: { volumes: [{ name: "v", csi: { driver: "gcsfuse.run.googleapis.com", volumeAttributes: { bucketName: "b", cacheSize: "1Gi" } } }] },
        },
      }),
    ).toMatchInlineSnapshot(`
      {
        "colonInMountPath": [
          "spec.template.spec.template.spec.containers[0].volumeMounts[0].mountPath: must not contain \`:\`",
        ],
        "duplicateVolume": [
          "spec.template.spec.template.spec.volumes[1].name: \`v\` names two volumes: give each a different name",
        ],
        "emptyDirBadSize": [
          "spec.template.spec.template.spec.volumes[0].emptyDir.sizeLimit: \`lots\` is not a size: use e.g. "1Gi"",
        ],
        "gcsUnknownAttribute": [
          "spec.template.spec.template.spec.volumes[0].csi.volumeAttributes.cacheSize: Cloud Storage volumes take only \`bucketName\` and \`mountOptions\`: remove it",
        ],
        "gcsWithoutBucket": [
          "spec.template.spec.template.spec.volumes[0].csi.volumeAttributes.bucketName: is required: the Cloud Storage bucket to mount",
        ],
        "mountCloudsql": [
          "spec.template.spec.template.spec.containers[0].volumeMounts[0].name: \`cloudsql\` is reserved: Cloud SQL sockets are mounted at /cloudsql by the \`run.googleapis.com/cloudsql-instances\` annotation; remove this mount",
        ],
        "mountNoVolumes": [
          "spec.template.spec.template.spec.containers[0].volumeMounts[0].name: no volume is named \`data\`: add it to \`volumes\`",
        ],
        "mountWithoutVolume": [
          "spec.template.spec.template.spec.containers[0].volumeMounts[0].name: no volume is named \`data\`: use one of \`other\`",
        ],
        "nfsWithoutServer": [
          "spec.template.spec.template.spec.volumes[0].nfs.server: is required: the NFS server's host name or IP address",
        ],
        "relativeMountPath": [
          "spec.template.spec.template.spec.containers[0].volumeMounts[0].mountPath: must be an absolute path, e.g. /data",
        ],
        "secretItemWithoutPath": [
          "spec.template.spec.template.spec.volumes[0].secret.items[0].path: is required: the file name in the volume",
        ],
        "secretModeTooBig": [
          "spec.template.spec.template.spec.volumes[0].secret.defaultMode: must be between 0 and 511 (file mode bits, 0 to 0777 octal; 0777 is 511 in decimal), got 777",
        ],
        "secretWithoutSecretName": [
          "spec.template.spec.template.spec.volumes[0].secret.secretName: is required: the Secret Manager secret (or an alias from \`run.googleapis.com/secrets\`)",
        ],
        "subPathOnSecret": [
          "spec.template.spec.template.spec.containers[0].volumeMounts[0].subPath: Cloud Run does not accept \`subPath\` on secret volumes: mount the volume and read the file by name",
        ],
        "twoMountsOnePath": [
          "spec.template.spec.template.spec.containers[0].volumeMounts[1].mountPath: \`/d\` is mounted twice: use one mount per path",
        ],
        "volumeNamedCloudsql": [
          "spec.template.spec.template.spec.volumes[0].name: \`cloudsql\` is reserved: declare Cloud SQL instances with the \`run.googleapis.com/cloudsql-instances\` annotation",
        ],
        "volumeTwoSources": [
          "spec.template.spec.template.spec.volumes[0]: has emptyDir and nfs: a volume has exactly one source",
        ],
        "volumeWithoutSource": [
          "spec.template.spec.template.spec.volumes[0]: needs a source: \`secret\`, \`emptyDir\`, \`nfs\` or \`csi\`",
        ],
      }
    `);
  });

  it("execution, retries, timeout, CPU/memory and GPU", () => {
    const limits = (l: Record<string, unknown>) => ({ container: { resources: { limits: l } } });
    const gpuSelector = { nodeSelector: { "run.googleapis.com/accelerator": "nvidia-l4" } };
    expect(
      failuresOf({
        parallelismOverTaskCount: { execution: { parallelism: 5, taskCount: 3 } },
        parallelismOverDefaultTaskCount: { execution: { parallelism: 2 } },
        taskCountZero: { execution: { taskCount: 0 } },
        maxRetriesEleven: { task: { maxRetries: 11 } },
        maxRetriesNegative: { task: { maxRetries: -1 } },
        timeoutOver168h: { task: { timeoutSeconds: "604801" } },
        timeoutNotSeconds: { task: { timeoutSeconds: "10m" } },
        timeoutZero: { task: { timeoutSeconds: 0 } },
        memoryWithoutEnoughCpu: limits({ memory: "8Gi" }),
        memoryTooLittleFor4Cpu: limits({ cpu: "4", memory: "1Gi" }),
        memoryOver32Gi: limits({ cpu: "8", memory: "64Gi" }),
        cpuThree: limits({ cpu: "3" }),
        fractionalCpuWithMoreMemory: limits({ cpu: "500m", memory: "1Gi" }),
        cpuTiny: limits({ cpu: "50m" }),
        cpuNotAQuantity: limits({ cpu: "fast" }),
        memoryNotAQuantity: limits({ memory: "lots" }),
        otherLimit: limits({ "ephemeral-storage": "1Gi" }),
        twoGpus: { ...limits({ cpu: "4", memory: "16Gi", "nvidia.com/gpu": "2" }), task: gpuSelector },
        gpuWithoutSelector: limits({ cpu: "4", memory: "16Gi", "nvidia.com/gpu": "1" }),
        selectorWithoutGpu: { task: gpuSelector },
        gpuWithTooLittleCpu: { ...limits({ cpu: "2", memory: "8Gi", "nvidia.com/gpu": "1" }), task: gpuSelector },
        gpuTimeoutOver1h: { ...limits({ cpu: "4", memory: "16Gi", "nvidia.com/gpu": "1" }), task: { ...gpuSelector, timeoutSeconds: "7200" } },
        otherNodeSelector: { task: { nodeSelector: { "cloud.google.com/gke-nodepool": "pool" } } },
        probeWithoutAction: { container: { startupProbe: { periodSeconds: 5 } } },
        probeTwoActions: { container: { startupProbe: { tcpSocket: {}, httpGet: {} } } },
        probeTimeoutNotBelowPeriod: { container: { livenessProbe: { tcpSocket: {}, timeoutSeconds: 5, periodSeconds: 5 } } },
        probeTimeoutOver10: { container: { livenessProbe: { tcpSocket: {}, timeoutSeconds: 11 } } },
        startupPeriodOver240: { container: { startupProbe: { tcpSocket: {}, periodSeconds: 300 } } },
        probePortZero: { container: { startupProbe: { tcpSocket: { port: 0 } } } },
      }),
    ).toMatchInlineSnapshot(`
      {
        "cpuNotAQuantity": [
          "spec.template.spec.template.spec.containers[0].resources.limits.cpu: \`fast\` is not a CPU quantity: use e.g. "1", "2" or "500m"",
        ],
        "cpuThree": [
          "spec.template.spec.template.spec.containers[0].resources.limits.cpu: 3 vCPU is not offered: use a fraction of 1 (e.g. "500m"), or 1, 2, 4, 6 or 8",
        ],
        "cpuTiny": [
          "spec.template.spec.template.spec.containers[0].resources.limits.cpu: 50m is less than the smallest CPU, 80m: raise it",
        ],
        "fractionalCpuWithMoreMemory": [
          "spec.template.spec.template.spec.containers[0].resources.limits.memory: 1Gi is more than 512Mi, the most memory for less than 1 vCPU: raise cpu to 1 or lower memory",
        ],
        "gpuTimeoutOver1h": [
          "spec.template.spec.template.spec.timeoutSeconds: must be between 1 and 3600 (seconds; 1 h is the longest a GPU task may run), got 7200",
        ],
        "gpuWithTooLittleCpu": [
          "spec.template.spec.template.spec.containers[0].resources.limits: a GPU needs at least 4 vCPU and 16Gi of memory: set cpu to "4" or more and memory to "16Gi" or more",
        ],
        "gpuWithoutSelector": [
          "spec.template.spec.template.spec.nodeSelector: a GPU limit needs the GPU type: add \`nodeSelector: {"run.googleapis.com/accelerator": "nvidia-l4"}\`",
        ],
        "maxRetriesEleven": [
          "spec.template.spec.template.spec.maxRetries: must be between 0 and 10 (Cloud Run's limit on retries per task), got 11",
        ],
        "maxRetriesNegative": [
          "spec.template.spec.template.spec.maxRetries: must be between 0 and 10 (Cloud Run's limit on retries per task), got -1",
        ],
        "memoryNotAQuantity": [
          "spec.template.spec.template.spec.containers[0].resources.limits.memory: \`lots\` is not a memory quantity: use e.g. "512Mi" or "2Gi"",
        ],
        "memoryOver32Gi": [
          "spec.template.spec.template.spec.containers[0].resources.limits.memory: 64Gi is more than 32Gi, the most memory for 8 vCPU: lower memory to at most 32Gi",
        ],
        "memoryTooLittleFor4Cpu": [
          "spec.template.spec.template.spec.containers[0].resources.limits.memory: 1Gi is less than 2Gi, the least memory for 4 vCPU: raise memory or lower cpu",
        ],
        "memoryWithoutEnoughCpu": [
          "spec.template.spec.template.spec.containers[0].resources.limits.memory: 8Gi is more than 4Gi, the most memory for 1 vCPU: raise cpu to 2 or lower memory",
        ],
        "otherLimit": [
          "spec.template.spec.template.spec.containers[0].resources.limits["ephemeral-storage"]: Cloud Run limits only \`cpu\`, \`memory\` and \`nvidia.com/gpu\`: remove it",
        ],
        "otherNodeSelector": [
          "spec.template.spec.template.spec.nodeSelector["cloud.google.com/gke-nodepool"]: Cloud Run only selects nodes by GPU type: use \`run.googleapis.com/accelerator\`",
        ],
        "parallelismOverDefaultTaskCount": [
          "spec.template.spec.parallelism: 2 is more than taskCount (1): lower parallelism or raise taskCount",
        ],
        "parallelismOverTaskCount": [
          "spec.template.spec.parallelism: 5 is more than taskCount (3): lower parallelism or raise taskCount",
        ],
        "probePortZero": [
          "spec.template.spec.template.spec.containers[0].startupProbe.tcpSocket.port: must be between 1 and 65535 (a TCP port), got 0",
        ],
        "probeTimeoutNotBelowPeriod": [
          "spec.template.spec.template.spec.containers[0].livenessProbe.timeoutSeconds: must be less than periodSeconds (5)",
        ],
        "probeTimeoutOver10": [
          "spec.template.spec.template.spec.containers[0].livenessProbe.timeoutSeconds: must be at most 10 when periodSeconds is not set",
        ],
        "probeTwoActions": [
          "spec.template.spec.template.spec.containers[0].startupProbe: has httpGet and tcpSocket: a probe has exactly one action",
        ],
        "probeWithoutAction": [
          "spec.template.spec.template.spec.containers[0].startupProbe: needs an action: \`httpGet\`, \`tcpSocket\` or \`grpc\`",
        ],
        "selectorWithoutGpu": [
          "spec.template.spec.template.spec.nodeSelector["run.googleapis.com/accelerator"]: a GPU type needs a container with \`resources.limits["nvidia.com/gpu"]: "1"\`: add it, or remove the node selector",
        ],
        "startupPeriodOver240": [
          "spec.template.spec.template.spec.containers[0].startupProbe.periodSeconds: must be at most 240 for a startup probe",
        ],
        "taskCountZero": [
          "spec.template.spec.taskCount: must be between 1 and 10000 (Cloud Run's limit on tasks per execution), got 0",
        ],
        "timeoutNotSeconds": [
          "spec.template.spec.template.spec.timeoutSeconds: \`10m\` is not a whole number of seconds: write e.g. "3600" for one hour",
        ],
        "timeoutOver168h": [
          "spec.template.spec.template.spec.timeoutSeconds: must be between 1 and 604800 (seconds; 168 h is the longest a task may run), got 604801",
        ],
        "timeoutZero": [
          "spec.template.spec.template.spec.timeoutSeconds: must be between 1 and 604800 (seconds; 168 h is the longest a task may run), got 0",
        ],
        "twoGpus": [
          "spec.template.spec.template.spec.containers[0].resources.limits["nvidia.com/gpu"]: Cloud Run gives a container at most one GPU: use "1"",
        ],
      }
    `);
  });

  it("labels, annotations, project and region", () => {
    const job = (annotations: Record<string, string>) => ({ metadata: { annotations } });
    const tpl = (annotations: Record<string, string>) => ({ templateMetadata: { annotations } });
    expect(
      failuresOf({
        reservedLabel: { metadata: { labels: { "run.googleapis.com/owner": "me" } } },
        kubernetesStyleLabel: { metadata: { labels: { "app.kubernetes.io/name": "ledger" } } },
        uppercaseLabelValue: { templateMetadata: { labels: { team: "Data Platform" } } },
        reservedTemplateLabel: { templateMetadata: { labels: { "serving.knative.dev/service": "x" } } },
        serviceAnnotation: job({ "run.googleapis.com/ingress": "all" }),
        autoscalingAnnotation: tpl({ "autoscaling.knative.dev/maxScale": "3" }),
        cloudAnnotation: job({ "cloud.googleapis.com/anything": "x" }),
        templateAnnotationOnJob: job({ "run.googleapis.com/cloudsql-instances": "p:r:i" }),
        jobAnnotationOnTemplate: tpl({ "run.googleapis.com/launch-stage": "BETA" }),
        launchStage: job({ "run.googleapis.com/launch-stage": "PREVIEW" }),
        binaryAuthorization: job({ "run.googleapis.com/binary-authorization": "strict" }),
        breakglassAlone: job({ "run.googleapis.com/binary-authorization-breakglass": "incident" }),
        binaryAuthorizationTwice: {
          metadata: { annotations: { "run.googleapis.com/binary-authorization": "default" } },
          templateMetadata: { annotations: { "run.googleapis.com/binary-authorization": "projects/p/platforms/cloudRun/strict" } },
        },
        cloudSql: tpl({ "run.googleapis.com/cloudsql-instances": "p:r:i,two:colons" }),
        connector: tpl({ "run.googleapis.com/vpc-access-connector": "projects/p/connectors/c" }),
        egress: tpl({ "run.googleapis.com/vpc-access-connector": "c1", "run.googleapis.com/vpc-access-egress": "everything" }),
        egressWithoutVpc: tpl({ "run.googleapis.com/vpc-access-egress": "all-traffic" }),
        connectorAndInterfaces: tpl({
          "run.googleapis.com/vpc-access-connector": "c1",
          "run.googleapis.com/network-interfaces": '[{"network":"default"}]',
        }),
        interfacesNotJson: tpl({ "run.googleapis.com/network-interfaces": "default" }),
        twoInterfaces: tpl({ "run.googleapis.com/network-interfaces": '[{"network":"a"},{"network":"b"}]' }),
        interfaceKey: tpl({ "run.googleapis.com/network-interfaces": '[{"vpc":"a"}]' }),
        gen1: tpl({ "run.googleapis.com/execution-environment": "gen1" }),
        encryptionKey: tpl({ "run.googleapis.com/encryption-key": "my-key" }),
        secretAliases: tpl({ "run.googleapis.com/secrets": "token=projects/1/secrets/t" }),
        containerDependencies: tpl({ "run.googleapis.com/container-dependencies": '["proxy"]' }),
        containerDependencyUnknown: { ...tpl({ "run.googleapis.com/container-dependencies": '{"app":["proxy"]}' }), container: { name: "app" } },
        gpuZonal: tpl({ "run.googleapis.com/gpu-zonal-redundancy-disabled": "yes" }),
        project: raw({ ...jobManifest(), project: "My Project" }),
        namespace: { metadata: { namespace: "-bad-" } },
        region: raw({ ...jobManifest(), region: "mars" }),
        locationLabel: { metadata: { labels: { "cloud.googleapis.com/location": "Europe West" } } },
      }),
    ).toMatchInlineSnapshot(`
      {
        "autoscalingAnnotation": [
          "spec.template.metadata.annotations["autoscaling.knative.dev/maxScale"]: \`autoscaling.knative.dev/maxScale\` is not an annotation Cloud Run accepts on a job; it applies to Cloud Run services, not jobs: remove it (see spec.template.metadata annotations in the v1 Job reference)",
        ],
        "binaryAuthorization": [
          "metadata.annotations["run.googleapis.com/binary-authorization"]: \`strict\` is not a Binary Authorization policy: use \`default\` or \`projects/<project>/platforms/cloudRun/<policy>\`",
        ],
        "binaryAuthorizationTwice": [
          "spec.template.metadata.annotations["run.googleapis.com/binary-authorization"]: disagrees with the job's \`default\`: a job has one Binary Authorization policy; keep it in \`metadata.annotations\`",
        ],
        "breakglassAlone": [
          "metadata.annotations["run.googleapis.com/binary-authorization-breakglass"]: a breakglass justification needs Binary Authorization: add \`run.googleapis.com/binary-authorization: default\` or remove it",
        ],
        "cloudAnnotation": [
          "metadata.annotations["cloud.googleapis.com/anything"]: \`cloud.googleapis.com/anything\` is in a namespace reserved for Cloud Run: rename the annotation",
        ],
        "cloudSql": [
          "spec.template.metadata.annotations["run.googleapis.com/cloudsql-instances"]: \`two:colons\` is not a Cloud SQL connection name: use \`<project>:<region>:<instance>\` (or the instance's name), comma-separated",
        ],
        "connector": [
          "spec.template.metadata.annotations["run.googleapis.com/vpc-access-connector"]: \`projects/p/connectors/c\` is not a VPC connector: use its name or \`projects/<project>/locations/<region>/connectors/<name>\`",
        ],
        "connectorAndInterfaces": [
          "spec.template.metadata.annotations["run.googleapis.com/network-interfaces"]: use either a VPC connector or Direct VPC network interfaces, not both",
        ],
        "containerDependencies": [
          "spec.template.metadata.annotations["run.googleapis.com/container-dependencies"]: must be a JSON object such as {"app":["sidecar"]}",
        ],
        "containerDependencyUnknown": [
          "spec.template.metadata.annotations["run.googleapis.com/container-dependencies"]: no container is named \`proxy\`: name the containers it refers to",
        ],
        "egress": [
          "spec.template.metadata.annotations["run.googleapis.com/vpc-access-egress"]: \`everything\` is not a VPC egress setting: use \`all-traffic\` or \`private-ranges-only\`",
        ],
        "egressWithoutVpc": [
          "spec.template.metadata.annotations["run.googleapis.com/vpc-access-egress"]: egress applies to VPC access: add \`run.googleapis.com/vpc-access-connector\` or \`run.googleapis.com/network-interfaces\`, or remove it",
        ],
        "encryptionKey": [
          "spec.template.metadata.annotations["run.googleapis.com/encryption-key"]: \`my-key\` is not a KMS key: use \`projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>\`",
        ],
        "gen1": [
          "spec.template.metadata.annotations["run.googleapis.com/execution-environment"]: Cloud Run jobs always run in the second generation environment: use \`gen2\` or remove the annotation",
        ],
        "gpuZonal": [
          "spec.template.metadata.annotations["run.googleapis.com/gpu-zonal-redundancy-disabled"]: must be \`true\` or \`false\`",
        ],
        "interfaceKey": [
          "spec.template.metadata.annotations["run.googleapis.com/network-interfaces"]: unknown interface key \`vpc\`: use \`network\`, \`subnetwork\` and \`tags\`",
        ],
        "interfacesNotJson": [
          "spec.template.metadata.annotations["run.googleapis.com/network-interfaces"]: must be JSON such as [{"network":"default","subnetwork":"default"}]",
        ],
        "jobAnnotationOnTemplate": [
          "spec.template.metadata.annotations["run.googleapis.com/launch-stage"]: \`run.googleapis.com/launch-stage\` is set on the job: move it to \`metadata.annotations\`",
        ],
        "kubernetesStyleLabel": [
          "metadata.labels["app.kubernetes.io/name"]: \`app.kubernetes.io/name\` is not a Google Cloud label key: start with a lowercase letter and use lowercase letters, digits, \`_\` and \`-\` (at most 63); put other metadata in annotations",
        ],
        "launchStage": [
          "metadata.annotations["run.googleapis.com/launch-stage"]: \`PREVIEW\` is not a launch stage: use one of \`EARLY_ACCESS\`, \`ALPHA\`, \`BETA\`, \`GA\`",
        ],
        "locationLabel": [
          "metadata.labels["cloud.googleapis.com/location"]: \`Europe West\` is not a Cloud Run region: use e.g. \`us-central1\`",
        ],
        "namespace": [
          "metadata.namespace: \`-bad-\` is not a project id or number: use e.g. \`my-project\` or \`123456789012\`",
        ],
        "project": [
          "project: \`My Project\` is not a project id or number: use e.g. \`my-project\` or \`123456789012\`",
        ],
        "region": [
          "region: \`mars\` is not a Cloud Run region: use e.g. \`us-central1\`",
        ],
        "reservedLabel": [
          "metadata.labels["run.googleapis.com/owner"]: \`run.googleapis.com/owner\` is in a namespace reserved for Cloud Run (the v2 API rejects it): rename the label",
        ],
        "reservedTemplateLabel": [
          "spec.template.metadata.labels["serving.knative.dev/service"]: \`serving.knative.dev/service\` is in a namespace reserved for Cloud Run (the v2 API rejects it): rename the label",
        ],
        "secretAliases": [
          "spec.template.metadata.annotations["run.googleapis.com/secrets"]: \`token=projects/1/secrets/t\` is not a secret alias: use \`<alias>:projects/<project-number>/secrets/<secret>\`, comma-separated",
        ],
        "serviceAnnotation": [
          "metadata.annotations["run.googleapis.com/ingress"]: \`run.googleapis.com/ingress\` is not an annotation Cloud Run accepts on a job; it applies to Cloud Run services, not jobs: remove it (see metadata annotations in the v1 Job reference)",
        ],
        "templateAnnotationOnJob": [
          "metadata.annotations["run.googleapis.com/cloudsql-instances"]: \`run.googleapis.com/cloudsql-instances\` is set on the execution template: move it to \`spec.template.metadata.annotations\`",
        ],
        "twoInterfaces": [
          "spec.template.metadata.annotations["run.googleapis.com/network-interfaces"]: Cloud Run supports only one network interface: keep one",
        ],
        "uppercaseLabelValue": [
          "spec.template.metadata.labels.team: \`Data Platform\` is not a Google Cloud label value: use lowercase letters, digits, \`_\` and \`-\` (at most 63)",
        ],
      }
    `);
  });
});

describe("not a manifest at all", () => {
  it("says what was expected", () => {
    expect([undefined, null, "spec: {}", []].map((raw) => checkJobManifest(raw).failures)).toMatchInlineSnapshot(`
      [
        [
          {
            "property": "(root)",
            "reason": "expected a Job manifest (an object with \`spec\`), got nothing",
          },
        ],
        [
          {
            "property": "(root)",
            "reason": "expected a Job manifest (an object with \`spec\`), got null",
          },
        ],
        [
          {
            "property": "(root)",
            "reason": "expected a Job manifest (an object with \`spec\`), got the string "spec: {}"",
          },
        ],
        [
          {
            "property": "(root)",
            "reason": "expected a Job manifest (an object with \`spec\`), got a list",
          },
        ],
      ]
    `);
  });
});

describe("unknown keys", () => {
  it("are refused, with a suggestion when one is close", () => {
    expect(
      failuresOf({
        typo: { container: { imagee: "x" } },
        caseOnly: { task: { Containers: [] } },
        v2Spelling: { task: { serviceAccount: "sa@p.iam.gserviceaccount.com" } },
        v2Timeout: { task: { timeout: "600s" } },
        topLevel: raw({ ...jobManifest(), specs: {} }),
        labelSingular: { metadata: { label: { a: "b" } } },
        limitSingular: { container: { resources: { limit: { cpu: "1" } } } },
        nothingClose: { container: { foo: 1 } },
        statusField: raw({ ...jobManifest(), status: { phase: "Running" } }),
      }),
    ).toMatchInlineSnapshot(`
      {
        "caseOnly": [
          "spec.template.spec.template.spec.Containers: unknown key \`Containers\`: did you mean \`containers\`?",
        ],
        "labelSingular": [
          "metadata.label: unknown key \`label\`: did you mean \`labels\`?",
        ],
        "limitSingular": [
          "spec.template.spec.template.spec.containers[0].resources.limit: unknown key \`limit\`: did you mean \`limits\`?",
        ],
        "nothingClose": [
          "spec.template.spec.template.spec.containers[0].foo: unknown key \`foo\`: expected one of \`name\`, \`image\`, \`command\`, \`args\`, \`env\`, \`resources\`, \`ports\`, \`volumeMounts\`, \`workingDir\`, \`livenessProbe\`, \`readinessProbe\`, \`startupProbe\`, \`envFrom\`, \`imagePullPolicy\`, \`securityContext\`, \`terminationMessagePath\`, \`terminationMessagePolicy\`, \`sandboxLauncher\`",
        ],
        "statusField": [
          "status.phase: unknown key \`phase\`: expected one of \`observedGeneration\`, \`conditions\`, \`executionCount\`, \`latestCreatedExecution\`",
        ],
        "topLevel": [
          "specs: unknown key \`specs\`: did you mean \`spec\`?",
        ],
        "typo": [
          "spec.template.spec.template.spec.containers[0].imagee: unknown key \`imagee\`: did you mean \`image\`?",
        ],
        "v2Spelling": [
          "spec.template.spec.template.spec.serviceAccount: unknown key \`serviceAccount\`: did you mean \`serviceAccountName\`?",
        ],
        "v2Timeout": [
          "spec.template.spec.template.spec.timeout: unknown key \`timeout\`: in a v1 manifest use \`timeoutSeconds\`",
        ],
      }
    `);
  });
});

describe("values unknown during a preview", () => {
  const u = UNKNOWN;
  it("never fail check, wherever they are", () => {
    expect(
      failuresOf({
        image: { container: { image: u } },
        name: { metadata: { name: u } },
        project: raw({ ...jobManifest(), project: u }),
        labelsMap: { metadata: { labels: u } },
        labelValue: { metadata: { labels: { version: u } } },
        containers: { containers: u as unknown as Record<string, unknown>[] },
        wholeContainer: { containers: [u as unknown as Record<string, unknown>] },
        maxRetries: { task: { maxRetries: u } },
        timeout: { task: { timeoutSeconds: u } },
        cpu: { container: { resources: { limits: { cpu: u, memory: "8Gi" } } } },
        egress: { templateMetadata: { annotations: { "run.googleapis.com/vpc-access-connector": "c1", "run.googleapis.com/vpc-access-egress": u } } },
        secretAliases: { templateMetadata: { annotations: { "run.googleapis.com/secrets": u } }, container: secretEnv({ name: "alias", key: u }) },
        token: { spec: { runExecutionToken: u } },
        volumeName: { task: { volumes: [{ name: u, emptyDir: {} }, { name: u, emptyDir: {} }] }, container: { volumeMounts: [{ name: "data", mountPath: "/d" }] } },
        gpuLimit: { task: { nodeSelector: { "run.googleapis.com/accelerator": "nvidia-l4" } }, container: { resources: { limits: { cpu: "4", memory: "16Gi", "nvidia.com/gpu": u } } } },
        gpuType: { task: { nodeSelector: { "run.googleapis.com/accelerator": u } } },
        containerNames: {
          templateMetadata: { annotations: { "run.googleapis.com/container-dependencies": '{"app":["proxy"]}' } },
          containers: [{ name: "app", image: "a" }, { name: u, image: "p" }],
        },
        spec: raw({ spec: u }),
      }),
    ).toMatchInlineSnapshot(`
      {
        "containerNames": [
          "(accepted)",
        ],
        "containers": [],
        "cpu": [
          "(accepted)",
        ],
        "egress": [
          "(accepted)",
        ],
        "gpuLimit": [
          "(accepted)",
        ],
        "gpuType": [
          "(accepted)",
        ],
        "image": [
          "(accepted)",
        ],
        "labelValue": [
          "(accepted)",
        ],
        "labelsMap": [
          "(accepted)",
        ],
        "maxRetries": [
          "(accepted)",
        ],
        "name": [
          "(accepted)",
        ],
        "project": [
          "(accepted)",
        ],
        "secretAliases": [
          "(accepted)",
        ],
        "spec": [],
        "timeout": [
          "(accepted)",
        ],
        "token": [
          "(accepted)",
        ],
        "volumeName": [
          "(accepted)",
        ],
        "wholeContainer": [],
      }
    `);
  });

  it("leave the known-bad parts failing", () => {
    expect(failuresOf({ mixed: { container: { image: u, imagee: "x" }, task: { maxRetries: u, timeoutSeconds: "forever" } } })).toMatchInlineSnapshot(`
      {
        "mixed": [
          "spec.template.spec.template.spec.containers[0].imagee: unknown key \`imagee\`: did you mean \`image\`?",
        ],
      }
    `);
  });
});
