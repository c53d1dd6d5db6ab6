// `pulumi-cloudrun-jobs export`, as a user runs it: the CLI (a child process) lists the
// emulator's jobs and writes YAML plus a snippet; the snippet, pasted as the program of a
// Pulumi project (a copy of examples/gcloud-yaml, which has `yaml` installed) and run with
// `pulumi up`, adopts every job with no update, and a preview afterwards shows no changes.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { emulatorClients } from "../e2e/clients";
import { cliProject, ROOT } from "../cli/project";

const T = 240_000;
const PROJECT = "legacy-project";
const PARENT = `projects/${PROJECT}/locations/europe-west1`;
const CLI = path.join(ROOT, "dist", "provider", "cli.js");
const IMAGE = "us-docker.pkg.dev/cloudrun/container/job:latest";

let emulator: RunningEmulator;
let cloud: ReturnType<typeof emulatorClients>;
const out = mkdtempSync(path.join(os.tmpdir(), "crj-export-"));

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, taskDurationMs: 20 });
  cloud = emulatorClients(emulator.port);
});
afterAll(async () => {
  rmSync(out, { recursive: true, force: true });
  await cloud?.close();
  await emulator?.stop();
});

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI; from the repository root unless `cwd` says otherwise (out is elsewhere). */
async function cli(args: string[], env: Record<string, string> = {}, cwd = ROOT): Promise<CliResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], {
      env: { ...process.env, CLOUD_RUN_EMULATOR_HOST: emulator.address, ...env },
      cwd,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function createJob(jobId: string, job: Record<string, unknown>) {
  const [op] = await cloud.jobs.createJob({ parent: PARENT, jobId, job }, cloud.fast);
  await op.promise();
}

describe("pulumi-cloudrun-jobs export", () => {
  it(
    "writes each live job as a v1 manifest plus a snippet that adopts them all with no diff after",
    async () => {
      await createJob("simple", { template: { template: { containers: [{ image: IMAGE }] } } });
      await createJob("nightly", {
        labels: { team: "data" },
        annotations: { "example.com/owner": "data-eng" },
        template: {
          taskCount: 3,
          parallelism: 2,
          labels: { tier: "batch" },
          template: {
            maxRetries: 0,
            timeout: { seconds: 120 },
            containers: [
              {
                image: IMAGE,
                args: ["--since=24h"],
                env: [
                  { name: "MODE", value: "full" },
                  { name: "TOKEN", valueSource: { secretKeyRef: { secret: "api-token", version: "latest" } } },
                ],
                resources: { limits: { memory: "1Gi", cpu: "1" } },
                volumeMounts: [{ name: "scratch", mountPath: "/scratch" }],
              },
            ],
            volumes: [{ name: "scratch", emptyDir: { sizeLimit: "1Gi" } }],
          },
        },
      });
      await createJob("with-sidecar", {
        template: {
          template: {
            containers: [
              { name: "main", image: IMAGE, dependsOn: ["proxy"] },
              { name: "proxy", image: "gcr.io/cloud-sql-connectors/cloud-sql-proxy:2" },
            ],
          },
        },
      });
      const before = new Map<string, unknown>();
      for (const name of ["simple", "nightly", "with-sidecar"]) {
        const [job] = await cloud.jobs.getJob({ name: `${PARENT}/jobs/${name}` });
        before.set(name, job.generation);
      }

      const run = await cli(["export", "--project", PROJECT, "--region", "europe-west1", "--out", out]);
      expect(run.stderr).toBe(`wrote 3 manifest(s) and snippet.ts to ${out}\n`);
      expect(run.code).toBe(0);
      expect(readdirSync(out).sort()).toEqual(["nightly.yaml", "simple.yaml", "snippet.ts", "with-sidecar.yaml"]);
      const nightly = parse(readFileSync(path.join(out, "nightly.yaml"), "utf8"));
      expect(nightly).toMatchObject({
        apiVersion: "run.googleapis.com/v1",
        kind: "Job",
        metadata: { name: "nightly", namespace: PROJECT, labels: { "cloud.googleapis.com/location": "europe-west1", team: "data" } },
      });
      const snippet = readFileSync(path.join(out, "snippet.ts"), "utf8");
      expect(run.stdout.trim()).toBe(snippet.trim());
      expect(snippet).toContain(
        `new Job("nightly", manifest(${JSON.stringify(path.join(out, "nightly.yaml"))}), { import: "${PARENT}/jobs/nightly" });`,
      );

      const p = await cliProject("gcloud-yaml", { emulatorHost: emulator.address, config: { "gcp:project": PROJECT } });
      try {
        writeFileSync(path.join(p.dir, "index.ts"), snippet);
        const up = await p.up();
        expect(up.stdout).toMatch(/\+ 4 created/);
        for (const [name, generation] of before) {
          const [job] = await cloud.jobs.getJob({ name: `${PARENT}/jobs/${name}` });
          // The owner annotation is the adoption's only write: one generation more, nothing else.
          expect(Number(job.generation), `${name} adopted with one update (the owner annotation)`).toBe(Number(generation) + 1);
          expect(job.annotations?.["pulumi-cloudrun-jobs/owner"], `${name} owner`).toBeDefined();
        }
        expect((await p.run(["preview", "--expect-no-changes"])).code).toBe(0);
        expect((await p.ok(["refresh", "--yes"])).stdout).toMatch(/4 unchanged/);
        expect((await p.run(["preview", "--expect-no-changes"])).code).toBe(0);
        await p.ok(["destroy", "--yes"]);
      } finally {
        p.cleanup();
      }
    },
    T,
  );

  it(
    "run from the project folder, the snippet names the files relative to it",
    async () => {
      const project = path.join(out, "project");
      mkdirSync(project);
      // The first test's destroy deleted the adopted jobs.
      await createJob("simple", { template: { template: { containers: [{ image: IMAGE }] } } });
      const run = await cli(["export", "--project", PROJECT, "--region", "europe-west1"], {}, project);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe("wrote 1 manifest(s) and snippet.ts to cloudrun-jobs\n");
      expect(run.stdout).toContain(`new Job("simple", manifest("cloudrun-jobs/simple.yaml"), { import: "${PARENT}/jobs/simple" });`);
      expect(run.stdout).toContain('or import this file from it: import "./cloudrun-jobs/snippet";');
    },
    T,
  );

  it(
    "a job a Pulumi stack owns is named in a comment, not adopted, unless --include-owned (then with takeOwnershipFrom); no manifest carries the owner annotation",
    async () => {
      const project = "owned-project";
      const parent = `projects/${project}/locations/europe-west1`;
      const owner = "dev::myproj::migrate";
      const create = async (jobId: string, annotations: Record<string, string>) => {
        const [op] = await cloud.jobs.createJob(
          { parent, jobId, job: { annotations, template: { template: { containers: [{ image: IMAGE }] } } } },
          cloud.fast,
        );
        await op.promise();
      };
      await create("free", {});
      await create("db-migrate", { "pulumi-cloudrun-jobs/owner": owner, "example.com/team": "data" });
      await create("only-owner", { "pulumi-cloudrun-jobs/owner": "prod::other::nightly" });
      const dir = path.join(out, "owned");
      const yamlOf = (job: string) => parse(readFileSync(path.join(dir, `${job}.yaml`), "utf8"));
      const manifestsCarryNoOwner = () => {
        expect(yamlOf("db-migrate").metadata.annotations).toEqual({ "example.com/team": "data" });
        expect(yamlOf("only-owner").metadata.annotations).toBeUndefined();
        expect(
          readdirSync(dir)
            .filter((f) => f.endsWith(".yaml"))
            .map((f) => readFileSync(path.join(dir, f), "utf8"))
            .join(""),
        ).not.toContain("pulumi-cloudrun-jobs/owner");
      };
      const file = (job: string) => JSON.stringify(path.join(dir, `${job}.yaml`));

      const plain = await cli(["export", "--project", project, "--region", "europe-west1", "--out", dir]);
      expect(plain.code).toBe(0);
      expect(plain.stderr).toBe(
        `wrote 3 manifest(s) and snippet.ts to ${dir}\n2 job(s) belong to Pulumi stacks: left out of snippet.ts (see its comments; --include-owned takes them over)\n`,
      );
      expect(plain.stdout).toContain(`new Job("free", manifest(${file("free")}), { import: "${parent}/jobs/free" });`);
      expect(plain.stdout).toContain(
        `// db-migrate belongs to the Pulumi resource ${owner} (annotation pulumi-cloudrun-jobs/owner): left out; export with --include-owned to take it over from there`,
      );
      expect(plain.stdout).toContain("// only-owner belongs to the Pulumi resource prod::other::nightly");
      expect(plain.stdout).not.toMatch(/new Job\("(db-migrate|only-owner)"/);
      manifestsCarryNoOwner();

      const included = await cli(["export", "--project", project, "--region", "europe-west1", "--out", dir, "--include-owned"]);
      expect(included.code).toBe(0);
      expect(included.stderr).toBe(`wrote 3 manifest(s) and snippet.ts to ${dir}\n`);
      expect(included.stdout).toContain(`new Job("free", manifest(${file("free")}), { import: "${parent}/jobs/free" });`);
      expect(included.stdout).toContain(
        `// db-migrate belongs to the Pulumi resource ${owner} (annotation pulumi-cloudrun-jobs/owner): taken over from it; remove it from that stack's program\n` +
          `new Job("db-migrate", { ...manifest(${file("db-migrate")}), takeOwnershipFrom: "${owner}" }, { import: "${parent}/jobs/db-migrate" });`,
      );
      expect(included.stdout).toContain(`takeOwnershipFrom: "prod::other::nightly" }, { import: "${parent}/jobs/only-owner" });`);
      manifestsCarryNoOwner();
    },
    T,
  );

  it(
    "an empty region writes nothing and says so",
    async () => {
      const run = await cli(["export", "--project", "empty-project", "--region", "europe-west1", "--out", path.join(out, "none")]);
      expect(run).toMatchObject({
        code: 0,
        stdout: "no jobs in projects/empty-project/locations/europe-west1: nothing written (check --project and --region)\n",
      });
    },
    T,
  );

  it.each([
    [["export", "--region", "europe-west1"], "pulumi-cloudrun-jobs: --project is required: the id of the project whose jobs to export"],
    [["export", "--project", "p"], "pulumi-cloudrun-jobs: --region is required: the Cloud Run region, e.g. europe-west1"],
    [["export", "--project", "p", "--region", "r", "--bogus"], "pulumi-cloudrun-jobs: Unknown option '--bogus'"],
    [["import"], 'pulumi-cloudrun-jobs: unknown command "import": the commands are `export` and `convert`'],
  ])(
    "usage error %j: exit 2, two lines, no stack trace",
    async (args, first) => {
      const run = await cli(args);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`${first}\nRun \`pulumi-cloudrun-jobs --help\` for usage.\n`);
    },
    T,
  );

  it(
    "--help explains the command; an unreachable endpoint fails in two lines",
    async () => {
      const help = await cli(["export", "--help"]);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain("Usage: pulumi-cloudrun-jobs export --project <id> --region <region> [--out <dir>] [--include-owned]");
      expect(help.stdout).toContain("--include-owned     also adopt jobs that Pulumi stacks own, taking them over");
      const down = await cli(["export", "--project", "p", "--region", "europe-west1"], { CLOUD_RUN_EMULATOR_HOST: "127.0.0.1:1" });
      expect(down.code).toBe(1);
      expect(down.stderr).toMatch(
        /^pulumi-cloudrun-jobs export: could not list the jobs of projects\/p\/locations\/europe-west1: .*\(UNAVAILABLE\)\nCloud Run could not be reached: .*\n$/,
      );
    },
    T,
  );
});
