// JobRun on the real engine (issue 30's acceptance), against an emulator that runs the tasks
// (--exec): a run with args and env overrides runs once and its task prints them; a preview
// after it shows no change and makes no API call; a changed trigger runs again; an `up` killed
// after RunJob is taken back by the next one without a second execution; a failing run fails
// `up` with its reason and log lines; with run.jobs.runWithOverrides refused, `up` fails before
// any execution exists, naming the permission and the role.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { built, testStack, type TestStack } from "./harness";
import { killEngine } from "./kill";

const T = 300_000;
const JOB = "projects/e2e-project/locations/europe-west1/jobs/backfill-job";

/** What the program declares; tests change it between operations. */
const desired = { trigger: "2026-12-01", date: "2026-12-01", greeting: "from-the-run", wait: "completed" };

async function until(check: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("JobRun on the real engine", () => {
  let emulator: RunningEmulator;
  let ts: TestStack;
  beforeAll(async () => {
    emulator = await startEmulator({ quiet: true, exec: true, taskDurationMs: 50 });
    ts = await testStack(
      async () => {
        const { Job, JobRun } = built();
        const job = new Job("backfill-job", {
          apiVersion: "run.googleapis.com/v1",
          kind: "Job",
          metadata: { name: "backfill-job" },
          spec: {
            template: {
              spec: {
                template: {
                  spec: {
                    maxRetries: 0,
                    containers: [
                      {
                        image: "busybox:1",
                        // The task prints what it runs with; a date of "fail" fails it, "slow" takes 4 s.
                        command: [
                          "/bin/sh",
                          "-c",
                          'echo "backfill $1 says $GREETING"; [ "$1" = slow ] && sleep 4; [ "$1" = fail ] && { echo "no rows for $1" >&2; exit 3; }; exit 0',
                          "task",
                        ],
                        args: ["default-date"],
                        env: [{ name: "GREETING", value: "from-the-job" }],
                      },
                    ],
                  },
                },
              },
            },
          },
        });
        const run = new JobRun("backfill", {
          job,
          overrides: { containerOverrides: [{ args: [desired.date], env: [{ name: "GREETING", value: desired.greeting }] }] },
          triggers: [desired.trigger],
          wait: desired.wait as "completed",
        });
        return { execution: run.execution, status: run.completionStatus, succeeded: run.succeededCount };
      },
      { emulatorHost: emulator.address },
    );
  }, T);
  afterAll(async () => {
    emulator?.permissions.set([]);
    await ts?.stack.destroy().catch(async () => {
      await ts.stack.cancel().catch(() => undefined);
      await ts.stack.destroy().catch(() => undefined);
    });
    await ts?.cleanup();
    await emulator?.stop();
  }, T);

  const executions = () => emulator.store.executionsOf(JOB).map((e) => e.execution.name!.split("/").pop()!);
  const printed = () =>
    emulator.store.logs
      .entries("e2e-project")
      .map((e) => String((e as { textPayload?: string }).textPayload ?? ""))
      .filter((l) => l.startsWith("backfill "));

  it(
    "runs once with its overrides, which the task prints; then no change, and a preview makes no API call",
    async () => {
      const up = await ts.stack.up();
      expect(up.summary.resourceChanges?.create).toBe(3);
      expect(up.outputs.status?.value).toBe("EXECUTION_SUCCEEDED");
      expect(executions()).toHaveLength(1);
      expect(executions()[0]).toBe(up.outputs.execution?.value);
      expect(printed()).toEqual(["backfill 2026-12-01 says from-the-run"]);

      emulator.calls.reset();
      const preview = await ts.stack.preview({ expectNoChanges: true });
      expect(preview.changeSummary.same).toBe(3);
      expect(emulator.calls.snapshot()).toEqual({});
      const again = await ts.stack.up();
      expect(again.summary.resourceChanges?.same).toBe(3);
      expect(executions()).toHaveLength(1);
      // A refresh reads the run back as it is: still no change.
      await ts.stack.refresh();
      await ts.stack.preview({ expectNoChanges: true });
    },
    T,
  );

  it(
    "a changed trigger runs again (a replacement; the first execution stays in the history)",
    async () => {
      desired.trigger = desired.date = "2026-12-02";
      const preview = await ts.stack.preview();
      expect(preview.changeSummary.replace).toBe(1);
      expect(preview.stdout).toMatch(
        /up will run the job with its overrides \(a new execution, unless one already carries this run's key\) and wait up to 3600 s for it to complete/,
      );
      const up = await ts.stack.up();
      expect(up.summary.resourceChanges?.replace).toBe(1);
      expect(executions()).toHaveLength(2);
      expect(printed().at(-1)).toBe("backfill 2026-12-02 says from-the-run");
    },
    T,
  );

  it(
    "an up killed after RunJob: the next up takes its execution back, no second one",
    async () => {
      desired.trigger = desired.date = "slow";
      const runs = emulator.calls.count("RunJob");
      const running = ts.stack.up().then(
        () => "finished",
        () => "failed",
      );
      await until(() => emulator.calls.count("RunJob") > runs && executions().length === 3);
      expect(killEngine(ts.stack.name)).toBeGreaterThan(0);
      expect(await running).toBe("failed");
      await ts.stack.cancel().catch(() => undefined);
      const up = await ts.stack.up();
      expect(up.stdout).toMatch(
        /already carries this run's key \(an earlier `up` of it started it, maybe interrupted\): it is not run again/,
      );
      expect(emulator.calls.count("RunJob")).toBe(runs + 1);
      expect(executions()).toHaveLength(3);
      expect(up.outputs.execution?.value).toBe(executions()[2]);
      expect(up.outputs.status?.value).toBe("EXECUTION_SUCCEEDED");
    },
    T,
  );

  it(
    "a failing run fails up with its reason and its task's lines",
    async () => {
      desired.trigger = desired.date = "fail";
      const failed = await ts.stack.up().then(
        () => "",
        (err: Error) => err.message,
      );
      expect(failed).toMatch(/execution backfill-job-\w+ failed: .*exit code/i);
      expect(failed).toContain("no rows for fail");
      expect(failed).toContain("change the JobRun's `triggers` to run it again");
      expect(executions()).toHaveLength(4);
      // The preview says what the next up does with it; a refresh keeps it (no change, no run).
      const preview = await ts.stack.preview();
      expect(preview.stdout).toMatch(
        /failed: up will report that failure again and run nothing; change the JobRun's triggers to run again/,
      );
      const refreshed = await ts.stack.refresh();
      expect(refreshed.summary.resourceChanges?.delete ?? 0).toBe(0);
      expect(executions()).toHaveLength(4);
    },
    T,
  );

  it(
    "with run.jobs.runWithOverrides refused, up fails before any execution exists, naming the permission and the role",
    async () => {
      desired.trigger = desired.date = "2026-12-03";
      emulator.permissions.set(["run.jobs.runWithOverrides"]);
      const failed = await ts.stack.up().then(
        () => "",
        (err: Error) => err.message,
      );
      emulator.permissions.set([]);
      expect(failed).toContain("run.jobs.runWithOverrides");
      expect(failed).toContain("roles/run.developer");
      expect(executions()).toHaveLength(4);
      // Granted again: the same up runs it.
      await ts.stack.up();
      expect(executions()).toHaveLength(5);
    },
    T,
  );
});
