import { describe, expect, it } from "vitest";
import { jobOutputs, jobStatusOf } from "../../../provider/core/outputs";
import { autonameJob, drawJobName, isAutonameOf, suffixFrom } from "../../../provider/core/autoname";

const ts = (iso: string) => ({ seconds: String(Date.parse(iso) / 1000), nanos: 0 });

describe("jobStatusOf", () => {
  it("maps v2 status to the v1 JobStatus shape", () => {
    expect(
      jobStatusOf({
        observedGeneration: "2",
        executionCount: 3,
        terminalCondition: { type: "Ready", state: "CONDITION_SUCCEEDED", lastTransitionTime: ts("2026-01-02T03:04:05Z") },
        latestCreatedExecution: {
          name: "job-a-v2",
          createTime: ts("2026-01-02T03:00:00Z"),
          completionTime: ts("2026-01-02T03:01:00Z"),
          completionStatus: "EXECUTION_SUCCEEDED",
        },
      }),
    ).toEqual({
      observedGeneration: 2,
      executionCount: 3,
      conditions: [{ type: "Ready", status: "True", lastTransitionTime: "2026-01-02T03:04:05.000Z" }],
      latestCreatedExecution: {
        name: "job-a-v2",
        creationTimestamp: "2026-01-02T03:00:00.000Z",
        completionTimestamp: "2026-01-02T03:01:00.000Z",
        completionStatus: "EXECUTION_SUCCEEDED",
      },
    });
  });

  it("a failed condition carries its reason and message", () => {
    const s = jobStatusOf({
      terminalCondition: {
        type: "Ready",
        state: "CONDITION_FAILED",
        reason: "CONTAINER_MISSING",
        message: "Image not found",
        severity: "ERROR",
      },
    });
    expect(s.conditions).toEqual([
      { type: "Ready", status: "False", reason: "ContainerMissing", message: "Image not found", severity: "Error" },
    ]);
    expect(s.latestCreatedExecution).toBeUndefined();
  });
});

describe("jobOutputs", () => {
  it("echoes the applied inputs, adds server metadata, and holds no undefined", () => {
    const outs = jobOutputs(
      { project: "p", region: "r", name: "n", metadata: { labels: { a: "b" } }, spec: { x: 1 }, __provider: "code" },
      { uid: "u", generation: "4", etag: '"e"', createTime: ts("2026-01-01T00:00:00Z") },
    );
    expect(outs).toEqual({
      project: "p",
      region: "r",
      name: "n",
      apiVersion: "run.googleapis.com/v1",
      kind: "Job",
      metadata: {
        labels: { a: "b" },
        name: "n",
        namespace: "p",
        uid: "u",
        generation: 4,
        resourceVersion: '"e"',
        creationTimestamp: "2026-01-01T00:00:00.000Z",
      },
      spec: { x: 1 },
      status: { observedGeneration: 0, executionCount: 0, conditions: [] },
      schemaVersion: 1,
    });
    expect(JSON.stringify(outs)).not.toContain("__provider");
  });
});

describe("autonameJob", () => {
  it.each([
    ["migrate", "migrate-abc1234"],
    ["My_Job.Name", "my-job-name-abc1234"],
    ["9lives", "lives-abc1234"],
    ["___", "job-abc1234"],
    ["a".repeat(80), `${"a".repeat(30)}-abc1234`],
  ])("%s → %s", (logical, expected) => {
    expect(autonameJob(logical, "abc1234")).toBe(expected);
  });

  it("makes valid job ids with room for a 24-character token", () => {
    for (let i = 0; i < 50; i++) {
      const logical = `Res ${i} !! ${"x".repeat(i)}`;
      const name = drawJobName(logical, `dev::p::${logical}`, undefined);
      expect(name).toMatch(/^[a-z]([-a-z0-9]*[a-z0-9])?$/);
      expect(name.length).toBeLessThanOrEqual(38);
      expect(isAutonameOf(name, logical)).toBe(true);
    }
  });

  it("draws the same name from the same owner and previous name, another from another", () => {
    const first = drawJobName("migrate", "dev::p::migrate", undefined);
    expect(drawJobName("migrate", "dev::p::migrate", undefined)).toBe(first);
    expect(drawJobName("migrate", "prod::p::migrate", undefined)).not.toBe(first);
    const replacement = drawJobName("migrate", "dev::p::migrate", first);
    expect(replacement).not.toBe(first);
    expect(drawJobName("migrate", "dev::p::migrate", replacement)).not.toBe(replacement);
    expect(suffixFrom("x")).toMatch(/^[a-z0-9]{7}$/);
    expect(isAutonameOf("migrate-abc123", "migrate")).toBe(false);
    expect(isAutonameOf("migrate-now-abc1234", "migrate")).toBe(false);
  });
});

describe("translateError", () => {
  it("says what happened and what to do, in one line", async () => {
    const { translateError } = await import("../../../provider/cloud/errors");
    expect(
      translateError("create", "j", { code: 6, details: "Resource 'projects/p/locations/r/jobs/j' already exists." }).message,
    ).toMatchInlineSnapshot(
      `"create job j: Resource 'projects/p/locations/r/jobs/j' already exists. (ALREADY_EXISTS). a job with this name already exists: adopt it with the \`import\` resource option, or choose another name"`,
    );
    expect(
      translateError(
        "read",
        "j",
        new Error(
          "Could not load the default credentials. Browse to https://cloud.google.com/docs/authentication/getting-started for more information.",
        ),
      ).message,
    ).toContain("run `gcloud auth application-default login`");
    expect(
      translateError("update", "j", {
        code: 3,
        details: "Violation in UpdateJobRequest.job.template: bad\nViolation in UpdateJobRequest.job.x: worse",
      }).message,
    ).not.toContain("\n");
  });
});

describe("translateError after gax gave up retrying", () => {
  it("reports the error it kept retrying", async () => {
    const { translateError } = await import("../../../provider/cloud/errors");
    const e = translateError("read", "j", {
      code: 4,
      message:
        "Total timeout of API google.cloud.run.v2.Jobs exceeded 60000 milliseconds retrying error Error: 14 UNAVAILABLE: No connection established. last error: connect ECONNREFUSED 127.0.0.1:1",
    });
    expect(e.code).toBe(14);
    expect(e.message).toMatch(/^read job j: No connection established\. .* \(UNAVAILABLE\)\. Cloud Run could not be reached/);
  });
});

describe("autoname seeds", () => {
  it("two Jobs of one owner string under two parents (or organizations) draw different names", async () => {
    const { checkInputs } = await import("../../../provider/core/check");
    const news = (seed?: string) => ({
      apiVersion: "run.googleapis.com/v1",
      kind: "Job",
      project: "p-project",
      region: "europe-west1",
      spec: { template: { spec: { template: { spec: { containers: [{ image: "busybox" }] } } } } },
      __owner: "dev::proj::migrate",
      ...(seed !== undefined ? { __nameSeed: seed } : {}),
    });
    const plain = checkInputs({}, news(), {}).inputs.name;
    const a = checkInputs({}, news("\nurn:pulumi:dev::proj::my:Component::a"), {}).inputs.name;
    const b = checkInputs({}, news("\nurn:pulumi:dev::proj::my:Component::b"), {}).inputs.name;
    expect(new Set([plain, a, b]).size).toBe(3);
    // The same seed, the same name (a retried create takes its job back).
    expect(checkInputs({}, news("\nurn:pulumi:dev::proj::my:Component::a"), {}).inputs.name).toBe(a);
  });
});
