// Every validation rule (docs/cloud-run-facts.md §2.6, §3.1, §3.2): INVALID_ARGUMENT with a
// google.rpc.BadRequest field violation naming the field, nothing stored.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PARENT, jobBody, jobName, rejection, startHarness, type Harness, type IJob } from "../harness";

const INVALID_ARGUMENT = 3;
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

const tt = "job.template.template";
const c0 = `${tt}.containers[0]`;
const image = "busybox";

const cases: Array<[string, IJob, string, string?]> = [
  ["missing template", {}, "job.template"],
  ["missing task template", { template: {} }, `job.template.template`],
  ["no containers", jobBody({ containers: [] }), `${tt}.containers`],
  ["container without image", jobBody({ containers: [{ name: "a" }] }), `${c0}.image`],
  ["unnamed second container", jobBody({ containers: [{ name: "a", image }, { image }] }), `${tt}.containers[1].name`],
  [
    "duplicate container names",
    jobBody({
      containers: [
        { name: "a", image },
        { name: "a", image },
      ],
    }),
    `${tt}.containers[1].name`,
  ],
  ["container name not a DNS label", jobBody({ containers: [{ name: "Bad_Name", image }] }), `${c0}.name`],
  ["env without name", jobBody({ containers: [{ image, env: [{ value: "x" }] }] }), `${c0}.env[0].name`],
  [
    "env value and value_source",
    jobBody({ containers: [{ image, env: [{ name: "A", value: "x", valueSource: { secretKeyRef: { secret: "s", version: "1" } } }] }] }),
    `${c0}.env[0]`,
  ],
  [
    "secret ref without secret",
    jobBody({ containers: [{ image, env: [{ name: "A", valueSource: { secretKeyRef: { version: "1" } } }] }] }),
    `${c0}.env[0].value_source.secret_key_ref.secret`,
  ],
  ["reserved env name", jobBody({ containers: [{ image, env: [{ name: "CLOUD_RUN_TASK_INDEX", value: "1" }] }] }), `${c0}.env[0].name`],
  ["env value too long", jobBody({ containers: [{ image, env: [{ name: "A", value: "x".repeat(32769) }] }] }), `${c0}.env[0].value`],
  [
    "mount of an undefined volume",
    jobBody({ containers: [{ image, volumeMounts: [{ name: "v", mountPath: "/v" }] }] }),
    `${c0}.volume_mounts[0].name`,
  ],
  [
    "mount without path",
    jobBody({ containers: [{ image, volumeMounts: [{ name: "v" }] }], volumes: [{ name: "v", emptyDir: {} }] }),
    `${c0}.volume_mounts[0].mount_path`,
  ],
  [
    "mount path with a colon",
    jobBody({ containers: [{ image, volumeMounts: [{ name: "v", mountPath: "/a:b" }] }], volumes: [{ name: "v", emptyDir: {} }] }),
    `${c0}.volume_mounts[0].mount_path`,
  ],
  [
    "cloud sql mounted elsewhere",
    jobBody({
      containers: [{ image, volumeMounts: [{ name: "sql", mountPath: "/db" }] }],
      volumes: [{ name: "sql", cloudSqlInstance: { instances: ["p:r:i"] } }],
    }),
    `${c0}.volume_mounts[0].mount_path`,
  ],
  ["volume without name", jobBody({ volumes: [{ emptyDir: {} }] }), `${tt}.volumes[0].name`],
  ["volume without type", jobBody({ volumes: [{ name: "v" }] }), `${tt}.volumes[0]`],
  ["secret volume without secret", jobBody({ volumes: [{ name: "v", secret: {} }] }), `${tt}.volumes[0].secret.secret`],
  [
    "secret item without path",
    jobBody({ volumes: [{ name: "v", secret: { secret: "s", items: [{ version: "1" }] } }] }),
    `${tt}.volumes[0].secret.items[0].path`,
  ],
  ["node selector without accelerator", jobBody({ nodeSelector: {} }), `${tt}.node_selector.accelerator`],
  ["max_retries above 10", jobBody({ maxRetries: 11 }), `${tt}.max_retries`],
  ["negative max_retries", jobBody({ maxRetries: -1 }), `${tt}.max_retries`],
  ["zero timeout", jobBody({ timeout: { seconds: 0, nanos: 0 } }), `${tt}.timeout`],
  ["timeout above 168h", jobBody({ timeout: { seconds: 168 * 3600 + 1 } }), `${tt}.timeout`],
  ["GEN1 for a job", jobBody({ executionEnvironment: "EXECUTION_ENVIRONMENT_GEN1" }), `${tt}.execution_environment`],
  [
    "cpu above 8",
    jobBody({ containers: [{ image, resources: { limits: { cpu: "16", memory: "32Gi" } } }] }),
    `${c0}.resources.limits[cpu]`,
  ],
  [
    "memory below 512Mi",
    jobBody({ containers: [{ image, resources: { limits: { memory: "256Mi" } } }] }),
    `${c0}.resources.limits[memory]`,
  ],
  [
    "memory too small for 4 cpu",
    jobBody({ containers: [{ image, resources: { limits: { cpu: "4" } } }] }),
    `${c0}.resources.limits[memory]`,
  ],
  [
    "gpu other than 1",
    jobBody({ containers: [{ image, resources: { limits: { "nvidia.com/gpu": "2" } } }] }),
    `${c0}.resources.limits[nvidia.com/gpu]`,
  ],
  ["parallelism above task_count", jobBody({}, { taskCount: 2, parallelism: 3 }), "job.template.parallelism", "Must be <= task_count."],
  ["task_count above 10000", jobBody({}, { taskCount: 10001 }), "job.template.task_count"],
  [
    "eleven containers",
    jobBody({ containers: Array.from({ length: 11 }, (_, i) => ({ name: `c${i}`, image })) }),
    `${tt}.containers`,
    "At most 10 containers are supported.",
  ],
  [
    "1001 arguments",
    jobBody({ containers: [{ image, args: Array.from({ length: 1001 }, () => "a") }] }),
    `${c0}.args`,
    "At most 1000 arguments are supported.",
  ],
  [
    "env name above 32768 characters",
    jobBody({ containers: [{ image, env: [{ name: "A".repeat(32769), value: "1" }] }] }),
    `${c0}.env[0].name`,
  ],
  [
    "65 job labels",
    { ...jobBody(), labels: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`l${i}`, "v"])) },
    "job.labels",
    "At most 64 labels are supported.",
  ],
  [
    "65 template labels",
    jobBody({}, { labels: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`l${i}`, "v"])) }),
    "job.template.labels",
  ],
  [
    "startup probe period above 240",
    jobBody({ containers: [{ image, startupProbe: { periodSeconds: 241, tcpSocket: {} } }] }),
    `${c0}.startup_probe.period_seconds`,
    "Must be between 1 and 240.",
  ],
  [
    "startup probe initial delay above 240",
    jobBody({ containers: [{ image, startupProbe: { initialDelaySeconds: 241, tcpSocket: {} } }] }),
    `${c0}.startup_probe.initial_delay_seconds`,
  ],
  [
    "liveness probe period above 3600",
    jobBody({ containers: [{ image, livenessProbe: { periodSeconds: 3601, tcpSocket: {} } }] }),
    `${c0}.liveness_probe.period_seconds`,
  ],
  [
    "probe timeout above 3600",
    jobBody({ containers: [{ image, livenessProbe: { timeoutSeconds: 3601, tcpSocket: {} } }] }),
    `${c0}.liveness_probe.timeout_seconds`,
  ],
  ["reserved job label", { ...jobBody(), labels: { "run.googleapis.com/x": "1" } }, "job.labels[run.googleapis.com/x]"],
  [
    "reserved job annotation",
    { ...jobBody(), annotations: { "autoscaling.knative.dev/maxScale": "1" } },
    "job.annotations[autoscaling.knative.dev/maxScale]",
    "system annotations are not supported in Cloud Run API v2.",
  ],
  [
    "reserved template label",
    jobBody({}, { labels: { "cloud.googleapis.com/location": "x" } }),
    "job.template.labels[cloud.googleapis.com/location]",
  ],
  [
    "reserved template annotation",
    jobBody({}, { annotations: { "run.googleapis.com/execution-environment": "gen1" } }),
    "job.template.annotations[run.googleapis.com/execution-environment]",
  ],
  [
    "reserved subdomain namespace",
    jobBody({}, { annotations: { "x.serving.knative.dev/y": "1" } }),
    "job.template.annotations[x.serving.knative.dev/y]",
  ],
  ["both execution tokens", { ...jobBody(), startExecutionToken: "a", runExecutionToken: "b" }, "job.run_execution_token"],
  [
    "job name + token too long",
    { ...jobBody(), runExecutionToken: "t".repeat(60) },
    "job.run_execution_token",
    "The sum of job name and token length must be fewer than 63 characters.",
  ],
  ["token with capitals", { ...jobBody(), startExecutionToken: "Token" }, "job.start_execution_token"],
];

describe("CreateJob validation", () => {
  it.each(cases)("%s → INVALID_ARGUMENT on %s", async (_label, job, field, description) => {
    const r = await rejection(h.jobs.createJob({ parent: PARENT, jobId: "val", job }));
    expect(r.code).toBe(INVALID_ARGUMENT);
    expect(r.fields).toContain(field);
    expect(r.message).toContain(`Violation in CreateJobRequest.${field}`);
    if (description) expect(r.message).toContain(description);
    expect((await rejection(h.jobs.getJob({ name: jobName("val") }))).code).toBe(5);
  });

  it("accepts the last allowed value of each limit: 10000 tasks, 10 containers, 1000 args, 64 labels, 240 s startup probe period", async () => {
    const job: IJob = {
      ...jobBody(
        {
          containers: [
            {
              name: "c0",
              image,
              args: Array.from({ length: 1000 }, () => "a"),
              env: [{ name: "A".repeat(32768), value: "1" }],
              startupProbe: { periodSeconds: 240, initialDelaySeconds: 240, tcpSocket: {} },
            },
            ...Array.from({ length: 9 }, (_, i) => ({ name: `c${i + 1}`, image })),
          ],
        },
        { taskCount: 10000, labels: Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`l${i}`, "v"])) },
      ),
      labels: Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`l${i}`, "v"])),
    };
    const [op] = await h.jobs.createJob({ parent: PARENT, jobId: "limits", job, validateOnly: true });
    expect(op.done).toBe(true);
  });

  it("accepts the boundaries: maxRetries 10, 168h timeout, parallelism = task_count, 62-char name + token, 8 cpu 32Gi", async () => {
    const job: IJob = {
      ...jobBody(
        { maxRetries: 10, timeout: { seconds: 168 * 3600 }, containers: [{ image, resources: { limits: { cpu: "8", memory: "32Gi" } } }] },
        { taskCount: 3, parallelism: 3 },
      ),
      startExecutionToken: "t".repeat(59),
    };
    const [op] = await h.jobs.createJob({ parent: PARENT, jobId: "ok", job, validateOnly: true });
    expect(op.done).toBe(true);
  });

  it.each([
    ["", "job_id"],
    ["1starts-with-digit", "job_id"],
    ["ends-with-", "job_id"],
    ["Upper", "job_id"],
    ["a".repeat(64), "job_id"],
  ])("job id %j → INVALID_ARGUMENT on %s", async (jobId, field) => {
    const r = await rejection(h.jobs.createJob({ parent: PARENT, jobId, job: jobBody() }));
    expect(r.code).toBe(INVALID_ARGUMENT);
    expect(r.fields).toEqual([field]);
  });

  it("a malformed parent names the parent", async () => {
    const r = await rejection(h.jobs.createJob({ parent: "projects/p", jobId: "x", job: jobBody() }));
    expect(r.fields).toEqual(["parent"]);
  });

  it("a 63-character id is accepted", async () => {
    const [op] = await h.jobs.createJob({ parent: PARENT, jobId: "a".repeat(63), job: jobBody(), validateOnly: true });
    expect(op.done).toBe(true);
  });

  it("UpdateJob names its own request in violations", async () => {
    const r = await rejection(h.jobs.updateJob({ job: { name: jobName("u"), template: {} }, allowMissing: true }));
    expect(r.code).toBe(INVALID_ARGUMENT);
    expect(r.message).toContain("Violation in UpdateJobRequest.job.template.template");
  });
});
