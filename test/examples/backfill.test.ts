// examples/backfill, run by its documented commands with the pulumi CLI: a config value
// triggers a JobRun whose overrides the task sees (the emulator runs it, --exec); the same date
// is no change; a new date runs again (issue 30's example project).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { cliProject, text, type CliProject } from "../cli/project";

const T = 240_000;
const JOB = "projects/cli-project/locations/europe-west1/jobs/etl";

let emulator: RunningEmulator;
let p: CliProject;

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, exec: true, taskDurationMs: 50 });
  p = await cliProject("backfill", { emulatorHost: emulator.address });
  await p.config({ etlCommand: JSON.stringify(["/bin/sh", "-c", 'echo "$MODE run for $*"', "etl"]) });
}, T);
afterAll(async () => {
  p?.cleanup();
  await emulator?.stop();
}, T);

const executions = () => emulator.store.executionsOf(JOB).map((e) => e.execution.name!.split("/").pop()!);
const printed = () =>
  emulator.store.logs
    .entries("cli-project")
    .map((e) => String((e as { textPayload?: string }).textPayload ?? ""))
    .filter((l) => l.includes(" run for "));

describe("examples/backfill (pulumi CLI)", () => {
  it(
    "without a date, the job alone; with one, a run with its overrides, announced by the preview",
    async () => {
      await p.up();
      expect(executions()).toHaveLength(0);
      await p.config({ backfillDate: "2026-11-30", backfillTasks: "2" });
      const preview = await p.ok(["preview"]);
      expect(text(preview)).toContain(
        "up will run the job with its overrides (a new execution, unless one already carries this run's key) and wait up to 3600 s for it to complete",
      );
      await p.up();
      expect(executions()).toHaveLength(1);
      expect(printed()).toEqual(["backfill run for --date=2026-11-30", "backfill run for --date=2026-11-30"]);
      const outputs = await p.outputs();
      expect(outputs).toMatchObject({
        backfillExecution: executions()[0],
        backfillStatus: "EXECUTION_SUCCEEDED",
        backfillSucceededTasks: 2,
      });
    },
    T,
  );

  it(
    "the same date is no change; a new date runs again",
    async () => {
      expect((await p.run(["preview", "--expect-no-changes"])).code).toBe(0);
      await p.config({ backfillDate: "2026-12-01", backfillTasks: "1" });
      await p.up();
      expect(executions()).toHaveLength(2);
      expect(printed().at(-1)).toBe("backfill run for --date=2026-12-01");
    },
    T,
  );

  it(
    "a malformed date fails the preview with one line",
    async () => {
      await p.config({ backfillDate: "yesterday" });
      const preview = await p.run(["preview"]);
      expect(preview.code).not.toBe(0);
      expect(text(preview)).toContain('backfillDate must be a date like 2026-11-30, got "yesterday"');
      await p.config({ backfillDate: "2026-12-01" });
    },
    T,
  );
});
