// examples/gcloud-yaml, run by its documented commands: a `gcloud run jobs describe --format
// export` file, loaded as is, creates the job it describes, and a preview right after shows no
// changes.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { cliProject, type CliProject } from "../cli/project";
import { emulatorClients } from "../e2e/clients";

const T = 240_000;
// The namespace gcloud printed is the project number; the stack names the same project by id
// (cli-project, whose number the emulator is told), so the job lands there: up verifies that
// the number is the stack's project's (provider/engine/placement.ts).
const ID = "projects/cli-project/locations/europe-west1/jobs/nightly-export";

let emulator: RunningEmulator;
let cloud: ReturnType<typeof emulatorClients>;
let p: CliProject;

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, taskDurationMs: 20, projectNumbers: { "cli-project": "123456789012" } });
  cloud = emulatorClients(emulator.port);
  p = await cliProject("gcloud-yaml", { emulatorHost: emulator.address });
}, T);
afterAll(async () => {
  p?.cleanup();
  await cloud?.close();
  await emulator?.stop();
}, T);

describe("examples/gcloud-yaml (pulumi CLI)", () => {
  it(
    "up creates the job the exported YAML describes",
    async () => {
      const up = await p.up();
      expect(up.stdout).toMatch(/\+ 2 created/);
      expect((await p.outputs()).id).toBe(ID);
      const [live] = await cloud.jobs.getJob({ name: ID });
      expect(live.labels).toEqual({ team: "data" });
      expect(live.template).toMatchObject({ taskCount: 4, parallelism: 2, labels: { team: "data" } });
      expect(live.template?.template?.containers?.[0]).toMatchObject({
        args: ["--since=24h"],
        env: [{ name: "EXPORT_BUCKET", value: "gs://example-exports" }],
      });
    },
    T,
  );

  it(
    "a file that is not valid YAML fails the preview naming the file and line, no stack trace",
    async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), "crj-yaml-"));
      const broken = path.join(dir, "job.yaml");
      writeFileSync(broken, "apiVersion: run.googleapis.com/v1\nkind: Job\nmetadata:\n  name: [oops\n");
      try {
        await p.config({ manifestFile: broken });
        const preview = await p.run(["preview"]);
        const text = `${preview.stdout}\n${preview.stderr}`;
        expect(preview.code).not.toBe(0);
        expect(text).toMatch(new RegExp(`${broken}: .* at line 5, column 1; fix the YAML \\(or export it again with gcloud\\)`));
        expect(text).not.toMatch(/\n\s+at /);
      } finally {
        await p.ok(["config", "rm", "manifestFile"]);
        rmSync(dir, { recursive: true, force: true });
      }
    },
    T,
  );

  it(
    "preview, refresh and preview again show no changes",
    async () => {
      expect((await p.run(["preview", "--expect-no-changes"])).code).toBe(0);
      const refresh = await p.ok(["refresh", "--yes"]);
      expect(refresh.stdout).toMatch(/2 unchanged/);
      expect((await p.run(["preview", "--expect-no-changes"])).code).toBe(0);
    },
    T,
  );
});
