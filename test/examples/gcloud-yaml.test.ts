// examples/gcloud-yaml: a `gcloud run jobs describe --format export` file, loaded as is, creates
// the job it describes, and a preview right after shows no changes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { emulatorClients } from "../e2e/clients";
import { exampleStack, runExample, type ExampleStack } from "./harness";

const T = 240_000;
// The namespace gcloud printed (the project number) and the location label are where it lives.
const ID = "projects/123456789012/locations/europe-west1/jobs/nightly-export";

let emulator: RunningEmulator;
let cloud: ReturnType<typeof emulatorClients>;
let ex: ExampleStack;

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, taskDurationMs: 20 });
  cloud = emulatorClients(emulator.port);
  ex = await exampleStack(async () => runExample("gcloud-yaml"), { emulatorHost: emulator.address, projectName: "gcloud-yaml" });
}, T);
afterAll(async () => {
  await ex?.cleanup();
  await cloud?.close();
  await emulator?.stop();
}, T);

describe("examples/gcloud-yaml", () => {
  it("up creates the job the exported YAML describes", async () => {
    const up = await ex.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 2 });
    expect(up.outputs.id?.value).toBe(ID);
    const [live] = await cloud.jobs.getJob({ name: ID });
    expect(live.labels).toEqual({ team: "data" });
    expect(live.template).toMatchObject({ taskCount: 4, parallelism: 2, labels: { team: "data" } });
    expect(live.template?.template?.containers?.[0]).toMatchObject({ args: ["--since=24h"], env: [{ name: "EXPORT_BUCKET", value: "gs://example-exports" }] });
  }, T);

  it("a file that is not valid YAML fails the preview naming the file and line, no stack trace", async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const dir = mkdtempSync(path.join(os.tmpdir(), "crj-yaml-"));
    const broken = path.join(dir, "job.yaml");
    writeFileSync(broken, "apiVersion: run.googleapis.com/v1\nkind: Job\nmetadata:\n  name: [oops\n");
    try {
      await ex.stack.setConfig("gcloud-yaml:manifestFile", { value: broken });
      const message = await ex.stack.preview().then(() => "previewed?!", (err: Error) => err.message);
      expect(message).toMatch(new RegExp(`${broken}: .* at line 5, column 1; fix the YAML`));
      expect(message).toContain("fix the YAML (or export it again with gcloud)");
      expect(message).not.toMatch(/\n\s+at /);
    } finally {
      await ex.stack.removeConfig("gcloud-yaml:manifestFile");
      rmSync(dir, { recursive: true, force: true });
    }
  }, T);

  it("preview and refresh then show no changes", async () => {
    expect((await ex.stack.preview()).changeSummary).toEqual({ same: 2 });
    expect((await ex.stack.refresh()).summary.resourceChanges).toEqual({ same: 2 });
    expect((await ex.stack.preview()).changeSummary).toEqual({ same: 2 });
  }, T);
});
