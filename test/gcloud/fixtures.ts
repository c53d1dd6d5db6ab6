// The gcloud fixtures (test/fixtures/gcloud/*.yaml): jobs made by the real gcloud with many
// flags, against an in-process emulator, and what `gcloud run jobs describe` prints of each with
// `--format export`, `yaml` and `json`, saved as printed below a header comment that names the
// commands. test/gcloud/fixtures.test.ts runs this (and rewrites the files with
// GCLOUD_FIXTURES=write); test/provider/engine/gcloud-fixtures.test.ts and
// test/provider/core/gcloud-output.test.ts read the files, no gcloud needed.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import type { GcloudHarness } from "./harness";

export const FIXTURE_DIR = path.resolve(__dirname, "../fixtures/gcloud");
export const FIXTURE_PROJECT = "gcloud-fixtures";
export const FORMATS = ["export", "yaml", "json"] as const;
export type Format = (typeof FORMATS)[number];

const IMAGE = "us-docker.pkg.dev/cloudrun/container/job:latest";
const EU = "europe-west1";
const US = "us-central1";

/** The env file `deployed` is deployed with (`--env-vars-file`): a comma, an empty value. */
export const ENV_FILE = { name: "env.yaml", text: 'GREETING: "hello, world"\nEMPTY: ""\nLIST: "a=b,c"\n' };

export interface FixtureJob {
  name: string;
  region: string;
  /** What made the job, in order (gcloud's arguments, without `gcloud`). */
  commands: string[][];
  /** Why this job is here. */
  about: string;
}

export const FIXTURE_JOBS: FixtureJob[] = [
  {
    name: "full",
    region: EU,
    about:
      "env, secrets as env and as a volume, Cloud SQL, VPC connector and egress, in-memory/Cloud Storage/NFS volumes, labels, tasks, parallelism, retries, timeout, cpu/memory, command/args, service account",
    commands: [
      [
        "run",
        "jobs",
        "create",
        "full",
        "--quiet",
        "--region",
        EU,
        "--image",
        IMAGE,
        "--tasks",
        "4",
        "--parallelism",
        "2",
        "--max-retries",
        "5",
        "--task-timeout",
        "30m",
        "--set-env-vars",
        "A=1,B=two",
        "--set-secrets",
        "TOKEN=api-token:1,/secrets/cfg=config:latest",
        "--set-cloudsql-instances",
        `${FIXTURE_PROJECT}:${EU}:db`,
        "--vpc-connector",
        "conn1",
        "--vpc-egress",
        "all-traffic",
        "--memory",
        "2Gi",
        "--cpu",
        "2",
        "--command",
        "/bin/run",
        "--args=--verbose,--level=3",
        "--service-account",
        `runner@${FIXTURE_PROJECT}.iam.gserviceaccount.com`,
        "--labels",
        "team=data,env=prod",
        "--add-volume",
        "name=scratch,type=in-memory,size-limit=100Mi",
        "--add-volume-mount",
        "volume=scratch,mount-path=/scratch",
        "--add-volume",
        "name=bucket,type=cloud-storage,bucket=my-bucket,readonly=true",
        "--add-volume-mount",
        "volume=bucket,mount-path=/data",
        "--add-volume",
        "name=share,type=nfs,location=10.0.0.2:/share",
        "--add-volume-mount",
        "volume=share,mount-path=/nfs",
      ],
    ],
  },
  {
    name: "gpu",
    region: EU,
    about: "a GPU (gcloud 528 has --gpu for jobs in beta only): the launch-stage annotation, the accelerator node selector, nvidia.com/gpu",
    commands: [
      [
        "beta",
        "run",
        "jobs",
        "create",
        "gpu",
        "--quiet",
        "--region",
        EU,
        "--image",
        IMAGE,
        "--gpu",
        "1",
        "--gpu-type",
        "nvidia-l4",
        "--cpu",
        "4",
        "--memory",
        "16Gi",
        "--task-timeout",
        "1h",
      ],
    ],
  },
  {
    name: "direct-vpc",
    region: US,
    about: "Direct VPC egress (network, subnet, tags), a CMEK key, Binary Authorization with breakglass",
    commands: [
      [
        "run",
        "jobs",
        "create",
        "direct-vpc",
        "--quiet",
        "--region",
        US,
        "--image",
        IMAGE,
        "--network",
        "default",
        "--subnet",
        "default",
        "--network-tags",
        "a,b",
        "--vpc-egress",
        "all-traffic",
        "--key",
        `projects/${FIXTURE_PROJECT}/locations/${US}/keyRings/r/cryptoKeys/k`,
        "--binary-authorization",
        "default",
        "--breakglass",
        "audited",
      ],
    ],
  },
  {
    name: "sidecars",
    region: EU,
    about: "two named containers and a dependency between them (--container, --depends-on)",
    commands: [
      [
        // --quiet before --container: gcloud reads the flags after --container as that container's.
        "run",
        "jobs",
        "create",
        "sidecars",
        "--quiet",
        "--region",
        EU,
        "--container",
        "app",
        "--image",
        IMAGE,
        "--depends-on",
        "side",
        "--command",
        "/app",
        "--set-env-vars",
        "X=1",
        "--container",
        "side",
        "--image",
        "busybox:1",
        "--args",
        "sleep,10",
      ],
    ],
  },
  {
    name: "minimal",
    region: EU,
    about: "nothing but the image: every default Cloud Run fills in",
    commands: [["run", "jobs", "create", "minimal", "--quiet", "--region", EU, "--image", IMAGE]],
  },
  {
    name: "deployed",
    region: EU,
    about: "deploy with an env file and secrets of another project, run at once; updated; run again (status names the last execution)",
    commands: [
      [
        "run",
        "jobs",
        "deploy",
        "deployed",
        "--quiet",
        "--region",
        EU,
        "--image",
        IMAGE,
        "--env-vars-file",
        ENV_FILE.name,
        "--set-secrets",
        "TOKEN=projects/987654321/secrets/tok:latest,/etc/other/key=projects/987654321/secrets/other:2",
        "--execute-now",
        "--wait",
      ],
      [
        "run",
        "jobs",
        "update",
        "deployed",
        "--quiet",
        "--region",
        EU,
        "--update-labels",
        "stage=two",
        "--tasks",
        "3",
        "--max-retries",
        "0",
        "--cpu",
        "2",
        "--memory",
        "1Gi",
      ],
      ["run", "jobs", "execute", "deployed", "--region", EU, "--wait"],
    ],
  },
];

export const describeArgs = (job: FixtureJob, format: Format): string[] => [
  "run",
  "jobs",
  "describe",
  job.name,
  "--region",
  job.region,
  "--format",
  format,
];
export const fixtureFile = (job: string, format: Format): string => `${job}.format-${format}.yaml`;

const shell = (args: string[]): string =>
  ["gcloud", ...args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`))].join(" ");

function header(job: FixtureJob, format: Format, version: string): string {
  const lines = [
    `Printed by the real gcloud (Google Cloud SDK ${version}) against the emulator; saved as printed, do not edit.`,
    "Regenerate: GCLOUD_FIXTURES=write node scripts/with-toolchain.mjs npx vitest run test/gcloud/fixtures.test.ts",
    `Job: ${job.about}. Made by:`,
    ...job.commands.map((c) => `  ${shell(c)}`),
    ...(job.commands.some((c) => c.includes(ENV_FILE.name)) ? [`  with ${ENV_FILE.name}: ${JSON.stringify(ENV_FILE.text)}`] : []),
    "This file is the output of:",
    `  ${shell(describeArgs(job, format))}`,
  ];
  return `${lines.map((l) => `# ${l}`.trimEnd()).join("\n")}\n`;
}

/** Makes every fixture job with gcloud and returns each file's text (header + what gcloud printed), in `formats`. */
export async function generateFixtures(h: GcloudHarness, formats: ReadonlyArray<Format> = FORMATS): Promise<Map<string, string>> {
  writeFileSync(path.join(h.dir, ENV_FILE.name), ENV_FILE.text);
  const version = (await h.ok(["version", "--format", 'value("Google Cloud SDK")'])).stdout.trim();
  const files = new Map<string, string>();
  await Promise.all(
    FIXTURE_JOBS.map(async (job) => {
      for (const command of job.commands) await h.ok(command);
      for (const format of formats) {
        const printed = (await h.ok(describeArgs(job, format))).stdout;
        files.set(fixtureFile(job.name, format), header(job, format, version) + printed);
      }
    }),
  );
  return files;
}

export interface Fixture {
  file: string;
  job: FixtureJob;
  format: Format;
  /** The file as the `yaml` package parses it (JSON is YAML too). */
  manifest: Record<string, any>;
}

/** The saved fixtures, as a program would load them. */
export function loadFixtures(): Fixture[] {
  const present = new Set(readdirSync(FIXTURE_DIR));
  return FIXTURE_JOBS.flatMap((job) =>
    FORMATS.filter((format) => present.has(fixtureFile(job.name, format))).map((format) => {
      const file = fixtureFile(job.name, format);
      return { file, job, format, manifest: parse(readFileSync(path.join(FIXTURE_DIR, file), "utf8")) };
    }),
  );
}
