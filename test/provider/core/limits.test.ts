// Every limit Cloud Run enforces on the v1 tree is checked before any call (issue 26;
// docs/cloud-run-facts.md §7): for each, the last allowed value passes check and the first refused
// value fails it, naming the property and the limit. Values still unknown in a preview never fail.
import { describe, expect, it } from "vitest";
import { checkInputs } from "../../../provider/core/check";
import { UNKNOWN } from "../../../provider/core/unknown";
import { jobManifest, type ManifestParts } from "../../fixtures/manifests";

const SETTINGS = { project: "my-project", region: "us-central1" };
const TASK = "spec.template.spec.template.spec";
const C0 = `${TASK}.containers[0]`;
const image = "us-docker.pkg.dev/cloudrun/container/job:latest";

const many = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));
const labels = (n: number) => Object.fromEntries(many(n, (i) => [`l${i}`, "v"]));
const probe = (kind: "livenessProbe" | "startupProbe", fields: Record<string, unknown>): ManifestParts => ({
  container: { [kind]: { tcpSocket: {}, ...fields } },
});

/** [limit, parts with the last allowed value, parts with the first refused value, property, the limit as the reason names it]. */
const LIMITS: Array<[string, ManifestParts, ManifestParts, string, string]> = [
  [
    "taskCount at most 10000",
    { execution: { taskCount: 10000 } },
    { execution: { taskCount: 10001 } },
    "spec.template.spec.taskCount",
    "10000",
  ],
  [
    "taskCount at least 1",
    { execution: { taskCount: 1 } },
    { execution: { taskCount: 0 } },
    "spec.template.spec.taskCount",
    "between 1 and",
  ],
  [
    "parallelism at most 10000",
    { execution: { taskCount: 10000, parallelism: 10000 } },
    { execution: { taskCount: 10000, parallelism: 10001 } },
    "spec.template.spec.parallelism",
    "10000",
  ],
  [
    "parallelism at most taskCount",
    { execution: { taskCount: 5, parallelism: 5 } },
    { execution: { taskCount: 5, parallelism: 6 } },
    "spec.template.spec.parallelism",
    "taskCount",
  ],
  [
    "parallelism at least 0",
    { execution: { parallelism: 0 } },
    { execution: { parallelism: -1 } },
    "spec.template.spec.parallelism",
    "between 0 and",
  ],
  ["maxRetries at most 10", { task: { maxRetries: 10 } }, { task: { maxRetries: 11 } }, `${TASK}.maxRetries`, "between 0 and 10"],
  ["maxRetries at least 0", { task: { maxRetries: 0 } }, { task: { maxRetries: -1 } }, `${TASK}.maxRetries`, "between 0 and 10"],
  [
    "timeoutSeconds at most 168 h",
    { task: { timeoutSeconds: "604800" } },
    { task: { timeoutSeconds: "604801" } },
    `${TASK}.timeoutSeconds`,
    "604800",
  ],
  [
    "timeoutSeconds at least 1",
    { task: { timeoutSeconds: 1 } },
    { task: { timeoutSeconds: 0 } },
    `${TASK}.timeoutSeconds`,
    "between 1 and",
  ],
  [
    "at most 10 containers",
    { containers: many(10, (i) => ({ name: `c${i}`, image })) },
    { containers: many(11, (i) => ({ name: `c${i}`, image })) },
    `${TASK}.containers`,
    "10",
  ],
  [
    "at most 1000 args",
    { container: { args: many(1000, () => "a") } },
    { container: { args: many(1001, () => "a") } },
    `${C0}.args`,
    "1000",
  ],
  [
    "at most 1000 env vars",
    { container: { env: many(1000, (i) => ({ name: `V${i}`, value: "1" })) } },
    { container: { env: many(1001, (i) => ({ name: `V${i}`, value: "1" })) } },
    `${C0}.env`,
    "1000",
  ],
  [
    "env name at most 32768 characters",
    { container: { env: [{ name: "A".repeat(32768), value: "1" }] } },
    { container: { env: [{ name: "A".repeat(32769), value: "1" }] } },
    `${C0}.env[0].name`,
    "32768",
  ],
  [
    "env value at most 32768 bytes",
    { container: { env: [{ name: "A", value: "é".repeat(16384) }] } },
    { container: { env: [{ name: "A", value: `${"é".repeat(16384)}x` }] } },
    `${C0}.env[0].value`,
    "32768",
  ],
  [
    "one port",
    { container: { ports: [{ containerPort: 8080 }] } },
    { container: { ports: [{ containerPort: 8080 }, { containerPort: 8081 }] } },
    `${C0}.ports`,
    "one port",
  ],
  [
    "containerPort at most 65535",
    { container: { ports: [{ containerPort: 65535 }] } },
    { container: { ports: [{ containerPort: 65536 }] } },
    `${C0}.ports[0].containerPort`,
    "65535",
  ],
  [
    "containerPort at least 1",
    { container: { ports: [{ containerPort: 1 }] } },
    { container: { ports: [{ containerPort: 0 }] } },
    `${C0}.ports[0].containerPort`,
    "between 1 and 65535",
  ],
  [
    "liveness initialDelaySeconds at most 3600",
    probe("livenessProbe", { initialDelaySeconds: 3600 }),
    probe("livenessProbe", { initialDelaySeconds: 3601 }),
    `${C0}.livenessProbe.initialDelaySeconds`,
    "3600",
  ],
  [
    "startup initialDelaySeconds at most 240",
    probe("startupProbe", { initialDelaySeconds: 240 }),
    probe("startupProbe", { initialDelaySeconds: 241 }),
    `${C0}.startupProbe.initialDelaySeconds`,
    "240",
  ],
  [
    "liveness periodSeconds at most 3600",
    probe("livenessProbe", { periodSeconds: 3600 }),
    probe("livenessProbe", { periodSeconds: 3601 }),
    `${C0}.livenessProbe.periodSeconds`,
    "3600",
  ],
  [
    "startup periodSeconds at most 240",
    probe("startupProbe", { periodSeconds: 240 }),
    probe("startupProbe", { periodSeconds: 241 }),
    `${C0}.startupProbe.periodSeconds`,
    "240",
  ],
  [
    "periodSeconds at least 1",
    probe("livenessProbe", { periodSeconds: 2, timeoutSeconds: 1 }),
    probe("livenessProbe", { periodSeconds: 0 }),
    `${C0}.livenessProbe.periodSeconds`,
    "between 1 and 3600",
  ],
  // timeoutSeconds must also be below periodSeconds (at most 3600), so 3599 is its last allowed value.
  [
    "probe timeoutSeconds below periodSeconds",
    probe("livenessProbe", { periodSeconds: 3600, timeoutSeconds: 3599 }),
    probe("livenessProbe", { periodSeconds: 3600, timeoutSeconds: 3600 }),
    `${C0}.livenessProbe.timeoutSeconds`,
    "periodSeconds",
  ],
  [
    "probe timeoutSeconds at most 3600",
    probe("livenessProbe", { timeoutSeconds: 10 }),
    probe("livenessProbe", { timeoutSeconds: 3601 }),
    `${C0}.livenessProbe.timeoutSeconds`,
    "3600",
  ],
  [
    "probe failureThreshold at least 1",
    probe("livenessProbe", { failureThreshold: 1 }),
    probe("livenessProbe", { failureThreshold: 0 }),
    `${C0}.livenessProbe.failureThreshold`,
    "between 1 and",
  ],
  [
    "secret defaultMode at most 0777",
    { task: { volumes: [{ name: "s", secret: { secretName: "s", defaultMode: 0o777 } }] } },
    { task: { volumes: [{ name: "s", secret: { secretName: "s", defaultMode: 0o1000 } }] } },
    `${TASK}.volumes[0].secret.defaultMode`,
    "511",
  ],
  [
    "secret item mode at most 0777",
    { task: { volumes: [{ name: "s", secret: { secretName: "s", items: [{ key: "1", path: "f", mode: 0o777 }] } }] } },
    { task: { volumes: [{ name: "s", secret: { secretName: "s", items: [{ key: "1", path: "f", mode: 0o1000 }] } }] } },
    `${TASK}.volumes[0].secret.items[0].mode`,
    "511",
  ],
  ["at most 64 job labels", { metadata: { labels: labels(64) } }, { metadata: { labels: labels(65) } }, "metadata.labels", "64"],
  [
    "at most 64 template labels",
    { templateMetadata: { labels: labels(64) } },
    { templateMetadata: { labels: labels(65) } },
    "spec.template.metadata.labels",
    "64",
  ],
  [
    "label key at most 63 characters",
    { metadata: { labels: { ["k".repeat(63)]: "v" } } },
    { metadata: { labels: { ["k".repeat(64)]: "v" } } },
    `metadata.labels.${"k".repeat(64)}`,
    "63",
  ],
  [
    "label value at most 63 characters",
    { metadata: { labels: { k: "v".repeat(63) } } },
    { metadata: { labels: { k: "v".repeat(64) } } },
    "metadata.labels.k",
    "63",
  ],
  [
    "job name at most 63 characters",
    { metadata: { name: `j${"o".repeat(62)}` } },
    { metadata: { name: `j${"o".repeat(63)}` } },
    "metadata.name",
    "63",
  ],
];

function check(parts: ManifestParts) {
  return checkInputs({}, jobManifest(parts), SETTINGS);
}

describe("limits Cloud Run enforces, checked before any call", () => {
  it.each(LIMITS)("%s: the last allowed value passes", (_limit, allowed) => {
    expect(check(allowed).failures ?? []).toEqual([]);
  });

  it.each(LIMITS)("%s: the first refused value fails, naming the property and the limit", (_limit, _allowed, refused, property, limit) => {
    const failures = check(refused).failures ?? [];
    const failure = failures.find((f) => f.property === property);
    expect(failure, JSON.stringify(failures)).toBeDefined();
    expect(failure?.reason).toContain(limit);
  });

  it("words a range as 'must be between …, got …' (taskCount 10001, the value that failed only at `up`)", () => {
    expect(check({ execution: { taskCount: 10001 } }).failures).toEqual([
      {
        property: "spec.template.spec.taskCount",
        reason: "must be between 1 and 10000 (Cloud Run's limit on tasks per execution), got 10001",
      },
    ]);
    expect(check({ execution: { taskCount: 1e6 } }).failures?.[0]?.reason).toBe(
      "must be between 1 and 10000 (Cloud Run's limit on tasks per execution), got 1000000",
    );
  });

  it("a GPU task may run at most 1 h", () => {
    const gpu: ManifestParts = {
      container: { resources: { limits: { cpu: "4", memory: "16Gi", "nvidia.com/gpu": "1" } } },
      task: { nodeSelector: { "run.googleapis.com/accelerator": "nvidia-l4" } },
    };
    expect(check({ ...gpu, task: { ...gpu.task, timeoutSeconds: 3600 } }).failures ?? []).toEqual([]);
    expect(check({ ...gpu, task: { ...gpu.task, timeoutSeconds: 3601 } }).failures).toEqual([
      {
        property: `${TASK}.timeoutSeconds`,
        reason: "must be between 1 and 3600 (seconds; 1 h is the longest a GPU task may run), got 3601",
      },
    ]);
  });

  it.each<[string, ManifestParts]>([
    ["taskCount", { execution: { taskCount: UNKNOWN } }],
    ["parallelism", { execution: { parallelism: UNKNOWN } }],
    ["maxRetries", { task: { maxRetries: UNKNOWN } }],
    ["timeoutSeconds", { task: { timeoutSeconds: UNKNOWN } }],
    ["args", { container: { args: UNKNOWN } }],
    ["an arg", { container: { args: [UNKNOWN] } }],
    ["containers", { task: { containers: UNKNOWN } }],
    ["an env name", { container: { env: [{ name: UNKNOWN, value: "1" }] } }],
    ["labels", { metadata: { labels: UNKNOWN } }],
    ["a probe period", probe("startupProbe", { periodSeconds: UNKNOWN })],
    ["a secret mode", { task: { volumes: [{ name: "s", secret: { secretName: "s", defaultMode: UNKNOWN } }] } }],
  ])("a value still unknown in a preview never fails: %s", (_what, parts) => {
    expect(check(parts).failures ?? []).toEqual([]);
  });
});
