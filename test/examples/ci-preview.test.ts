// examples/ci-preview, executed: the workflow's own steps (its `npm ci`, the `pulumi preview
// --diff` step's script, the comment script, the final check) run here, in a copy of a Pulumi
// project that has the workflow, against the emulator, on a pull request that changes the
// stack's config. GitHub itself is the one stand-in: the comment script gets a recording
// `github` client and a pull-request `context`. What is checked is the text a reviewer reads.
import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { toolchainEnv } from "../../scripts/toolchain.mjs";
import { cliProject, ROOT, type CliProject } from "../cli/project";

const T = 240_000;

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Workflow {
  on: { pull_request?: unknown };
  permissions: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
}

const file = path.join(ROOT, "examples", "ci-preview", ".github", "workflows", "pulumi-preview.yml");
const workflow = parse(readFileSync(file, "utf8")) as Workflow;
const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
const install = steps.find((s) => s.run?.trim() === "npm ci")!;
const preview = steps.find((s) => s.id === "preview")!;
const comment = steps.find((s) => s.uses?.startsWith("actions/github-script@"))!;
const failWhenFailed = steps[steps.length - 1]!;

let emulator: RunningEmulator;
let repo: CliProject;

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, taskDurationMs: 20 });
  // The repository of the workflow's user: a Pulumi project at its root (examples/migration),
  // with the workflow copied in, on its main branch (deployed once).
  repo = await cliProject("migration", { emulatorHost: emulator.address, config: { imageDigest: `sha256:${"a".repeat(64)}` } });
  cpSync(path.join(ROOT, "examples", "ci-preview", ".github"), path.join(repo.dir, ".github"), { recursive: true });
  await repo.up();
}, T);
afterAll(async () => {
  repo?.cleanup();
  await emulator?.stop();
}, T);

/** A `run:` step as the runner runs it: bash -eo pipefail, in the checkout, with GITHUB_OUTPUT. */
function runStep(script: string, env: Record<string, string> = {}) {
  const outputs = path.join(repo.dir, "..", "github-output");
  writeFileSync(outputs, "");
  const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], {
    cwd: repo.dir,
    env: toolchainEnv({ ...process.env, ...repo.env, GITHUB_OUTPUT: outputs, ...env }),
    encoding: "utf8",
  });
  const out = Object.fromEntries(
    readFileSync(outputs, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => l.split(/=(.*)/s).slice(0, 2)),
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, outputs: out as Record<string, string> };
}

/** The comment step's script, as actions/github-script runs it, against a recording GitHub. */
async function postComment(env: Record<string, string>, existing: { id: number; body: string }[] = []) {
  const calls: { method: string; args: Record<string, unknown> }[] = [];
  const rest = {
    issues: {
      listComments: "listComments",
      createComment: async (args: Record<string, unknown>) => calls.push({ method: "createComment", args }),
      updateComment: async (args: Record<string, unknown>) => calls.push({ method: "updateComment", args }),
    },
  };
  const github = { rest, paginate: async () => existing };
  const context = {
    payload: { pull_request: { head: { sha: "0123abc" } } },
    repo: { owner: "acme", repo: "infra" },
    issue: { number: 42 },
  };
  // The script reads preview.txt from the checkout: give it an fs rooted there.
  const fs = { readFileSync: (f: string, enc: BufferEncoding) => readFileSync(path.resolve(repo.dir, f), enc) };
  const fakeRequire = (id: string) => {
    if (id === "fs") return fs;
    throw new Error(`the comment script required ${id}`);
  };
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
    ...args: string[]
  ) => (...a: unknown[]) => Promise<void>;
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    await new AsyncFunction("require", "github", "context", "core", comment.with!.script!)(fakeRequire, github, context, {});
  } finally {
    for (const k of Object.keys(env))
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
  }
  return calls;
}

/** The last step's `if:`, the one expression the workflow has, evaluated for the preview's outputs. */
function finalStepRuns(previewOutputs: Record<string, string>): boolean {
  const m = /^steps\.preview\.outputs\.([\w-]+) != '(.*)'$/.exec(failWhenFailed.if ?? "");
  if (!m) throw new Error(`the last step's if changed: ${failWhenFailed.if}; update this test`);
  return previewOutputs[m[1]!] !== m[2];
}

describe("examples/ci-preview: the workflow's steps, executed", () => {
  it("runs on pull requests and may comment on them", () => {
    expect(workflow.on).toHaveProperty("pull_request");
    expect(workflow.permissions).toMatchObject({ "pull-requests": "write", "id-token": "write" });
    expect(preview.run).toContain("pulumi preview --diff");
  });

  it(
    "npm ci installs the project from its lockfile",
    () => {
      const r = runStep(install.run!);
      expect(r.code, r.stderr).toBe(0);
    },
    T,
  );

  it(
    "a pull request that changes the image digest: the preview says the migration will run, and the comment shows it",
    async () => {
      await repo.config({ imageDigest: `sha256:${"b".repeat(64)}` }); // the change under review (Pulumi.dev.yaml)
      const r = runStep(preview.run!, { STACK: repo.stack });
      expect(r.code).toBe(0);
      expect(r.outputs["exit-code"]).toBe("0");
      const text = readFileSync(path.join(repo.dir, "preview.txt"), "utf8");
      expect(r.stdout).toBe(text); // `cat preview.txt`: the log shows it too
      // The changed job, the changed paths, what up will do, and the summary.
      expect(text).toMatch(
        /~ pulumi-nodejs:dynamic\/cloudrun:Job: \(update\)\n\s+\[id=projects\/cli-project\/locations\/europe-west1\/jobs\/migrate\]/,
      );
      expect(text).toMatch(/~ runExecutionToken: "img-a{16}" => "img-b{16}"/);
      expect(text).toMatch(/~ image\s*: ".*@sha256:a{64}" => ".*@sha256:b{64}"/);
      expect(text).toContain(`runExecutionToken changed: up will start execution migrate-img-${"b".repeat(16)} and wait up to 3600 s`);
      expect(text).toMatch(/~ 2 to update\n\s+1 unchanged/); // the app job follows the migration's execution
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the escape character is what must not be there.
      expect(text).not.toMatch(/\x1b\[/); // --color never: no escape codes in the comment

      const calls = await postComment({ EXIT_CODE: r.outputs["exit-code"]!, STACK: repo.stack });
      expect(calls).toHaveLength(1);
      expect(calls[0]).toMatchObject({ method: "createComment", args: { owner: "acme", repo: "infra", issue_number: 42 } });
      const body = String(calls[0]!.args.body);
      expect(body.split("\n").slice(0, 4)).toEqual([
        "<!-- pulumi-preview -->",
        `### ✅ \`pulumi preview --diff\` on stack \`${repo.stack}\``,
        "Commit 0123abc",
        "```diff",
      ]);
      expect(body).toContain(text);

      // A later push updates the same comment.
      const again = await postComment({ EXIT_CODE: "0", STACK: repo.stack }, [{ id: 7, body }]);
      expect(again).toMatchObject([{ method: "updateComment", args: { comment_id: 7 } }]);
      // The job passes: the last step (fail when the preview failed) is skipped.
      expect(finalStepRuns(r.outputs)).toBe(false);
      // Nothing was deployed by the preview.
      expect((await repo.run(["preview", "--expect-no-changes"])).code).not.toBe(0);
    },
    T,
  );

  it(
    "a pull request that breaks the config: the comment shows the refusal, then the job fails",
    async () => {
      await repo.config({ imageDigest: "latest" });
      const r = runStep(preview.run!, { STACK: repo.stack });
      expect(r.code).toBe(0); // the step itself passes so that the comment is posted
      expect(r.outputs["exit-code"]).not.toBe("0");
      const text = readFileSync(path.join(repo.dir, "preview.txt"), "utf8");
      expect(text).toContain('imageDigest must be a sha256 digest like sha256:3f1c…, got "latest"');

      const [posted] = await postComment({ EXIT_CODE: r.outputs["exit-code"]!, STACK: repo.stack });
      expect(String(posted!.args.body)).toContain(`### ❌ \`pulumi preview --diff\` on stack \`${repo.stack}\``);

      expect(finalStepRuns(r.outputs)).toBe(true);
      const fail = runStep(failWhenFailed.run!.replaceAll("${{ steps.preview.outputs.exit-code }}", r.outputs["exit-code"]!));
      expect(fail.code).toBe(1);
      expect(fail.stdout).toContain(`pulumi preview failed (exit code ${r.outputs["exit-code"]})`);
    },
    T,
  );
});
