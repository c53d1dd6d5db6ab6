// A temporary copy of an example project, driven with the `pulumi` CLI as a user drives it:
// `npm install` in the folder, then `pulumi stack init`, `config set`, `up`, `preview`… with
// their exit codes and text. Each copy has its own file backend. The package is installed from
// this repository's build (dist/), by path, as the example's package.json says.
import type { ChildProcess } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { exportedJobs, npmInstall, pulumi, type PulumiResult, type StateResource } from "../../scripts/pulumi-project.mjs";

export const ROOT = path.resolve(__dirname, "..", "..");
export type { PulumiResult, StateResource };

export interface CliProject {
  dir: string;
  stack: string;
  /** The stack's name for a StackReference from another project on the same backend. */
  qualifiedName: string;
  /** What the copy's commands run with (emulator, backend, passphrase), beyond the toolchain's. */
  env: Record<string, string>;
  /** `pulumi <args> --stack <stack>` (when the command takes one) in the project folder. */
  run(args: string[], opts?: { env?: Record<string, string>; onSpawn?: (child: ChildProcess) => void }): Promise<PulumiResult>;
  /** Like run, but throws with the command's output unless it exits 0. */
  ok(args: string[]): Promise<PulumiResult>;
  /** `pulumi up --yes`, which must succeed and leave at least one Job in the state. */
  up(extra?: string[]): Promise<PulumiResult>;
  config(values: Record<string, string>): Promise<void>;
  jobs(): Promise<StateResource[]>;
  outputs(): Promise<Record<string, unknown>>;
  /** Replaces a piece of the copied program's source (index.ts). */
  editProgram(from: string | RegExp, to: string): void;
  cleanup(): void;
}

/** A sha256 image digest of one repeated hex character, e.g. digest("a"). */
export const digest = (c: string) => `sha256:${c.repeat(64)}`;
/** A container command (a JSON list, as stack config takes it) running a shell script. */
export const sh = (script: string) => JSON.stringify(["/bin/sh", "-c", script]);
/** What a command printed, stdout then stderr, as a terminal shows it. */
export const text = (r: { stdout: string; stderr: string }) => `${r.stdout}\n${r.stderr}`;

/** Commands that name the stack with `--stack` (all of ours but `stack init`, which names it as its argument). */
const takesStack = (args: string[]) => !(args[0] === "stack" && args[1] === "init");

/**
 * Copies examples/<example> to a temporary folder, installs it and creates a stack with the
 * given config. `emulatorHost` is where the provider finds Cloud Run.
 */
export interface CliProjectOptions {
  emulatorHost: string;
  /** Stack config; keys without a namespace are the project's own. */
  config?: Record<string, string>;
  stack?: string;
  /** A file-backend folder shared with other projects (for StackReference); default: the copy's own. */
  backendDir?: string;
}

/** A throwaway folder for a file backend that several projects share. */
export function sharedBackend(): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "crj-cli-backend-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function cliProject(example: string, opts: CliProjectOptions): Promise<CliProject> {
  const base = mkdtempSync(path.join(os.tmpdir(), "crj-cli-"));
  const dir = path.join(base, "project");
  cpSync(path.join(ROOT, "examples", example), dir, {
    recursive: true,
    filter: (src) => !/(^|\/)(node_modules|package-lock\.json|Pulumi\.[^/]+\.yaml)$/.test(src),
  });
  // The package by path: from the copy, the repository is no longer `../..`.
  const pkgFile = path.join(dir, "package.json");
  const pkg = JSON.parse(readFileSync(pkgFile, "utf8")) as { dependencies: Record<string, string> };
  pkg.dependencies["pulumi-cloudrun-jobs"] = `file:${ROOT}`;
  writeFileSync(pkgFile, JSON.stringify(pkg, null, 2));
  npmInstall(dir, { quiet: true });

  const stack = opts.stack ?? "dev";
  const backendDir = opts.backendDir ?? path.join(base, "state");
  mkdirSync(backendDir, { recursive: true });
  const projectName = /^name:\s*(\S+)/m.exec(readFileSync(path.join(dir, "Pulumi.yaml"), "utf8"))?.[1];
  const env = {
    CLOUD_RUN_EMULATOR_HOST: opts.emulatorHost,
    PULUMI_BACKEND_URL: `file://${backendDir}`,
    PULUMI_CONFIG_PASSPHRASE: "cli-tests",
  };
  const withStack = (args: string[]) => (takesStack(args) ? [...args, "--stack", stack] : args);
  const project: CliProject = {
    dir,
    stack,
    qualifiedName: `organization/${projectName}/${stack}`,
    env,
    run: (args, o = {}) =>
      pulumi(dir, [...withStack(args), "--non-interactive", "--color", "never"], { env: { ...env, ...(o.env ?? {}) }, onSpawn: o.onSpawn }),
    async ok(args) {
      const r = await project.run(args);
      if (r.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
      return r;
    },
    async up(extra = []) {
      const r = await project.ok(["up", "--yes", ...extra]);
      // A program that declared nothing "succeeds" too: the state must hold a job.
      if ((await project.jobs()).length === 0) throw new Error(`pulumi up succeeded but declared no Job:\n${r.stdout}`);
      return r;
    },
    async config(values) {
      for (const [key, value] of Object.entries(values)) await project.ok(["config", "set", key, value]);
    },
    jobs: () => exportedJobs(dir, stack, env),
    async outputs() {
      const r = await project.ok(["stack", "output", "--json", "--show-secrets"]);
      return JSON.parse(r.stdout) as Record<string, unknown>;
    },
    editProgram(from, to) {
      const file = path.join(dir, "index.ts");
      const before = readFileSync(file, "utf8");
      const after = before.replace(from, to);
      if (after === before) throw new Error(`editProgram: ${String(from)} not found in index.ts`);
      writeFileSync(file, after);
    },
    cleanup: () => rmSync(base, { recursive: true, force: true }),
  };
  await project.ok(["stack", "init", stack]);
  await project.config({ "gcp:project": "cli-project", "gcp:region": "europe-west1", ...(opts.config ?? {}) });
  return project;
}
