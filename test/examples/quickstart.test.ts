// examples/quickstart, run by its documented commands (npm install, pulumi stack init, config
// set, up --yes), then a preview that must show no changes. `npm run quickstart` runs the same
// project (scripts/quickstart.mjs); this test also breaks the program on purpose: an up that
// declares no Job must not pass.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { pulumi } from "../../scripts/pulumi-project.mjs";
import { cliProject, type CliProject, ROOT, text } from "../cli/project";

const T = 240_000;

let emulator: RunningEmulator;
let p: CliProject;

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, taskDurationMs: 20 });
  p = await cliProject("quickstart", { emulatorHost: emulator.address });
}, T);
afterAll(async () => {
  p?.cleanup();
  await emulator?.stop();
}, T);

describe("examples/quickstart (pulumi CLI)", () => {
  it(
    "up creates the job and prints its outputs; a second up changes nothing",
    async () => {
      const up = await p.up();
      expect(up.stdout).toMatch(/\+ 2 created/);
      const outputs = await p.outputs();
      expect(outputs).toMatchObject({
        id: "projects/cli-project/locations/europe-west1/jobs/hello",
        name: "hello",
        region: "europe-west1",
      });
      expect(outputs.status).toMatchObject({ observedGeneration: 1 });
      const again = await p.up();
      expect(again.stdout).toMatch(/2 unchanged/);
      expect((await p.run(["preview", "--expect-no-changes"])).code).toBe(0);
    },
    T,
  );

  it(
    "a program that declares no Job fails the check the quickstart makes",
    async () => {
      // What the repository's old root Pulumi.yaml did: the host ran a module that declares nothing.
      writeFileSync(path.join(p.dir, "index.ts"), "export const nothing = true;\n");
      await expect(p.up()).rejects.toThrow(/pulumi up succeeded but declared no Job/);
    },
    T,
  );
});

describe("the repository root (Pulumi.yaml, main: examples/quickstart/)", () => {
  it(
    "is the quickstart: pulumi up there creates its job, through this checkout's build",
    async () => {
      const backend = mkdtempSync(path.join(os.tmpdir(), "crj-root-"));
      const stack = `root${process.pid}`;
      const env = { CLOUD_RUN_EMULATOR_HOST: emulator.address, PULUMI_BACKEND_URL: `file://${backend}`, PULUMI_CONFIG_PASSPHRASE: "root" };
      const run = (args: string[]) => pulumi(ROOT, [...args, "--non-interactive"], { env });
      try {
        expect((await run(["stack", "init", stack])).code).toBe(0);
        expect((await run(["config", "set", "gcp:project", "root-project", "--stack", stack])).code).toBe(0);
        const up = await run(["up", "--yes", "--stack", stack]);
        expect(text(up)).toMatch(/\+ 2 created/);
        const outputs = JSON.parse((await run(["stack", "output", "--json", "--stack", stack])).stdout) as Record<string, unknown>;
        expect(outputs).toMatchObject({ id: "projects/root-project/locations/europe-west1/jobs/hello", name: "hello" });
        expect((await run(["destroy", "--yes", "--stack", stack])).code).toBe(0);
      } finally {
        await run(["stack", "rm", "--yes", "--force", stack]);
        rmSync(path.join(ROOT, `Pulumi.${stack}.yaml`), { force: true });
        rmSync(backend, { recursive: true, force: true });
      }
    },
    T,
  );
});
