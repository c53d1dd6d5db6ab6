// The pure parts of a JobRun (core/run/): v1 overrides as v2's, the key, what replaces, the
// permission refusal. The engine side, against the emulator: test/provider/engine/job-runs.test.ts.
import { describe, expect, it } from "vitest";
import { checkRun, diffRun } from "../../../../provider/core/run/check";
import { MARKER_ENV, resourceOfKey, runKeyOf } from "../../../../provider/core/run/key";
import { markerOf, overridesAnything, toApiOverrides } from "../../../../provider/core/run/overrides";
import { missingPermissions, permissionsForRun } from "../../../../provider/core/run/permissions";
import { UNKNOWN } from "../../../../provider/core/unknown";

const JOB = "projects/p/locations/europe-west1/jobs/etl";

describe("toApiOverrides", () => {
  it("maps the v1 shape to v2's: args, env (values and secrets), clearArgs, taskCount, a Duration", () => {
    const v2 = toApiOverrides(
      {
        containerOverrides: [
          {
            name: "main",
            args: ["--date=1"],
            env: [
              { name: "A", value: "1" },
              { name: "S", valueFrom: { secretKeyRef: { name: "db", key: "3" } } },
            ],
          },
          { name: "side", clearArgs: true },
        ],
        taskCount: 4,
        timeoutSeconds: 90,
      },
      undefined,
    );
    expect(v2).toEqual({
      containerOverrides: [
        {
          name: "main",
          args: ["--date=1"],
          env: [
            { name: "A", value: "1" },
            { name: "S", valueSource: { secretKeyRef: { secret: "db", version: "3" } } },
          ],
        },
        { name: "side", clearArgs: true },
      ],
      taskCount: 4,
      timeout: { seconds: 90, nanos: 0 },
    });
  });

  it("adds the key's env var to the first container override, or makes one for the first container", () => {
    expect(toApiOverrides(undefined, "k")).toEqual({ containerOverrides: [{ env: [{ name: MARKER_ENV, value: "k" }] }] });
    expect(toApiOverrides({ containerOverrides: [{ args: ["x"] }] }, "k")?.containerOverrides?.[0]).toEqual({
      args: ["x"],
      env: [{ name: MARKER_ENV, value: "k" }],
    });
    expect(toApiOverrides(undefined, undefined)).toBeUndefined();
    expect(
      markerOf({ template: { containers: [{ env: [{ name: "A", value: "1" }] }, { env: [{ name: MARKER_ENV, value: "k" }] }] } }),
    ).toBe("k");
  });

  it("tells overrides that change something from empty ones", () => {
    expect(overridesAnything(undefined)).toBe(false);
    expect(overridesAnything({ containerOverrides: [{ name: "main" }] })).toBe(false);
    expect(overridesAnything({ containerOverrides: [{ clearArgs: true }] })).toBe(true);
    expect(overridesAnything({ timeoutSeconds: 5 })).toBe(true);
  });
});

describe("the run's key", () => {
  const base = { __owner: "dev::app::backfill", job: JOB, overrides: { taskCount: 2 }, triggers: ["a"] };
  it("depends on the resource, the job, the overrides and the triggers, not on key order or wait settings", () => {
    const key = runKeyOf(base);
    expect(key).toMatch(/^[0-9a-f]{12}-[0-9a-f]{20}$/);
    expect(runKeyOf({ triggers: ["a"], overrides: { taskCount: 2 }, job: JOB, __owner: "dev::app::backfill", wait: "none" })).toBe(key);
    for (const change of [{ triggers: ["b"] }, { overrides: { taskCount: 3 } }, { job: `${JOB}2` }, { __owner: "dev::app::other" }]) {
      expect(runKeyOf({ ...base, ...change })).not.toBe(key);
    }
    // The resource part is the same for every run of one resource.
    expect(resourceOfKey(runKeyOf({ ...base, triggers: ["b"] }))).toBe(resourceOfKey(key));
  });
});

describe("checkRun and diffRun", () => {
  it("normalizes a timeout given as text, and accepts a job not known yet", () => {
    expect(checkRun({ job: JOB, overrides: { timeoutSeconds: "600" } }).inputs.overrides).toEqual({ timeoutSeconds: 600 });
    expect(checkRun({ job: UNKNOWN, __owner: "x" }).failures).toEqual([]);
  });

  it("refuses what the v2 run method cannot do, naming the property", () => {
    const { failures } = checkRun({ job: JOB, overrides: { delayExecution: true, timeoutSeconds: 700_000 } });
    expect(failures.map((f) => f.property).sort()).toEqual(["overrides.delayExecution", "overrides.timeoutSeconds"]);
  });

  it("replaces on the job, the overrides or the triggers; updates on how up waits", () => {
    const olds = { job: JOB, overrides: { taskCount: 1 }, triggers: ["a"], wait: "completed" };
    expect(diffRun(olds, { ...olds })).toEqual({ changes: false, replaces: [] });
    expect(diffRun(olds, { ...olds, triggers: ["b"] })).toEqual({ changes: true, replaces: ["triggers"] });
    expect(diffRun(olds, { ...olds, job: UNKNOWN })).toEqual({ changes: true, replaces: ["job"] });
    expect(diffRun(olds, { ...olds, wait: "none" })).toEqual({ changes: true, replaces: [] });
  });
});

describe("missingPermissions", () => {
  it("names what is missing and a role that grants it", () => {
    const needed = permissionsForRun(true);
    expect(missingPermissions(JOB, needed, needed)).toBeUndefined();
    const reason = missingPermissions(JOB, needed, ["run.jobs.run", "run.executions.get"]);
    expect(reason).toContain("`run.jobs.runWithOverrides` (granted by roles/run.developer)");
    expect(reason).toContain("gcloud run jobs add-iam-policy-binding etl --region europe-west1");
    expect(reason).toContain("nothing was run");
  });
});
