// The package as users get it: `npm pack`, then installed from the tarball into a fresh Pulumi
// TypeScript project, compiled with TypeScript, and run on the real engine against the emulator.
// The project's own node_modules serve everything: its @pulumi/pulumi runs the program and the
// dynamic-provider process, which resolves pulumi-cloudrun-jobs/impl from there too.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type * as automation from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { countRuns, ROOT, withTransportRetry } from "../e2e/harness";
import { diagnosticsOf, emitProgram } from "./compile";
import { writeFreshProject } from "./fresh-project";

const T = 240_000;
const run = promisify(execFile);
const work = mkdtempSync(path.join(os.tmpdir(), "crj-pack-"));
const app = path.join(work, "app");

interface PackedFile {
  path: string;
}
let tarball = "";
let files: string[] = [];
let emulator: RunningEmulator;

beforeAll(async () => {
  const { stdout } = await run("npm", ["pack", ROOT, "--pack-destination", work, "--json"], { cwd: work });
  const [packed] = JSON.parse(stdout) as Array<{ filename: string; files: PackedFile[] }>;
  tarball = path.join(work, packed!.filename);
  files = packed!.files.map((f) => f.path).sort();
  emulator = await startEmulator({ quiet: true, taskDurationMs: 20 });
}, T);
afterAll(async () => {
  await emulator?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** The package's own declaration files reached from `entry` through relative imports and exports. */
function declarationsReachedFrom(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !existsSync(file)) return;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/(?:from\s+|import\(\s*)["'](\.{1,2}\/[^"']+)["']/g)) {
      const base = path.resolve(path.dirname(file), m[1]!);
      visit(existsSync(`${base}.d.ts`) ? `${base}.d.ts` : path.join(base, "index.d.ts"));
    }
  };
  visit(entry);
  return [...seen];
}

/** The program's module, loaded anew: each run of an inline program must register its resources again. */
function loadFresh(req: NodeJS.Require, file: string): Record<string, unknown> {
  delete req.cache[req.resolve(file)];
  return req(file) as Record<string, unknown>;
}

describe("npm pack", () => {
  it("holds compiled JavaScript, type declarations, the JSON Schema, README, LICENSE and the docs the READMEs cite", () => {
    for (const f of [
      "package.json",
      "README.md",
      "emulator/README.md",
      "docs/architecture.md",
      "docs/cloud-run-facts.md",
      "LICENSE",
      "schema/job.schema.json",
      "dist/provider/index.js",
      "dist/provider/index.d.ts",
      "dist/provider/provider.js",
      "dist/provider/impl.js",
      "dist/provider/cli.js",
      "dist/emulator/index.js",
      "dist/emulator/index.d.ts",
      "dist/emulator/cli.js",
    ]) {
      expect(files, f).toContain(f);
    }
  });

  it("holds no sources, tests, examples or build leftovers", () => {
    const stray = files.filter(
      (f) =>
        (f.endsWith(".ts") && !f.endsWith(".d.ts")) ||
        /^(test|examples|bench|scripts|tools|provider)\//.test(f) ||
        f.startsWith("dist/examples/") ||
        f.endsWith(".tsbuildinfo"),
    );
    expect(stray).toEqual([]);
  });

  it("declares an exports map, a peer dependency on @pulumi/pulumi and bins that it ships", () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      exports: Record<string, unknown>;
      peerDependencies: Record<string, string>;
      bin: Record<string, string>;
    };
    expect(Object.keys(pkg.exports)).toEqual(expect.arrayContaining([".", "./impl", "./emulator", "./schema/job.schema.json"]));
    expect(pkg.peerDependencies).toHaveProperty("@pulumi/pulumi");
    for (const bin of Object.values(pkg.bin)) expect(files).toContain(bin.replace(/^\.\//, ""));
  });
});

describe("installed from the tarball into a fresh Pulumi TypeScript project", () => {
  let stack: automation.Stack | undefined;

  beforeAll(async () => {
    mkdirSync(app);
    writeFreshProject(app, "fresh-app");
    // Offline first: what the project needs is in the npm cache since this repository installed it.
    await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", tarball], { cwd: app });
    emitProgram(app);
    const appRequire = createRequire(path.join(app, "package.json"));
    const auto = appRequire("@pulumi/pulumi/automation") as typeof automation;
    const state = path.join(work, "state");
    mkdirSync(state);
    const counted = countRuns(async () => loadFresh(appRequire, "./bin/index.js"));
    stack = await auto.LocalWorkspace.createOrSelectStack(
      { stackName: "dev", projectName: "fresh-app", program: counted.program },
      {
        workDir: app,
        envVars: {
          CLOUD_RUN_EMULATOR_HOST: emulator.address,
          PULUMI_BACKEND_URL: `file://${state}`,
          PULUMI_CONFIG_PASSPHRASE: "package",
        },
      },
    );
    withTransportRetry(stack, counted.runs);
    await stack.setAllConfig({ "gcp:project": { value: "fresh-project" }, "gcp:region": { value: "europe-west1" } });
  }, T);

  it("index.ts type-checks the way `pulumi up` checks it (ts-node: the program's own diagnostics)", () => {
    expect(diagnosticsOf(app, "index.ts")).toEqual([]);
  });

  // The template's tsconfig has neither esModuleInterop nor skipLibCheck: a full `tsc -p .`
  // also checks every declaration file the program reaches, ours and what they import. zod's
  // fail it (its locale declarations), so the package's public types are plain ones.
  it("`tsc -p .` with the template's tsconfig (no skipLibCheck, no esModuleInterop) reports no errors", () => {
    const config = JSON.parse(readFileSync(path.join(app, "tsconfig.json"), "utf8")) as { compilerOptions: Record<string, unknown> };
    expect(config.compilerOptions).not.toHaveProperty("skipLibCheck");
    expect(config.compilerOptions).not.toHaveProperty("esModuleInterop");
    expect(diagnosticsOf(app)).toEqual([]);
  });

  it("index.d.ts, and every declaration it imports, names no zod type", () => {
    const installed = path.join(app, "node_modules", "pulumi-cloudrun-jobs");
    const reached = declarationsReachedFrom(path.join(installed, "dist", "provider", "index.d.ts"));
    expect(reached.length).toBeGreaterThan(3);
    const offenders = reached.filter((file) => /["']zod(\/[^"']*)?["']/.test(readFileSync(file, "utf8")));
    expect(offenders.map((f) => path.relative(installed, f))).toEqual([]);
  });

  it(
    "up creates the job; preview then shows no changes",
    async () => {
      const up = await stack!.up();
      expect(up.summary.resourceChanges).toEqual({ create: 2 });
      expect(up.outputs.id?.value).toBe("projects/fresh-project/locations/europe-west1/jobs/hello");
      expect(emulator.store.jobs.size).toBe(1);
      expect((await stack!.preview()).changeSummary).toEqual({ same: 2 });
    },
    T,
  );

  it(
    "npx cloudrun-emulator --help and npx pulumi-cloudrun-jobs --help print their usage",
    async () => {
      const emulatorHelp = await run("npx", ["--no-install", "cloudrun-emulator", "--help"], { cwd: app });
      expect(emulatorHelp.stdout).toMatch(/^Usage: cloudrun-emulator \[options\]/);
      const cliHelp = await run("npx", ["--no-install", "pulumi-cloudrun-jobs", "--help"], { cwd: app });
      expect(cliHelp.stdout).toMatch(/^Usage: pulumi-cloudrun-jobs export --project <id> --region <region>/);
    },
    T,
  );

  it(
    "npx pulumi-cloudrun-jobs export asks for `yaml` when the project lacks it, then exports the job",
    async () => {
      const env = { ...process.env, CLOUD_RUN_EMULATOR_HOST: emulator.address };
      const args = ["--no-install", "pulumi-cloudrun-jobs", "export", "--project", "fresh-project", "--region", "europe-west1"];
      const missing = await run("npx", args, { cwd: app, env }).then(
        () => "exported?!",
        (err: { stderr: string }) => err.stderr,
      );
      expect(missing).toContain("run `npm install yaml` in your Pulumi project");
      await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", "yaml"], { cwd: app });
      // The job is this test's stack's: the snippet names its owner and adopts it only when asked.
      const exported = await run("npx", args, { cwd: app, env });
      expect(exported.stdout).toMatch(/\/\/ hello belongs to the Pulumi resource [^ ]+::hello .*: left out; export with --include-owned/);
      const included = await run("npx", [...args, "--include-owned"], { cwd: app, env });
      expect(included.stdout).toMatch(
        /new Job\("hello", \{ \.\.\.manifest\("cloudrun-jobs\/hello\.yaml"\), takeOwnershipFrom: "[^"]+::hello" \}, \{ import: "projects\/fresh-project\/locations\/europe-west1\/jobs\/hello" \}\);/,
      );
      expect(readFileSync(path.join(app, "cloudrun-jobs", "hello.yaml"), "utf8")).toContain("namespace: fresh-project");
    },
    T,
  );

  it(
    "destroy deletes the job",
    async () => {
      const destroy = await stack!.destroy();
      expect(destroy.summary.resourceChanges).toEqual({ delete: 2 });
      expect(emulator.store.jobs.size).toBe(0);
    },
    T,
  );
});
