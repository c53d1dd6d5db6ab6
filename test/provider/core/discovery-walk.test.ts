// Walks every field of the `Job` schema tree in run-v1-discovery.json and proves what becomes of it:
//   mapped      v1 → v2 → v1 gives back the same canonical manifest, and the value is in it;
//   identity    the job's name or project (the v2 resource name, not its body);
//   token       carried to the v2 Job's token fields (the provider keeps tokens itself);
//   outputOnly  accepted and dropped;
//   refused     check fails at the field (or at the refused field holding it), with a reason.
// A field the discovery document gains and this table does not classify fails the test.
import { describe, expect, it } from "vitest";
import { toApiJob } from "../../../provider/core/mapping";
import type { CanonicalManifest as JobManifest } from "../../../provider/core/canonical";
import { checkJobManifest } from "../../../provider/core/check";
import { jobManifest } from "../../fixtures/manifests";
import { describedParts, roundTrip } from "./helpers/round-trip";
import { discoveryDocument, jobTree } from "./helpers/discovery";
import { expectCurrent } from "../../generated/current";
import { JOB_TREE } from "../../generated/files";

type Handling = { kind: "mapped" | "identity" | "token" | "outputOnly" | "refused"; sample: unknown };

const mapped = (sample: unknown): Handling => ({ kind: "mapped", sample });
const identity = (sample: unknown): Handling => ({ kind: "identity", sample });
const token = (sample: unknown): Handling => ({ kind: "token", sample });
const outputOnly = (sample: unknown): Handling => ({ kind: "outputOnly", sample });
const refused = (sample: unknown): Handling => ({ kind: "refused", sample });

type Obj = Record<string, unknown>;

/** Where an object of each discovery schema sits in a manifest, and the least it needs to be valid. */
interface Placement {
  put: (object: Obj) => Obj;
  minimal: Obj;
}

const image = "us-docker.pkg.dev/cloudrun/container/job:latest";
const podSpec = { spec: { containers: [{ image: "busybox" }] } };
const inContainer = (c: Obj, task: Obj = {}) => jobManifest({ containers: [{ image, ...c }], task });
const inProbe = (p: Obj) => inContainer({ livenessProbe: p });
const inVolume = (v: Obj, mount = false) =>
  inContainer(mount ? { volumeMounts: [{ name: "v", mountPath: "/v" }] } : {}, { volumes: [{ name: "v", ...v }] });
const secretEnv = (ref: Obj) => inContainer({ env: [{ name: "E", valueFrom: { secretKeyRef: ref } }] });
const withStatus = (status: Obj) => ({ ...jobManifest(), status });

const PLACEMENTS: Record<string, Placement> = {
  Job: { put: (o) => ({ ...jobManifest(), ...o }), minimal: {} },
  ObjectMeta: { put: (o) => ({ ...jobManifest(), metadata: o }), minimal: {} },
  OwnerReference: { put: (o) => ({ ...jobManifest(), metadata: { ownerReferences: [o] } }), minimal: {} },
  JobSpec: { put: (o) => ({ spec: o }), minimal: { template: { spec: { template: podSpec } } } },
  ExecutionTemplateSpec: { put: (o) => ({ spec: { template: o } }), minimal: { spec: { template: podSpec } } },
  ExecutionSpec: { put: (o) => ({ spec: { template: { spec: o } } }), minimal: { template: podSpec } },
  TaskTemplateSpec: { put: (o) => ({ spec: { template: { spec: { template: o } } } }), minimal: podSpec },
  TaskSpec: { put: (o) => ({ spec: { template: { spec: { template: { spec: o } } } } }), minimal: { containers: [{ image }] } },
  Container: { put: (o) => inContainer(o), minimal: { image } },
  EnvVar: { put: (o) => inContainer({ env: [o] }), minimal: { name: "E" } },
  EnvVarSource: { put: (o) => inContainer({ env: [{ name: "E", valueFrom: o }] }), minimal: { secretKeyRef: { name: "base", key: "1" } } },
  SecretKeySelector: { put: (o) => secretEnv(o), minimal: { name: "s", key: "latest" } },
  ConfigMapKeySelector: { put: (o) => inContainer({ env: [{ name: "E", valueFrom: { configMapKeyRef: o } }] }), minimal: {} },
  LocalObjectReference: { put: (o) => secretEnv({ key: "latest", localObjectReference: o }), minimal: { name: "base" } },
  EnvFromSource: { put: (o) => inContainer({ envFrom: [o] }), minimal: {} },
  ConfigMapEnvSource: { put: (o) => inContainer({ envFrom: [{ configMapRef: o }] }), minimal: {} },
  SecretEnvSource: { put: (o) => inContainer({ envFrom: [{ secretRef: o }] }), minimal: {} },
  // A probe needs one action: the baseline has a TCP one, unless the field under test is an action.
  Probe: { put: (o) => inProbe(o.grpc || o.httpGet || o.tcpSocket || o.exec ? o : { ...o, tcpSocket: {} }), minimal: {} },
  ExecAction: { put: (o) => inProbe({ exec: o }), minimal: {} },
  GRPCAction: { put: (o) => inProbe({ grpc: o }), minimal: {} },
  HTTPGetAction: { put: (o) => inProbe({ httpGet: o }), minimal: {} },
  HTTPHeader: { put: (o) => inProbe({ httpGet: { httpHeaders: [o] } }), minimal: { name: "X-H" } },
  TCPSocketAction: { put: (o) => inProbe({ tcpSocket: o }), minimal: {} },
  ContainerPort: { put: (o) => inContainer({ ports: [o] }), minimal: {} },
  ResourceRequirements: { put: (o) => inContainer({ resources: o }), minimal: {} },
  SecurityContext: { put: (o) => inContainer({ securityContext: o }), minimal: {} },
  VolumeMount: {
    put: (o) =>
      inContainer(
        { volumeMounts: [o] },
        {
          volumes: [
            { name: "v", emptyDir: {} },
            { name: "w", emptyDir: {} },
          ],
        },
      ),
    minimal: { name: "v", mountPath: "/v" },
  },
  // A volume needs one source: the baseline is an emptyDir, unless the field under test is a source.
  Volume: {
    put: (o) => jobManifest({ task: { volumes: [o.secret || o.csi || o.nfs || o.emptyDir || o.configMap ? o : { ...o, emptyDir: {} }] } }),
    minimal: { name: "v" },
  },
  ConfigMapVolumeSource: { put: (o) => inVolume({ configMap: o }), minimal: {} },
  KeyToPath: { put: (o) => inVolume({ secret: { secretName: "s", items: [o] } }), minimal: { key: "latest", path: "f" } },
  CSIVolumeSource: {
    put: (o) => inVolume({ csi: o }),
    minimal: { driver: "gcsfuse.run.googleapis.com", volumeAttributes: { bucketName: "b" } },
  },
  EmptyDirVolumeSource: { put: (o) => inVolume({ emptyDir: o }), minimal: {} },
  NFSVolumeSource: { put: (o) => inVolume({ nfs: o }), minimal: { server: "10.0.0.2", path: "/p" } },
  SecretVolumeSource: { put: (o) => inVolume({ secret: o }), minimal: { secretName: "s" } },
  JobStatus: { put: withStatus, minimal: {} },
  GoogleCloudRunV1Condition: { put: (o) => withStatus({ conditions: [o] }), minimal: {} },
  ExecutionReference: { put: (o) => withStatus({ latestCreatedExecution: o }), minimal: {} },
};

/** Every field of the tree, and what becomes of it. */
const HANDLING: Record<string, Handling> = {
  "Job.apiVersion": outputOnly("run.googleapis.com/v1"),
  "Job.kind": outputOnly("Job"),
  "Job.metadata": mapped({ labels: { team: "a" } }),
  "Job.spec": mapped({ template: { spec: { taskCount: 3, template: podSpec } } }),
  "Job.status": outputOnly({ observedGeneration: 2 }),

  "ObjectMeta.annotations": mapped({ owner: "team-a" }),
  "ObjectMeta.clusterName": refused("c"),
  "ObjectMeta.creationTimestamp": outputOnly("2026-11-20T10:15:30Z"),
  "ObjectMeta.deletionGracePeriodSeconds": refused(30),
  "ObjectMeta.deletionTimestamp": outputOnly("2026-11-20T10:15:30Z"),
  "ObjectMeta.finalizers": refused(["f"]),
  "ObjectMeta.generateName": refused("job-"),
  "ObjectMeta.generation": outputOnly(3),
  "ObjectMeta.labels": mapped({ team: "a" }),
  "ObjectMeta.name": identity("named-job"),
  "ObjectMeta.namespace": identity("my-project"),
  "ObjectMeta.ownerReferences": refused([{ name: "o" }]),
  "ObjectMeta.resourceVersion": outputOnly("AAYq"),
  "ObjectMeta.selfLink": outputOnly("/apis/run.googleapis.com/v1/namespaces/p/jobs/j"),
  "ObjectMeta.uid": outputOnly("0b5e2d39"),

  "OwnerReference.apiVersion": refused("v1"),
  "OwnerReference.blockOwnerDeletion": refused(true),
  "OwnerReference.controller": refused(true),
  "OwnerReference.kind": refused("Thing"),
  "OwnerReference.name": refused("o"),
  "OwnerReference.uid": refused("u"),

  "JobSpec.runExecutionToken": token("run-1"),
  "JobSpec.startExecutionToken": token("start-1"),
  "JobSpec.template": mapped({ metadata: { labels: { tier: "batch" } }, spec: { template: podSpec } }),

  "ExecutionTemplateSpec.metadata": mapped({ labels: { tier: "batch" } }),
  "ExecutionTemplateSpec.spec": mapped({ taskCount: 2, template: podSpec }),

  "ExecutionSpec.delayExecution": refused(true),
  "ExecutionSpec.parallelism": mapped(1),
  "ExecutionSpec.taskCount": mapped(5),
  "ExecutionSpec.template": mapped({ spec: { containers: [{ image: "busybox" }], maxRetries: 1 } }),

  "TaskTemplateSpec.spec": mapped({ containers: [{ image: "busybox" }], maxRetries: 1 }),

  "TaskSpec.containers": mapped([{ image: "busybox", name: "main" }]),
  "TaskSpec.maxRetries": mapped(0),
  "TaskSpec.nodeSelector": refused({ "cloud.google.com/gke-nodepool": "p" }),
  "TaskSpec.serviceAccountName": mapped("jobs@my-project.iam.gserviceaccount.com"),
  "TaskSpec.timeoutSeconds": mapped("1800"),
  "TaskSpec.volumes": mapped([{ name: "v", emptyDir: {} }]),

  "Container.args": mapped(["--flag"]),
  "Container.command": mapped(["/bin/job"]),
  "Container.env": mapped([{ name: "A", value: "1" }]),
  "Container.envFrom": refused([{ secretRef: { name: "s" } }]),
  "Container.image": mapped("gcr.io/p/other:1"),
  "Container.imagePullPolicy": refused("Always"),
  "Container.livenessProbe": mapped({ httpGet: { path: "/live" } }),
  "Container.name": mapped("main"),
  "Container.ports": mapped([{ containerPort: 9000 }]),
  "Container.readinessProbe": mapped({ grpc: { port: 9001 } }),
  "Container.resources": mapped({ limits: { cpu: "2" } }),
  "Container.sandboxLauncher": refused(true),
  "Container.securityContext": refused({ runAsUser: 1 }),
  "Container.startupProbe": mapped({ tcpSocket: { port: 9002 } }),
  "Container.terminationMessagePath": refused("/dev/termination-log"),
  "Container.terminationMessagePolicy": refused("File"),
  "Container.volumeMounts": refused([{ name: "missing", mountPath: "/m" }]),
  "Container.workingDir": mapped("/work"),

  "EnvVar.name": mapped("OTHER"),
  "EnvVar.value": mapped("v"),
  "EnvVar.valueFrom": mapped({ secretKeyRef: { name: "s", key: "2" } }),

  "EnvVarSource.configMapKeyRef": refused({ name: "c", key: "k" }),
  "EnvVarSource.secretKeyRef": mapped({ name: "s", key: "latest" }),

  "ConfigMapKeySelector.key": refused("k"),
  "ConfigMapKeySelector.localObjectReference": refused({ name: "c" }),
  "ConfigMapKeySelector.name": refused("c"),
  "ConfigMapKeySelector.optional": refused(true),

  "LocalObjectReference.name": mapped("from-reference"),

  "SecretKeySelector.key": mapped("7"),
  "SecretKeySelector.localObjectReference": refused({ name: "other" }),
  "SecretKeySelector.name": mapped("other-secret"),
  "SecretKeySelector.optional": refused(true),

  "EnvFromSource.configMapRef": refused({ name: "c" }),
  "EnvFromSource.prefix": refused("P_"),
  "EnvFromSource.secretRef": refused({ name: "s" }),
  "ConfigMapEnvSource.localObjectReference": refused({ name: "c" }),
  "ConfigMapEnvSource.name": refused("c"),
  "ConfigMapEnvSource.optional": refused(true),
  "SecretEnvSource.localObjectReference": refused({ name: "s" }),
  "SecretEnvSource.name": refused("s"),
  "SecretEnvSource.optional": refused(true),

  "Probe.exec": refused({ command: ["true"] }),
  "Probe.failureThreshold": mapped(5),
  "Probe.grpc": mapped({ port: 9000 }),
  "Probe.httpGet": mapped({ path: "/h" }),
  "Probe.initialDelaySeconds": mapped(7),
  "Probe.periodSeconds": mapped(20),
  "Probe.successThreshold": refused(2),
  "Probe.tcpSocket": mapped({ port: 9000 }),
  "Probe.timeoutSeconds": mapped(3),
  "ExecAction.command": refused(["true"]),
  "GRPCAction.port": mapped(9000),
  "GRPCAction.service": mapped("health"),
  "HTTPGetAction.host": refused("example.com"),
  "HTTPGetAction.httpHeaders": mapped([{ name: "X-A", value: "1" }]),
  "HTTPGetAction.path": mapped("/healthz"),
  "HTTPGetAction.port": mapped(9000),
  "HTTPGetAction.scheme": refused("HTTPS"),
  "HTTPHeader.name": mapped("X-Other"),
  "HTTPHeader.value": mapped("v"),
  "TCPSocketAction.host": refused("example.com"),
  "TCPSocketAction.port": mapped(9000),

  "ContainerPort.containerPort": mapped(9000),
  "ContainerPort.name": mapped("h2c"),
  "ContainerPort.protocol": refused("UDP"),

  "ResourceRequirements.limits": mapped({ cpu: "2", memory: "1Gi" }),
  "ResourceRequirements.requests": refused({ cpu: "1" }),
  "SecurityContext.runAsUser": refused(1000),

  "VolumeMount.mountPath": mapped("/other"),
  "VolumeMount.name": mapped("w"),
  "VolumeMount.readOnly": refused(true),
  "VolumeMount.subPath": mapped("sub"),

  "Volume.configMap": refused({ name: "c" }),
  "Volume.csi": mapped({ driver: "gcsfuse.run.googleapis.com", volumeAttributes: { bucketName: "b" } }),
  "Volume.emptyDir": mapped({ sizeLimit: "1Gi" }),
  "Volume.name": refused("cloudsql"),
  "Volume.nfs": mapped({ server: "10.0.0.2", path: "/p" }),
  "Volume.secret": mapped({ secretName: "s" }),

  "ConfigMapVolumeSource.defaultMode": refused(256),
  "ConfigMapVolumeSource.items": refused([{ key: "k", path: "p" }]),
  "ConfigMapVolumeSource.name": refused("c"),
  "ConfigMapVolumeSource.optional": refused(true),
  "KeyToPath.key": mapped("5"),
  "KeyToPath.mode": mapped(256),
  "KeyToPath.path": mapped("other.txt"),
  "CSIVolumeSource.driver": refused("pd.csi.storage.gke.io"),
  "CSIVolumeSource.readOnly": mapped(true),
  "CSIVolumeSource.volumeAttributes": mapped({ bucketName: "other", mountOptions: "implicit-dirs" }),
  "EmptyDirVolumeSource.medium": refused("Disk"),
  "EmptyDirVolumeSource.sizeLimit": mapped("2Gi"),
  "NFSVolumeSource.path": mapped("/other"),
  "NFSVolumeSource.readOnly": mapped(true),
  "NFSVolumeSource.server": mapped("nfs.example.com"),
  "SecretVolumeSource.defaultMode": mapped(256),
  "SecretVolumeSource.items": mapped([{ key: "1", path: "f.txt" }]),
  "SecretVolumeSource.optional": refused(true),
  "SecretVolumeSource.secretName": mapped("other"),

  "JobStatus.conditions": outputOnly([{ type: "Ready", status: "True" }]),
  "JobStatus.executionCount": outputOnly(4),
  "JobStatus.latestCreatedExecution": outputOnly({ name: "j-abc12" }),
  "JobStatus.observedGeneration": outputOnly(2),
  "GoogleCloudRunV1Condition.lastTransitionTime": outputOnly("2026-11-20T10:15:30Z"),
  "GoogleCloudRunV1Condition.message": outputOnly("m"),
  "GoogleCloudRunV1Condition.reason": outputOnly("ContainerMissing"),
  "GoogleCloudRunV1Condition.severity": outputOnly("Error"),
  "GoogleCloudRunV1Condition.status": outputOnly("False"),
  "GoogleCloudRunV1Condition.type": outputOnly("Ready"),
  "ExecutionReference.completionStatus": outputOnly("EXECUTION_FAILED"),
  "ExecutionReference.completionTimestamp": outputOnly("2026-11-20T10:15:30Z"),
  "ExecutionReference.creationTimestamp": outputOnly("2026-11-20T10:15:30Z"),
  "ExecutionReference.deletionTimestamp": outputOnly("2026-11-20T10:15:30Z"),
  "ExecutionReference.name": outputOnly("j-abc12"),
};

/**
 * Fields whose one sample above cannot show both faces: the other face, proven the same way.
 * (Volume mounts and node selectors are mapped when they reference what exists; a secret key
 * selector's localObjectReference is mapped to `name` when `name` is absent; probe actions are
 * mapped one at a time.)
 */
const ALSO: Array<[string, Handling, Placement?]> = [
  [
    "Container.volumeMounts",
    mapped([{ name: "v", mountPath: "/v" }]),
    { put: (o) => inContainer(o, { volumes: [{ name: "v", emptyDir: {} }] }), minimal: {} },
  ],
  [
    "TaskSpec.nodeSelector",
    mapped({ "run.googleapis.com/accelerator": "nvidia-l4" }),
    {
      // The baseline has no GPU at all: a GPU limit without the node selector is refused.
      put: (o) =>
        o.nodeSelector
          ? jobManifest({
              task: { ...o, timeoutSeconds: "3600" },
              container: { resources: { limits: { cpu: "4", memory: "16Gi", "nvidia.com/gpu": "1" } } },
            })
          : jobManifest(),
      minimal: {},
    },
  ],
  [
    "SecretKeySelector.localObjectReference",
    mapped({ name: "other" }),
    {
      put: (o) => secretEnv({ key: "latest", ...(o.localObjectReference ? o : { name: "base" }) }),
      minimal: {},
    },
  ],
  ["Volume.name", mapped("other"), PLACEMENTS.Volume],
  ["ContainerPort.protocol", outputOnly("TCP"), undefined],
  ["Probe.successThreshold", outputOnly(1), undefined],
  ["VolumeMount.readOnly", outputOnly(false), undefined],
  [
    "VolumeMount.readOnly",
    outputOnly(true),
    {
      // On a volume that is read-only anyway (a secret), `readOnly: true` says nothing new.
      put: (o) => inContainer({ volumeMounts: [o] }, { volumes: [{ name: "v", secret: { secretName: "s" } }] }),
      minimal: { name: "v", mountPath: "/v" },
    },
  ],
  ["SecretVolumeSource.optional", outputOnly(false), undefined],
  ["SecretKeySelector.optional", outputOnly(false), undefined],
  ["ExecutionSpec.delayExecution", outputOnly(false), undefined],
  ["Container.sandboxLauncher", outputOnly(false), undefined],
];

function canonical(raw: Obj): JobManifest {
  const { manifest, failures } = checkJobManifest(raw);
  expect(failures).toEqual([]);
  return manifest as JobManifest;
}

function prove(schema: string, field: string, handling: Handling, placement: Placement): void {
  const object = { ...placement.minimal, [field]: handling.sample };
  // The baseline has the field's minimal value (required fields) or none at all.
  const baseline = { ...placement.minimal };
  const raw = placement.put(object);
  switch (handling.kind) {
    case "refused": {
      const { manifest, failures } = checkJobManifest(raw);
      expect(manifest).toBeUndefined();
      expect(failures.length).toBeGreaterThan(0);
      for (const f of failures) expect(f.reason.length).toBeGreaterThan(10);
      // The failure is at the field, or at the refused field that holds it.
      const holders = /\.(envFrom|configMapKeyRef|configMap|securityContext|ownerReferences|exec)$/;
      const segments = (property: string) => property.split(/[.[\]"]+/);
      expect(
        failures.some((f) => segments(f.property).includes(field) || holders.test(f.property)),
        JSON.stringify(failures),
      ).toBe(true);
      return;
    }
    case "outputOnly":
      expect(canonical(raw)).toEqual(canonical(placement.put(baseline)));
      return;
    case "identity": {
      const m = canonical(raw);
      expect(JSON.stringify(m)).toContain(JSON.stringify(handling.sample));
      return;
    }
    case "token": {
      const m = canonical(raw);
      expect(Object.values(toApiJob(m))).toContain(handling.sample);
      return;
    }
    case "mapped": {
      const m = canonical(raw);
      expect(m, `${schema}.${field} is lost by check`).not.toEqual(canonical(placement.put(baseline)));
      for (const zeroValues of [false, true]) {
        const { checked } = roundTrip(m, { zeroValues });
        expect(checked.failures).toEqual([]);
        expect(describedParts(checked.manifest)).toEqual(describedParts(m));
      }
    }
  }
}

describe("the v1 Job tree of run-v1-discovery.json", () => {
  const fields = new Set(jobTree().fields);

  it.skipIf(!discoveryDocument())("is extracted in test/fixtures/manifests/run-v1-job-tree.json (`npm run generate` writes it)", () => {
    expectCurrent(JOB_TREE);
  });

  it("has every field classified, and nothing classified that it lacks", () => {
    const unclassified = [...fields].filter((f) => !(f in HANDLING));
    const stale = Object.keys(HANDLING).filter((f) => !fields.has(f));
    expect({ unclassified, stale }).toEqual({ unclassified: [], stale: [] });
    expect(fields.size).toMatchInlineSnapshot(`154`);
  });

  it.each([...fields].filter((f) => f in HANDLING))("%s", (path) => {
    const [schema, field] = path.split(".") as [string, string];
    const placement = PLACEMENTS[schema];
    expect(placement, `no placement for ${schema}`).toBeDefined();
    prove(schema, field, HANDLING[path] as Handling, placement as Placement);
  });

  it.each(
    ALSO.map(
      ([path, handling, placement]) =>
        [`${path} (${handling.kind} ${JSON.stringify(handling.sample)})`, path, handling, placement] as const,
    ),
  )("%s", (_title, path, handling, placement) => {
    const [schema, field] = path.split(".") as [string, string];
    prove(schema, field, handling, placement ?? (PLACEMENTS[schema] as Placement));
  });
});
