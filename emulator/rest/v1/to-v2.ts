// A v1 (Knative) Job as the v2 Job it stands for, both in their JSON forms, the way Cloud Run
// maps one onto the other on its server (a job created through v1 is a v2 job). The rules are
// the v1 and v2 discovery documents' field docs and the annotations gcloud writes; a rule that
// is inferred rather than documented is marked [I]. The emulator keeps this mapping to itself:
// the provider has its own, so that one cannot hide the other's bugs.
type Obj = Record<string, unknown>;
type List = Obj[];

export const LOCATION_LABEL = "cloud.googleapis.com/location";
export const GCS_DRIVER = "gcsfuse.run.googleapis.com";
export const CLOUDSQL_VOLUME = "cloudsql";

/** Label and annotation namespaces that are the server's, not the user's (v2 job.proto, Job.annotations). */
const SYSTEM_NAMESPACES = ["run.googleapis.com", "cloud.googleapis.com", "serving.knative.dev", "autoscaling.knative.dev"];
export const isSystemKey = (key: string) => {
  const prefix = key.includes("/") ? key.slice(0, key.indexOf("/")) : "";
  return SYSTEM_NAMESPACES.some((ns) => prefix === ns || prefix.endsWith(`.${ns}`));
};

const obj = (v: unknown): Obj => (v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): List => (Array.isArray(v) ? (v as List) : []);
const strings = (v: unknown): Record<string, string> => Object.fromEntries(Object.entries(obj(v)).map(([k, x]) => [k, String(x)]));
const userKeys = (m: Record<string, string>) => Object.fromEntries(Object.entries(m).filter(([k]) => !isSystemKey(k)));
const defined = (o: Obj): Obj => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
const nonEmpty = (o: Obj): Obj | undefined => (Object.keys(o).length ? o : undefined);

export interface V1Context {
  project: string;
  location: string;
}

/** `run.googleapis.com/secrets`: `alias:projects/<n>/secrets/<name>,…` (gcloud secrets_mapping). */
function secretAliases(annotation: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (annotation ?? "").split(",")) {
    const i = part.indexOf(":");
    if (i > 0) out.set(part.slice(0, i).trim(), part.slice(i + 1).trim());
  }
  return out;
}

function probe(p: unknown): Obj | undefined {
  if (!p) return undefined;
  const v = obj(p);
  const http = v.httpGet ? obj(v.httpGet) : undefined;
  return defined({
    initialDelaySeconds: v.initialDelaySeconds,
    timeoutSeconds: v.timeoutSeconds,
    periodSeconds: v.periodSeconds,
    failureThreshold: v.failureThreshold,
    httpGet: http ? defined({ path: http.path, port: http.port, httpHeaders: http.httpHeaders }) : undefined,
    tcpSocket: v.tcpSocket ? defined({ port: obj(v.tcpSocket).port }) : undefined,
    grpc: v.grpc ? defined({ port: obj(v.grpc).port, service: obj(v.grpc).service }) : undefined,
  });
}

/** v1 env vars (also RunJobRequest container overrides) as v2 env vars. */
export function envToV2(env: unknown, aliases = new Map<string, string>()): List | undefined {
  if (!Array.isArray(env)) return undefined;
  return list(env).map((e) => {
    const ref = obj(obj(e.valueFrom).secretKeyRef);
    if (e.valueFrom) {
      const name = String(ref.name ?? "");
      return { name: e.name, valueSource: { secretKeyRef: defined({ secret: aliases.get(name) ?? name, version: ref.key }) } };
    }
    return defined({ name: e.name, value: e.value });
  });
}

function container(c: Obj, aliases: Map<string, string>, dependsOn: Record<string, string[]>, cloudSql: boolean): Obj {
  const mounts = list(c.volumeMounts).map((m) => defined({ name: m.name, mountPath: m.mountPath, subPath: m.subPath }));
  // The v1 Cloud SQL sockets live under /cloudsql; v2 mounts its Cloud SQL volume there ([I]).
  if (cloudSql && !mounts.some((m) => m.name === CLOUDSQL_VOLUME)) mounts.push({ name: CLOUDSQL_VOLUME, mountPath: "/cloudsql" });
  const resources = obj(c.resources);
  return defined({
    name: c.name,
    image: c.image,
    command: c.command,
    args: c.args,
    workingDir: c.workingDir,
    env: envToV2(c.env, aliases),
    resources: resources.limits ? { limits: strings(resources.limits) } : undefined,
    ports: Array.isArray(c.ports) ? list(c.ports).map((p) => defined({ name: p.name, containerPort: p.containerPort })) : undefined,
    volumeMounts: mounts.length ? mounts : undefined,
    livenessProbe: probe(c.livenessProbe),
    startupProbe: probe(c.startupProbe),
    dependsOn: typeof c.name === "string" ? dependsOn[c.name] : undefined,
  });
}

function volume(v: Obj, aliases: Map<string, string>): Obj {
  if (v.secret) {
    const s = obj(v.secret);
    const name = String(s.secretName ?? "");
    return {
      name: v.name,
      secret: defined({
        secret: aliases.get(name) ?? name,
        defaultMode: s.defaultMode,
        items: Array.isArray(s.items) ? list(s.items).map((i) => defined({ version: i.key, path: i.path, mode: i.mode })) : undefined,
      }),
    };
  }
  if (v.emptyDir) {
    const e = obj(v.emptyDir);
    return { name: v.name, emptyDir: defined({ medium: e.medium === "Memory" ? "MEMORY" : undefined, sizeLimit: e.sizeLimit }) };
  }
  if (v.nfs) {
    const n = obj(v.nfs);
    return { name: v.name, nfs: defined({ server: n.server, path: n.path, readOnly: n.readOnly }) };
  }
  if (v.csi) {
    const c = obj(v.csi);
    const attrs = strings(c.volumeAttributes);
    // mountOptions is one comma-separated string in v1, a list in v2 ([I]: split on ",").
    const options = attrs.mountOptions
      ? attrs.mountOptions
          .split(",")
          .map((o) => o.trim())
          .filter(Boolean)
      : undefined;
    return { name: v.name, gcs: defined({ bucket: attrs.bucketName, readOnly: c.readOnly, mountOptions: options }) };
  }
  return { name: v.name };
}

const EGRESS: Record<string, string> = { "all-traffic": "ALL_TRAFFIC", all: "ALL_TRAFFIC", "private-ranges-only": "PRIVATE_RANGES_ONLY" };
const ENVIRONMENT: Record<string, string> = { gen1: "EXECUTION_ENVIRONMENT_GEN1", gen2: "EXECUTION_ENVIRONMENT_GEN2" };

function vpcAccess(a: Record<string, string>, ctx: V1Context): Obj | undefined {
  const connector = a["run.googleapis.com/vpc-access-connector"];
  const egress = a["run.googleapis.com/vpc-access-egress"];
  const interfaces = a["run.googleapis.com/network-interfaces"];
  const parsed = interfaces ? (JSON.parse(interfaces) as List) : undefined;
  return nonEmpty(
    defined({
      // A short connector name is expanded with the job's project and region ([I]).
      connector: connector
        ? connector.includes("/")
          ? connector
          : `projects/${ctx.project}/locations/${ctx.location}/connectors/${connector}`
        : undefined,
      egress: egress ? (EGRESS[egress] ?? egress) : undefined,
      networkInterfaces: parsed?.map((i) => defined({ network: i.network, subnetwork: i.subnetwork, tags: i.tags })),
    }),
  );
}

/** A v1 Job (body of create / replaceJob) as a v2 Job in proto3 JSON, output-only fields left out. */
export function jobToV2(v1: Obj, ctx: V1Context): Obj {
  const metadata = obj(v1.metadata);
  const spec = obj(v1.spec);
  const annotations = strings(metadata.annotations);
  const execution = obj(spec.template);
  const executionMeta = obj(execution.metadata);
  const executionSpec = obj(execution.spec);
  const task = obj(obj(executionSpec.template).spec);
  const ta = strings(executionMeta.annotations);
  const aliases = secretAliases(ta["run.googleapis.com/secrets"]);
  const dependsOn = ta["run.googleapis.com/container-dependencies"]
    ? (JSON.parse(ta["run.googleapis.com/container-dependencies"]) as Record<string, string[]>)
    : {};
  const cloudSql = (ta["run.googleapis.com/cloudsql-instances"] ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const volumes = list(task.volumes).map((v) => volume(v, aliases));
  if (cloudSql.length) volumes.push({ name: CLOUDSQL_VOLUME, cloudSqlInstance: { instances: cloudSql } });
  const binaryAuthorization = annotations["run.googleapis.com/binary-authorization"];
  const breakglass = annotations["run.googleapis.com/binary-authorization-breakglass"];
  const accelerator = strings(task.nodeSelector)["run.googleapis.com/accelerator"];
  return defined({
    labels: nonEmpty(userKeys(strings(metadata.labels))),
    annotations: nonEmpty(userKeys(annotations)),
    client: annotations["run.googleapis.com/client-name"],
    clientVersion: annotations["run.googleapis.com/client-version"],
    launchStage: annotations["run.googleapis.com/launch-stage"],
    binaryAuthorization: binaryAuthorization
      ? defined({
          ...(binaryAuthorization === "default" ? { useDefault: true } : { policy: binaryAuthorization }),
          breakglassJustification: breakglass,
        })
      : undefined,
    startExecutionToken: spec.startExecutionToken,
    runExecutionToken: spec.runExecutionToken,
    template: defined({
      labels: nonEmpty(userKeys(strings(executionMeta.labels))),
      annotations: nonEmpty(userKeys(ta)),
      parallelism: executionSpec.parallelism,
      taskCount: executionSpec.taskCount,
      template: defined({
        containers: list(task.containers).map((c) => container(c, aliases, dependsOn, cloudSql.length > 0)),
        volumes: volumes.length ? volumes : undefined,
        maxRetries: task.maxRetries,
        timeout: task.timeoutSeconds !== undefined ? `${String(task.timeoutSeconds)}s` : undefined,
        serviceAccount: task.serviceAccountName,
        executionEnvironment: ta["run.googleapis.com/execution-environment"]
          ? (ENVIRONMENT[ta["run.googleapis.com/execution-environment"]] ?? ta["run.googleapis.com/execution-environment"])
          : undefined,
        encryptionKey: ta["run.googleapis.com/encryption-key"],
        vpcAccess: vpcAccess(ta, ctx),
        nodeSelector: accelerator ? { accelerator } : undefined,
      }),
    }),
  });
}

/** v1 RunJobRequest.overrides as v2's. */
export function overridesToV2(overrides: unknown): Obj | undefined {
  if (!overrides) return undefined;
  const o = obj(overrides);
  return defined({
    containerOverrides: Array.isArray(o.containerOverrides)
      ? list(o.containerOverrides).map((c) => defined({ name: c.name, args: c.args, env: envToV2(c.env), clearArgs: c.clearArgs }))
      : undefined,
    taskCount: o.taskCount,
    timeout: o.timeoutSeconds !== undefined ? `${String(o.timeoutSeconds)}s` : undefined,
  });
}
