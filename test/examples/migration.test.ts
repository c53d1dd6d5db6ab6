// examples/migration, run by its documented commands: the emulator runs the migration's command
// as a local process (--exec), so its exit code decides whether the downstream job may be
// created. (test/cli/lifecycle.test.ts drives the same project through every CLI command.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { cliProject, digest, sh, text, type CliProject } from "../cli/project";
import { emulatorClients } from "../e2e/clients";

const T = 240_000;
const PARENT = "projects/cli-project/locations/europe-west1";

let emulator: RunningEmulator;
let cloud: ReturnType<typeof emulatorClients>;
let p: CliProject;

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, exec: true, taskDurationMs: 50 });
  cloud = emulatorClients(emulator.port);
  p = await cliProject("migration", { emulatorHost: emulator.address });
}, T);
afterAll(async () => {
  p?.cleanup();
  await cloud?.close();
  await emulator?.stop();
}, T);

async function liveJob(name: string) {
  return cloud.jobs.getJob({ name: `${PARENT}/jobs/${name}` }).then(
    ([j]) => j,
    () => undefined,
  );
}

describe("examples/migration (pulumi CLI)", () => {
  it(
    "a failed migration fails the deploy and the downstream job is not created",
    async () => {
      await p.config({ imageDigest: digest("a"), migrationCommand: sh("echo migrating; exit 3") });
      const up = await p.run(["up", "--yes"]);
      expect(up.code).not.toBe(0);
      expect(text(up)).toContain(`execution migrate-img-${"a".repeat(16)} failed`);
      expect(await liveJob("migrate")).toBeDefined();
      expect(await liveJob("app")).toBeUndefined();
    },
    T,
  );

  it(
    "a new image digest runs the migration again; the downstream job is created after it succeeded",
    async () => {
      await p.config({ imageDigest: digest("b"), migrationCommand: sh("echo migrating; exit 0") });
      await p.up();
      const execution = `migrate-img-${"b".repeat(16)}`;
      const outputs = await p.outputs();
      expect(outputs.migrationExecution).toBe(execution);
      expect(outputs.migrationStatus).toMatchObject({
        latestCreatedExecution: { name: execution, completionStatus: "EXECUTION_SUCCEEDED" },
      });

      const [run] = await cloud.executions.getExecution({ name: `${PARENT}/jobs/migrate/executions/${execution}` });
      const app = await liveJob("app");
      expect(app?.template?.template?.containers?.[0]?.env).toContainEqual(
        expect.objectContaining({ name: "MIGRATION_EXECUTION", value: execution }),
      );
      expect(app?.labels?.["migrated-by"]).toBe(execution);
      // Created only once the run had completed.
      expect(Number(app?.createTime?.seconds)).toBeGreaterThanOrEqual(Number(run.completionTime?.seconds));
    },
    T,
  );

  it(
    "a malformed imageDigest fails the preview with one line, no stack trace",
    async () => {
      await p.config({ imageDigest: "latest" });
      const preview = await p.run(["preview"]);
      expect(preview.code).not.toBe(0);
      expect(text(preview)).toContain(
        'imageDigest must be a sha256 digest like sha256:3f1c…, got "latest"; run `pulumi config set imageDigest sha256:<hex>`',
      );
      expect(text(preview)).not.toMatch(/\n\s+at /);
      await p.config({ imageDigest: digest("b") });
    },
    T,
  );

  it(
    "the same image again: no change, no run",
    async () => {
      expect((await p.run(["preview", "--expect-no-changes"])).code).toBe(0);
      const [list] = await cloud.executions.listExecutions({ parent: `${PARENT}/jobs/migrate` });
      expect(list).toHaveLength(2);
    },
    T,
  );

  it(
    "a run started elsewhere, then cancelled, changes neither the token's run nor the downstream job after a refresh (issue 30)",
    async () => {
      const execution = `migrate-img-${"b".repeat(16)}`;
      // What `gcloud run jobs execute migrate` then `gcloud run jobs executions cancel` do.
      const [op] = await cloud.jobs.runJob({ name: `${PARENT}/jobs/migrate` });
      const manual = (op.metadata as { name?: string }).name!;
      await cloud.executions.cancelExecution({ name: manual }).catch(() => undefined);
      expect((await p.run(["refresh", "--yes"])).code).toBe(0);
      // The migration's state as the refresh left it: status follows the last run (which is why
      // the example does not read it); tokenRun stays the token's.
      const migrate = (await p.jobs()).find((r) => r.id?.endsWith("/jobs/migrate"))!;
      const outs = migrate.outputs as { status: { latestCreatedExecution?: { name?: string } }; tokenRun: unknown };
      expect(outs.status.latestCreatedExecution?.name).toBe(manual.split("/").pop());
      expect(outs.tokenRun).toMatchObject({ execution, token: `img-${"b".repeat(16)}`, completionStatus: "EXECUTION_SUCCEEDED" });
      expect((await p.run(["preview", "--expect-no-changes"])).code).toBe(0);
      await p.up();
      expect((await p.outputs()).migrationExecution).toBe(execution);
      const app = await liveJob("app");
      expect(app?.template?.template?.containers?.[0]?.env).toContainEqual(
        expect.objectContaining({ name: "MIGRATION_EXECUTION", value: execution }),
      );
    },
    T,
  );
});
