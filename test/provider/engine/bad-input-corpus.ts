// A corpus of invalid manifests: each entry names the property path its refusal must carry.
// Built from one valid manifest by small mutations, grouped by the kind of mistake.
type M = Record<string, unknown>;

export interface BadInput {
  group: string;
  name: string;
  manifest: unknown;
  /** A failure's property must start with this. */
  path: string;
}

const C = "spec.template.spec.template.spec.containers[0]";
const T = "spec.template.spec.template.spec";
const E = "spec.template.spec";

export function validManifest(): M {
  return {
    project: "bad-input-project",
    region: "europe-west1",
    apiVersion: "run.googleapis.com/v1",
    kind: "Job",
    metadata: { name: "bad-input", labels: { team: "data" } },
    spec: {
      template: {
        spec: {
          taskCount: 2,
          template: { spec: { containers: [{ image: "busybox", env: [{ name: "A", value: "1" }] }] } },
        },
      },
    },
  };
}

/** Parses `a.b[0].c` into keys. */
function keys(path: string): Array<string | number> {
  return path
    .replace(/\[(\d+)\]/g, ".$1")
    .split(".")
    .filter(Boolean)
    .map((k) => (/^\d+$/.test(k) ? Number(k) : k));
}

/** A copy of the valid manifest with `value` at `path` (`undefined` deletes it). */
export function withValue(path: string, value: unknown, base: M = validManifest()): M {
  const root = structuredClone(base);
  const ks = keys(path);
  let node: Record<string | number, unknown> = root;
  for (const k of ks.slice(0, -1)) {
    if (node[k] === undefined || node[k] === null || typeof node[k] !== "object") node[k] = typeof k === "number" ? [] : {};
    node = node[k] as Record<string | number, unknown>;
  }
  const last = ks[ks.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return root;
}

const bad = (group: string, name: string, path: string, value: unknown, expectPath = path): BadInput => ({
  group,
  name,
  manifest: withValue(path, value),
  path: expectPath,
});

function wrongTypes(): BadInput[] {
  const cases: Array<[string, unknown]> = [
    ["metadata", "a string"],
    ["metadata.name", 42],
    ["metadata.labels", ["a"]],
    ["metadata.labels.team", 7],
    ["metadata.annotations", "x=y"],
    ["spec", []],
    ["spec.template", 1],
    ["spec.template.spec", true],
    [`${E}.taskCount`, "two"],
    [`${E}.parallelism`, "1"],
    [`${E}.template.spec`, "containers"],
    [`${T}.containers`, { image: "busybox" }],
    [`${T}.maxRetries`, "3x"],
    [`${T}.serviceAccountName`, 12],
    [`${T}.volumes`, "data"],
    [`${C}`, "busybox"],
    [`${C}.image`, 1],
    [`${C}.command`, "sh -c"],
    [`${C}.args`, "--flag"],
    [`${C}.env`, { A: "1" }],
    [`${C}.env[0].name`, 3],
    [`${C}.env[0].value`, 3],
    [`${C}.resources`, "big"],
    [`${C}.resources.limits`, ["1"]],
    [`${C}.ports`, 8080],
    [`${C}.ports[0]`, 8080],
    [`${C}.volumeMounts`, "/data"],
    [`${C}.workingDir`, ["/"]],
    ["spec.runExecutionToken", 7],
    ["project", 123],
    ["region", { name: "europe-west1" }],
  ];
  return cases.map(([p, v]) => bad("wrong type", `${p} as ${JSON.stringify(v)}`, p, v));
}

function unknownKeys(): BadInput[] {
  const cases: Array<[string, string]> = [
    ["", "spce"],
    ["", "metdata"],
    ["", "extra"],
    ["metadata", "nmae"],
    ["metadata", "label"],
    ["metadata", "owner"],
    ["spec", "templat"],
    ["spec", "schedule"],
    ["spec.template", "specs"],
    [E, "taskcount"],
    [E, "paralelism"],
    [E, "retries"],
    [`${E}.template`, "metadata2"],
    [T, "container"],
    [T, "timeout"],
    [T, "maxRetry"],
    [T, "serviceAccount"],
    [C, "imagee"],
    [C, "commands"],
    [C, "environment"],
    [C, "resource"],
    [C, "port"],
    [`${C}.env[0]`, "valeu"],
    [`${C}.resources`, "limit"],
    [`${C}.resources.limits`, "gpu"],
  ];
  return cases.map(([at, key]) => ({
    group: "unknown or misspelt key",
    name: `${at || "(root)"}.${key}`,
    manifest: withValue(at ? `${at}.${key}` : key, "x"),
    path: at ? `${at}.${key}` : key,
  }));
}

function badNames(): BadInput[] {
  const names = [
    "Upper",
    "1starts-with-digit",
    "ends-with-dash-",
    "under_score",
    "dot.ted",
    "sp ace",
    "a".repeat(64),
    "-leading",
    "emoji-🚀",
    "ünïcode",
    "",
    "UPPER-CASE",
    "x/y",
    "a--b--C",
  ];
  return names.map((n) => bad("bad name", JSON.stringify(n).slice(0, 40), "metadata.name", n));
}

function badQuantities(): BadInput[] {
  const cpu = ["abc", "-1", "0", "1.5.2", "1000 m", "9", "1.7", "2cores"];
  const memory = ["12XB", "-512Mi", "0", "lots", "512 Mi", "64Gi", "1e3Gi", "3.5"];
  return [
    ...cpu.map((v) => bad("bad quantity", `cpu ${v}`, `${C}.resources.limits.cpu`, v, `${C}.resources.limits`)),
    ...memory.map((v) => bad("bad quantity", `memory ${v}`, `${C}.resources.limits.memory`, v, `${C}.resources.limits`)),
  ];
}

function badDurations(): BadInput[] {
  const values: unknown[] = ["10m", "-1", -5, "1h", "abc", 604801, "604801", 1.5, "", "9999999999999"];
  return values.map((v) => bad("bad duration", `timeoutSeconds ${JSON.stringify(v)}`, `${T}.timeoutSeconds`, v));
}

function badTokens(): BadInput[] {
  const both = withValue("spec.startExecutionToken", "b", withValue("spec.runExecutionToken", "a"));
  return [
    { group: "tokens", name: "both tokens", manifest: both, path: "spec." },
    bad("tokens", "run token too long", "spec.runExecutionToken", "t".repeat(60)),
    bad("tokens", "start token too long", "spec.startExecutionToken", "t".repeat(60)),
    bad("tokens", "token with spaces", "spec.runExecutionToken", "v 1"),
    bad("tokens", "token uppercase", "spec.runExecutionToken", "V1"),
    bad("tokens", "token with slash", "spec.startExecutionToken", "a/b"),
    bad("tokens", "empty run token", "spec.runExecutionToken", ""),
    bad("tokens", "token ending with dash", "spec.runExecutionToken", "v1-"),
  ];
}

function unsupported(): BadInput[] {
  const cases: Array<[string, unknown]> = [
    [`${C}.envFrom`, [{ configMapRef: { name: "cm" } }]],
    [`${C}.env[0].valueFrom`, { configMapKeyRef: { name: "cm", key: "k" } }],
    [`${C}.securityContext`, { runAsUser: 1000 }],
    [`${C}.resources.requests`, { cpu: "1" }],
    [`${C}.imagePullPolicy`, "Always"],
    [`${C}.livenessProbe`, { exec: { command: ["true"] } }],
    [`${C}.startupProbe`, { exec: { command: ["true"] } }],
    [`${C}.terminationMessagePath`, "/dev/log"],
    [`${T}.volumes`, [{ name: "cm", configMap: { name: "cm" } }]],
    [`${E}.template.spec.delayExecution`, true],
    [`${C}.sandboxLauncher`, "gvisor"],
    [`${C}.readinessProbe`, { exec: { command: ["pg_isready"] } }],
  ];
  return cases.map(([p, v]) => bad("unsupported v1 feature", p.split(".").pop() ?? p, p, v));
}

function reserved(): BadInput[] {
  const cases: Array<[string, string]> = [
    ["metadata.labels", "run.googleapis.com/x"],
    ["metadata.labels", "serving.knative.dev/x"],
    ["metadata.labels", "cloud.googleapis.com/x"],
    ["metadata.annotations", "run.googleapis.com/unknown"],
    ["metadata.annotations", "autoscaling.knative.dev/maxScale"],
    ["metadata.annotations", "run.googleapis.com/ingress"],
    ["spec.template.metadata.labels", "run.googleapis.com/x"],
    ["spec.template.metadata.annotations", "serving.knative.dev/x"],
  ];
  return cases.map(([at, key]) => bad("reserved namespace", `${at} ${key}`, at, { [key]: "y" }));
}

function oversized(): BadInput[] {
  const manyEnv = Array.from({ length: 1001 }, (_, i) => ({ name: `V${i}`, value: "x" }));
  return [
    bad("oversized", "1001 env vars", `${C}.env`, manyEnv),
    bad("oversized", "65-char name", "metadata.name", "a".repeat(65)),
    bad("oversized", "task count over int32", `${E}.taskCount`, 2_147_483_648),
    bad("oversized", "huge parallelism", `${E}.parallelism`, 100_001),
    bad("oversized", "maxRetries 11", `${T}.maxRetries`, 11),
    bad("oversized", "timeout over 168 h", `${T}.timeoutSeconds`, "700000"),
  ];
}

function unicode(): BadInput[] {
  return [
    bad("unicode", "env name with =", `${C}.env[0].name`, "VÄR=1"),
    bad("unicode", "label key emoji", "metadata.labels", { "🚀": "x" }),
    bad("unicode", "label value uppercase unicode", "metadata.labels", { team: "ÜBER" }),
    bad("unicode", "service account unicode", `${T}.serviceAccountName`, "rünner"),
    bad("unicode", "container name unicode", `${C}.name`, "maïn"),
    bad("unicode", "region unicode", "region", "europe-wëst1"),
  ];
}

function emptyStrings(): BadInput[] {
  return [
    bad("empty string", "image", `${C}.image`, ""),
    bad("empty string", "env name", `${C}.env[0].name`, ""),
    bad("empty string", "volume mount path", `${C}.volumeMounts`, [{ name: "", mountPath: "" }]),
    bad("empty string", "project", "project", ""),
    bad("empty string", "region", "region", ""),
    bad("empty string", "service account", `${T}.serviceAccountName`, ""),
    bad("empty string", "cpu", `${C}.resources.limits.cpu`, "", `${C}.resources.limits`),
    bad("empty string", "secret name", `${C}.env[0]`, { name: "S", valueFrom: { secretKeyRef: { name: "", key: "latest" } } }),
  ];
}

function nulls(): BadInput[] {
  const paths = [
    "spec",
    "metadata",
    "metadata.name",
    "spec.template",
    `${E}.template`,
    `${T}.containers`,
    `${C}`,
    `${C}.image`,
    `${C}.env[0]`,
    `${E}.taskCount`,
  ];
  return paths.map((p) => bad("null", p, p, null));
}

function hugeNumbers(): BadInput[] {
  return [
    bad("huge number", "taskCount 1e20", `${E}.taskCount`, 1e20),
    bad("huge number", "maxRetries 1e9", `${T}.maxRetries`, 1e9),
    bad("huge number", "timeout Number.MAX_VALUE", `${T}.timeoutSeconds`, Number.MAX_VALUE),
    bad("huge number", "port 70000", `${C}.ports`, [{ containerPort: 70000 }]),
    bad("huge number", "negative taskCount", `${E}.taskCount`, -1),
    bad("huge number", "fractional taskCount", `${E}.taskCount`, 1.5),
    bad("huge number", "parallelism over taskCount", `${E}.parallelism`, 3, E),
    bad("huge number", "NaN-like maxRetries", `${T}.maxRetries`, Number.NaN),
  ];
}

function nestedGarbage(): BadInput[] {
  let deep: unknown = "bottom";
  // 60 levels: deeper than any manifest, within the 100-level nesting protobuf allows on the wire.
  for (let i = 0; i < 60; i++) deep = { nested: deep };
  return [
    bad("nested garbage", "60-deep object in spec", "spec.garbage", deep),
    bad("nested garbage", "deep object as env", `${C}.env`, [deep]),
    bad("nested garbage", "array of arrays as containers", `${T}.containers`, [[[["busybox"]]]]),
    bad("nested garbage", "object as image", `${C}.image`, { registry: { host: { name: "gcr.io" } } }),
    bad("nested garbage", "function-like string map in limits", `${C}.resources.limits`, { cpu: { toString: "1" } }),
  ];
}

function missingRequired(): BadInput[] {
  return [
    bad("missing required", "spec", "spec", undefined),
    bad("missing required", "containers", `${T}.containers`, undefined),
    bad("missing required", "image", `${C}.image`, undefined),
    bad("missing required", "empty containers", `${T}.containers`, []),
    bad("missing required", "env name", `${C}.env[0]`, { value: "x" }),
    bad("missing required", "value and valueFrom", `${C}.env[0]`, {
      name: "A",
      value: "1",
      valueFrom: { secretKeyRef: { name: "s", key: "latest" } },
    }),
    bad("missing required", "mount without volume", `${C}.volumeMounts`, [{ name: "nope", mountPath: "/nope" }]),
    bad("missing required", "volume without source", `${T}.volumes`, [{ name: "v" }]),
  ];
}

export function badInputs(): BadInput[] {
  return [
    ...wrongTypes(),
    ...unknownKeys(),
    ...badNames(),
    ...badQuantities(),
    ...badDurations(),
    ...badTokens(),
    ...unsupported(),
    ...reserved(),
    ...oversized(),
    ...unicode(),
    ...emptyStrings(),
    ...nulls(),
    ...hugeNumbers(),
    ...nestedGarbage(),
    ...missingRequired(),
  ];
}
