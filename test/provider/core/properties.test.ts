// Property-based tests on generated valid manifests:
//   - check accepts them, and its canonical form is a fixed point;
//   - v1 → v2 → (server echo) → v1 gives the same canonical manifest;
//   - spelling a default explicitly, or a quantity/duration another way, or reordering keys,
//     does not change the canonical form.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkJobManifest } from "../../../provider/core/check";
import { UNKNOWN } from "../../../provider/core/unknown";
import { describedParts, roundTrip } from "./helpers/round-trip";

type Obj = Record<string, unknown>;

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,18}[a-z0-9]$/);
const word = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);
const labelMap = fc.dictionary(word, fc.stringMatching(/^[a-z0-9_-]{0,10}$/), { maxKeys: 3 });
const userAnnotations = fc.dictionary(
  word.map((w) => `example.com/${w}`),
  fc.string({ maxLength: 12 }),
  { maxKeys: 2 },
);

/** CPU/memory pairs Cloud Run accepts, in several spellings. */
const limits = fc.constantFrom<Obj | undefined>(
  undefined,
  { cpu: "1" },
  { cpu: "1000m", memory: "512Mi" },
  { cpu: 2, memory: "8Gi" },
  { cpu: "2000m", memory: "1024Mi" },
  { cpu: "4", memory: "2Gi" },
  { cpu: "500m", memory: "512Mi" },
  { cpu: "0.25" },
  { memory: "4Gi" },
  { cpu: "8", memory: "32Gi" },
);

const probe = (port?: number) =>
  fc
    .record(
      {
        action: fc.oneof(
          fc.record({
            httpGet: fc.record({ path: fc.constantFrom("/", "/healthz"), port: fc.constantFrom(port ?? 8080, 9999) }, { requiredKeys: [] }),
          }),
          fc.record({ tcpSocket: fc.record({ port: fc.constantFrom(port ?? 8080, 9998) }, { requiredKeys: [] }) }),
          fc.record({ grpc: fc.record({ port: fc.integer({ min: 1, max: 65535 }), service: word }, { requiredKeys: [] }) }),
        ),
        initialDelaySeconds: fc.integer({ min: 0, max: 240 }),
        periodSeconds: fc.integer({ min: 2, max: 240 }),
        failureThreshold: fc.integer({ min: 1, max: 10 }),
      },
      { requiredKeys: ["action"] },
    )
    .map(({ action, ...rest }) => ({ ...action, ...rest, ...(rest.periodSeconds ? { timeoutSeconds: 1 } : {}) }));

const secretNames = ["db-password", "alias-a", "projects/987654321098/secrets/shared"];

const env = fc
  .array(
    fc.oneof(
      fc.record({ name: word.map((w) => `V_${w.toUpperCase()}`), value: fc.string({ maxLength: 10 }) }),
      fc.record({
        name: word.map((w) => `S_${w.toUpperCase()}`),
        valueFrom: fc.record({
          secretKeyRef: fc.record({ name: fc.constantFrom(...secretNames), key: fc.constantFrom("latest", "1", "42") }),
        }),
      }),
    ),
    { maxLength: 3 },
  )
  .map((vars) => {
    // Secret-backed names must be unique per container (Container.env).
    const seen = new Set<string>();
    return vars.filter((v) => !("valueFrom" in v) || (!seen.has(v.name) && seen.add(v.name)));
  });

const volumes = fc
  .uniqueArray(
    fc.record({
      name: word.map((w) => `vol-${w}`),
      source: fc.oneof(
        fc.record({
          secret: fc.record(
            {
              secretName: fc.constantFrom(...secretNames),
              defaultMode: fc.constantFrom(256, 292, 0o400),
              items: fc.constant([{ key: "latest", path: "value" }]),
            },
            { requiredKeys: ["secretName"] },
          ),
        }),
        fc.record({
          emptyDir: fc.record(
            { medium: fc.constantFrom("", "Memory"), sizeLimit: fc.constantFrom("1Gi", "512Mi", "1024Mi") },
            { requiredKeys: [] },
          ),
        }),
        fc.record({ nfs: fc.record({ server: fc.constant("10.0.0.2"), path: fc.constant("/share"), readOnly: fc.boolean() }) }),
        fc.record({
          csi: fc.record({
            driver: fc.constant("gcsfuse.run.googleapis.com"),
            readOnly: fc.boolean(),
            volumeAttributes: fc.record(
              { bucketName: word, mountOptions: fc.constantFrom("implicit-dirs", "implicit-dirs,uid=1000") },
              { requiredKeys: ["bucketName"] },
            ),
          }),
        }),
      ),
    }),
    { maxLength: 3, selector: (v) => v.name },
  )
  .map((vs) => vs.map(({ name: n, source }) => ({ name: n, ...source })));

const container = (index: number, volumeNames: string[], named: boolean) =>
  fc
    .record(
      {
        image: fc.constantFrom("us-docker.pkg.dev/cloudrun/container/job:latest", "busybox", "gcr.io/p/app@sha256:abc"),
        command: fc.array(word, { maxLength: 2 }),
        args: fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }),
        env,
        limits,
        port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
        workingDir: fc.constantFrom("", "/work"),
        mounts: fc.subarray(volumeNames),
        startupProbe: fc.option(probe(), { nil: undefined }),
        livenessProbe: fc.option(probe(), { nil: undefined }),
      },
      { requiredKeys: ["image"] },
    )
    .map((c) => ({
      ...(named ? { name: `c${index}` } : {}),
      image: c.image,
      ...(c.command ? { command: c.command } : {}),
      ...(c.args ? { args: c.args } : {}),
      ...(c.env ? { env: c.env } : {}),
      ...(c.limits ? { resources: { limits: c.limits } } : {}),
      ...(c.port !== undefined ? { ports: [{ containerPort: c.port, name: "http1" }] } : {}),
      ...(c.workingDir !== undefined ? { workingDir: c.workingDir } : {}),
      ...(c.mounts?.length ? { volumeMounts: c.mounts.map((v, i) => ({ name: v, mountPath: `/mnt/${i}` })) } : {}),
      ...(c.startupProbe ? { startupProbe: c.startupProbe } : {}),
      ...(c.livenessProbe ? { livenessProbe: c.livenessProbe } : {}),
    }));

const vpc = fc.oneof(
  fc.constant({}),
  fc.record(
    {
      "run.googleapis.com/vpc-access-connector": fc.constantFrom("conn-a", "projects/my-project/locations/us-central1/connectors/conn-b"),
      "run.googleapis.com/vpc-access-egress": fc.constantFrom("all", "all-traffic", "private-ranges-only"),
    },
    { requiredKeys: ["run.googleapis.com/vpc-access-connector"] },
  ),
  fc.record(
    {
      "run.googleapis.com/network-interfaces": fc.constantFrom(
        '[{"network":"default"}]',
        '[{"subnetwork":"jobs","network":"default","tags":["a","b"]}]',
      ),
      "run.googleapis.com/vpc-access-egress": fc.constantFrom("all-traffic", "private-ranges-only"),
    },
    { requiredKeys: ["run.googleapis.com/network-interfaces"] },
  ),
);

const templateAnnotations = fc
  .record(
    {
      user: userAnnotations,
      vpc,
      sql: fc.constantFrom("my-project:us-central1:db", "a:us-central1:one, a:us-central1:two"),
      environment: fc.constant("gen2"),
      key: fc.constant("projects/p/locations/us-central1/keyRings/r/cryptoKeys/k"),
      secrets: fc.constant("alias-a:projects/123/secrets/real-a"),
      gpuZonal: fc.constantFrom("true", "false"),
    },
    { requiredKeys: ["user", "vpc"] },
  )
  .map((t) => ({
    ...t.user,
    ...t.vpc,
    ...(t.sql ? { "run.googleapis.com/cloudsql-instances": t.sql } : {}),
    ...(t.environment ? { "run.googleapis.com/execution-environment": t.environment } : {}),
    ...(t.key ? { "run.googleapis.com/encryption-key": t.key } : {}),
    ...(t.secrets ? { "run.googleapis.com/secrets": t.secrets } : {}),
    ...(t.gpuZonal ? { "run.googleapis.com/gpu-zonal-redundancy-disabled": t.gpuZonal } : {}),
  }));

const jobAnnotations = fc
  .record(
    {
      user: userAnnotations,
      stage: fc.constantFrom("ALPHA", "BETA", "GA", "beta"),
      binauthz: fc.constantFrom("default", "projects/p/platforms/cloudRun/policies/strict"),
      breakglass: fc.stringMatching(/^[a-z][a-z0-9 -]{0,10}$/),
    },
    { requiredKeys: ["user"] },
  )
  .map((a) => ({
    ...a.user,
    ...(a.stage ? { "run.googleapis.com/launch-stage": a.stage } : {}),
    ...(a.binauthz ? { "run.googleapis.com/binary-authorization": a.binauthz } : {}),
    ...(a.binauthz && a.breakglass ? { "run.googleapis.com/binary-authorization-breakglass": a.breakglass } : {}),
  }));

/** A valid v1 manifest, with defaults sometimes spelled out and some system keys from gcloud. */
const validManifest = fc
  .record({
    name,
    labels: labelMap,
    jobAnnotations,
    templateLabels: labelMap,
    templateAnnotations,
    taskCount: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
    parallelismShare: fc.double({ min: 0, max: 1, noNaN: true }),
    maxRetries: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
    timeout: fc.option(fc.oneof(fc.integer({ min: 1, max: 604800 }), fc.integer({ min: 1, max: 604800 }).map(String)), { nil: undefined }),
    serviceAccountName: fc.option(fc.constantFrom("123-compute@developer.gserviceaccount.com", "jobs@p.iam.gserviceaccount.com"), {
      nil: undefined,
    }),
    volumes,
    containerCount: fc.integer({ min: 1, max: 3 }),
    token: fc.option(fc.constantFrom({ startExecutionToken: "s1" }, { runExecutionToken: "r-2" }), { nil: undefined }),
    gcloudStamps: fc.boolean(),
  })
  .chain((m) =>
    fc
      .tuple(
        ...Array.from({ length: m.containerCount }, (_, i) =>
          container(
            i,
            m.volumes.map((v) => v.name),
            m.containerCount > 1,
          ),
        ),
      )
      .map((containers) => ({ m, containers })),
  )
  .map(({ m, containers }) => {
    const taskCount = m.taskCount ?? 1;
    const parallelism = Math.floor(m.parallelismShare * taskCount);
    const stamps = m.gcloudStamps ? { "run.googleapis.com/client-name": "gcloud", "run.googleapis.com/client-version": "502.0.0" } : {};
    const manifest: Obj = {
      apiVersion: "run.googleapis.com/v1",
      kind: "Job",
      metadata: {
        name: m.name,
        namespace: "my-project",
        labels: { ...m.labels, ...(m.gcloudStamps ? { "cloud.googleapis.com/location": "us-central1" } : {}) },
        annotations: { ...m.jobAnnotations, ...stamps },
      },
      spec: {
        ...m.token,
        template: {
          metadata: { labels: m.templateLabels, annotations: { ...m.templateAnnotations, ...stamps } },
          spec: {
            ...(m.taskCount !== undefined ? { taskCount: m.taskCount } : {}),
            ...(parallelism > 0 ? { parallelism } : {}),
            template: {
              spec: {
                containers,
                ...(m.volumes.length ? { volumes: m.volumes } : {}),
                ...(m.maxRetries !== undefined ? { maxRetries: m.maxRetries } : {}),
                ...(m.timeout !== undefined ? { timeoutSeconds: m.timeout } : {}),
                ...(m.serviceAccountName ? { serviceAccountName: m.serviceAccountName } : {}),
              },
            },
          },
        },
      },
      ...(m.gcloudStamps ? { status: { observedGeneration: 1, executionCount: 0 } } : {}),
    };
    return manifest;
  });

// ── rewritings that must not change the meaning ─────────────────────────────────────────────

type Path = Array<string | number>;
function at(root: Obj, path: Path): Obj {
  let node: unknown = root;
  for (const key of path) node = (node as Record<string | number, unknown>)[key];
  return node as Obj;
}

const TASK: Path = ["spec", "template", "spec", "template", "spec"];

/** Writes every server default explicitly where the manifest leaves it out (§3.3). */
function withExplicitDefaults(raw: Obj): Obj {
  const m = structuredClone(raw);
  const exec = at(m, ["spec", "template", "spec"]);
  exec.taskCount ??= 1;
  const task = at(m, TASK);
  task.maxRetries ??= 3;
  task.timeoutSeconds ??= "600";
  task.serviceAccountName ??= "123456789012-compute@developer.gserviceaccount.com";
  const annotations = (at(m, ["metadata"]).annotations ??= {}) as Obj;
  annotations["run.googleapis.com/launch-stage"] ??= "GA";
  const tAnnotations = at(m, ["spec", "template", "metadata"]).annotations as Obj;
  tAnnotations["run.googleapis.com/execution-environment"] ??= "gen2";
  if (tAnnotations["run.googleapis.com/vpc-access-connector"] || tAnnotations["run.googleapis.com/network-interfaces"]) {
    tAnnotations["run.googleapis.com/vpc-access-egress"] ??= "private-ranges-only";
  }
  for (const c of task.containers as Obj[]) {
    const limits = (((c.resources ??= {}) as Obj).limits ??= {}) as Obj;
    limits.cpu ??= "1000m";
    limits.memory ??= "512Mi";
    const port = (c.ports as Obj[] | undefined)?.[0]?.containerPort ?? 8080;
    for (const key of ["startupProbe", "livenessProbe"]) {
      const p = c[key] as Obj | undefined;
      if (!p) continue;
      p.initialDelaySeconds ??= 0;
      p.periodSeconds ??= 10;
      p.timeoutSeconds ??= 1;
      p.failureThreshold ??= 3;
      p.successThreshold = 1;
      for (const action of ["httpGet", "tcpSocket"]) if (p[action]) (p[action] as Obj).port ??= port;
      if (p.httpGet) (p.httpGet as Obj).path ??= "/";
    }
    for (const port of (c.ports as Obj[] | undefined) ?? []) port.protocol = "TCP";
    for (const mount of (c.volumeMounts as Obj[] | undefined) ?? []) mount.readOnly = false;
  }
  for (const v of (task.volumes as Obj[] | undefined) ?? []) {
    if (v.secret) (v.secret as Obj).defaultMode ??= 0o444;
    if (v.emptyDir) (v.emptyDir as Obj).medium ??= "Memory";
  }
  return m;
}

const CPU_SPELLINGS: Record<string, string> = {
  "1": "1000m",
  "1000m": "1",
  "2": "2000m",
  "2000m": "2",
  "4": "4000m",
  "8": "8000m",
  "500m": "0.5",
};
const MEMORY_SPELLINGS: Record<string, string> = {
  "512Mi": "0.5Gi",
  "1Gi": "1024Mi",
  "1024Mi": "1Gi",
  "2Gi": "2048Mi",
  "4Gi": "4096Mi",
  "8Gi": "8192Mi",
  "32Gi": "32768Mi",
};

/** Respells quantities, durations and lists, and reverses key order everywhere. */
function respelled(raw: Obj): Obj {
  const m = structuredClone(raw);
  const task = at(m, TASK);
  if (typeof task.timeoutSeconds === "number") task.timeoutSeconds = String(task.timeoutSeconds);
  else if (typeof task.timeoutSeconds === "string") task.timeoutSeconds = `${task.timeoutSeconds}s`;
  for (const c of task.containers as Obj[]) {
    const limits = (c.resources as Obj | undefined)?.limits as Obj | undefined;
    if (!limits) continue;
    if (limits.cpu !== undefined) limits.cpu = CPU_SPELLINGS[String(limits.cpu)] ?? limits.cpu;
    if (typeof limits.memory === "string") limits.memory = MEMORY_SPELLINGS[limits.memory] ?? limits.memory;
  }
  const tAnnotations = at(m, ["spec", "template", "metadata"]).annotations as Obj;
  const sql = tAnnotations["run.googleapis.com/cloudsql-instances"];
  if (typeof sql === "string")
    tAnnotations["run.googleapis.com/cloudsql-instances"] = `${sql
      .split(",")
      .map((s) => ` ${s.trim()} `)
      .join(",")},`;
  if (tAnnotations["run.googleapis.com/vpc-access-egress"] === "all-traffic") tAnnotations["run.googleapis.com/vpc-access-egress"] = "all";
  return reverseKeys(m);
}

function reverseKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reverseKeys) as T;
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reverseKeys(v)]),
  ) as T;
}

const RUNS = { numRuns: 300 };

describe("generated valid manifests", () => {
  it("pass check, and the canonical form is a fixed point", () => {
    fc.assert(
      fc.property(validManifest, (raw) => {
        const { manifest, failures } = checkJobManifest(raw);
        expect(failures).toEqual([]);
        expect(checkJobManifest(manifest).manifest).toEqual(manifest);
      }),
      RUNS,
    );
  });

  it("round-trip v1 → v2 → server echo → v1 to the same canonical manifest", () => {
    fc.assert(
      fc.property(validManifest, fc.boolean(), (raw, zeroValues) => {
        const { manifest } = checkJobManifest(raw);
        if (!manifest) throw new Error("generated manifest did not pass check");
        const { checked } = roundTrip(manifest, { zeroValues });
        expect(checked.failures).toEqual([]);
        expect(describedParts(checked.manifest)).toEqual(describedParts(manifest));
      }),
      RUNS,
    );
  });

  it("compare equal with every default written out", () => {
    fc.assert(
      fc.property(validManifest, (raw) => {
        const explicit = checkJobManifest(withExplicitDefaults(raw));
        expect(explicit.failures).toEqual([]);
        expect(explicit.manifest).toEqual(checkJobManifest(raw).manifest);
      }),
      RUNS,
    );
  });

  it("compare equal with quantities, durations and lists respelled and keys reordered", () => {
    fc.assert(
      fc.property(validManifest, (raw) => {
        const other = checkJobManifest(respelled(raw));
        expect(other.failures).toEqual([]);
        expect(JSON.stringify(other.manifest)).toEqual(JSON.stringify(checkJobManifest(raw).manifest));
      }),
      RUNS,
    );
  });
});

/** Every value's path in a manifest (objects, lists and leaves). */
function allPaths(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== "object") return [prefix];
  const children = Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    allPaths(v, [...prefix, Array.isArray(value) ? Number(k) : k]),
  );
  return prefix.length ? [prefix, ...children] : children;
}

function replacedAt(raw: Obj, path: Path, replacement: unknown): Obj {
  const m = structuredClone(raw);
  const parent = at(m, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path[path.length - 1] as string | number] = replacement;
  return m;
}

describe("a value unknown during a preview, anywhere in a valid manifest", () => {
  it("never fails check", () => {
    fc.assert(
      fc.property(validManifest, fc.nat(), (raw, pick) => {
        const paths = allPaths(raw);
        const path = paths[pick % paths.length] as Path;
        expect(checkJobManifest(replacedAt(raw, path, UNKNOWN)).failures, JSON.stringify(path)).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });
});
