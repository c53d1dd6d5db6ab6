// examples/migration on the real engine: the emulator runs the migration's command as a local
// process (--exec), so its exit code decides whether the downstream job may be created.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { emulatorClients } from "../e2e/clients";
import { exampleStack, runExample, type ExampleStack } from "./harness";

const T = 240_000;
const PARENT = "projects/examples-project/locations/europe-west1";
const digest = (c: string) => `sha256:${c.repeat(64)}`;

let emulator: RunningEmulator;
let cloud: ReturnType<typeof emulatorClients>;
let ex: ExampleStack;

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, exec: true, taskDurationMs: 50 });
  cloud = emulatorClients(emulator.port);
  ex = await exampleStack(async () => runExample("migration"), { emulatorHost: emulator.address, projectName: "migration" });
}, T);
afterAll(async () => {
  await ex?.cleanup();
  await cloud?.close();
  await emulator?.stop();
}, T);

async function liveJob(name: string) {
  return cloud.jobs.getJob({ name: `${PARENT}/jobs/${name}` }).then(([j]) => j, () => undefined);
}

async function configure(imageDigest: string, script: string) {
  await ex.stack.setConfig("migration:imageDigest", { value: imageDigest });
  await ex.stack.setConfig("migration:migrationCommand", { value: JSON.stringify(["/bin/sh", "-c", script]) });
}

describe("examples/migration", () => {
  it("a failed migration fails the deploy and the downstream job is not created", async () => {
    await configure(digest("a"), "echo migrating; exit 3");
    const message = await ex.stack.up().then(() => "succeeded?!", (err: Error) => err.message);
    expect(message).toContain(`execution migrate-img-${"a".repeat(16)} failed`);
    expect(await liveJob("migrate")).toBeDefined();
    expect(await liveJob("app")).toBeUndefined();
  }, T);

  it("a new image digest runs the migration again; the downstream job is created after it succeeded", async () => {
    await configure(digest("b"), "echo migrating; exit 0");
    const up = await ex.stack.up();
    const execution = `migrate-img-${"b".repeat(16)}`;
    expect(up.outputs.migrationExecution?.value).toBe(execution);
    expect(up.outputs.migrationStatus?.value).toMatchObject({ latestCreatedExecution: { name: execution, completionStatus: "EXECUTION_SUCCEEDED" } });

    const [run] = await cloud.executions.getExecution({ name: `${PARENT}/jobs/migrate/executions/${execution}` });
    const app = await liveJob("app");
    expect(app?.template?.template?.containers?.[0]?.env).toContainEqual(expect.objectContaining({ name: "MIGRATION_EXECUTION", value: execution }));
    expect(app?.labels?.["migrated-by"]).toBe(execution);
    // Created only once the run had completed.
    expect(Number(app?.createTime?.seconds)).toBeGreaterThanOrEqual(Number(run.completionTime?.seconds));
  }, T);

  it("a malformed imageDigest fails the preview with one line, no stack trace", async () => {
    await ex.stack.setConfig("migration:imageDigest", { value: "latest" });
    const message = await ex.stack.preview().then(() => "previewed?!", (err: Error) => err.message);
    expect(message).toContain('imageDigest must be a sha256 digest like sha256:3f1c…, got "latest"; run `pulumi config set imageDigest sha256:<hex>`');
    expect(message).not.toMatch(/\n\s+at /);
    await ex.stack.setConfig("migration:imageDigest", { value: digest("b") });
  }, T);

  it("the same image again: no change, no run", async () => {
    expect((await ex.stack.preview()).changeSummary).toEqual({ same: 3 });
    const [list] = await cloud.executions.listExecutions({ parent: `${PARENT}/jobs/migrate` });
    expect(list).toHaveLength(2);
  }, T);
});
