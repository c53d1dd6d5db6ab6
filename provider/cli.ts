#!/usr/bin/env node
// The package's command. `convert` (from a gcp.cloudrunv2.Job) lives in cli-convert.ts.
// `pulumi-cloudrun-jobs export --project P --region R [--out DIR]`: bulk adoption. Lists the live
// jobs of a region and writes each as a v1 manifest (YAML, the shape gcloud exports) plus one
// TypeScript snippet of `new Job(…, { import })` lines; pasted into a program, the first `up`
// adopts the jobs as they are and a preview afterwards shows no changes. A job that a Pulumi
// stack owns (its `pulumi-cloudrun-jobs/owner` annotation) is marked in the snippet and left out
// of it unless --include-owned asks for it (then with `takeOwnershipFrom`); the owner annotation
// is never copied into a manifest (core/ownership.ts).
// Exit codes: 0 done, 1 the export failed, 2 the command line is wrong.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { convertCommand, processIO } from "./cli-convert";
import { endpointFromEnv } from "./cloud/clients";
import { CloudRunError, ConfigurationError, renderForTerminal } from "./cloud/errors";
import { listJobs } from "./cloud/list-jobs";
import { LOCATION_LABEL } from "./core/annotations";
import type { ApiJob } from "./core/api";
import { fromApiJob } from "./core/mapping";
import { jobPath, locationPath, shortName } from "./core/names";
import { OWNER_ANNOTATION, ownerAnnotationOf, withoutOwner } from "./core/ownership";
const SNIPPET_FILE = "snippet.ts";

const HELP = `Usage: pulumi-cloudrun-jobs export --project <id> --region <region> [--out <dir>] [--include-owned]
       pulumi-cloudrun-jobs convert [<file>|-] [--urn <urn> | --name <name>] [--json] (see convert --help)

Lists the Cloud Run jobs of a region and writes, for each job, a v1 manifest <dir>/<job>.yaml
and, for all of them, <dir>/${SNIPPET_FILE}: \`new Job(…, { import: … })\` lines to paste into
your Pulumi program. The first \`pulumi up\` adopts the jobs as they are; a preview afterwards
shows no changes.

A job a Pulumi stack already manages (annotation ${OWNER_ANNOTATION}) is not adopted: the
snippet names its owner in a comment instead. With --include-owned it gets a line that takes
it over from that owner (\`takeOwnershipFrom\`); that stack then no longer changes, runs or
deletes it. The owner annotation is never written into a manifest.

Options:
  --project <id>      the project whose jobs to export (required)
  --region <region>   the Cloud Run region, e.g. europe-west1 (required)
  --out <dir>         where to write the files (default: ./cloudrun-jobs)
  --include-owned     also adopt jobs that Pulumi stacks own, taking them over
  -h, --help          this help

Cloud Run is reached with Application Default Credentials (gcloud auth application-default
login); with CLOUD_RUN_EMULATOR_HOST=host:port set, the local emulator is used instead.

convert turns a gcp.cloudrunv2.Job (@pulumi/gcp), as arguments or from a \`pulumi stack export\`,
into the v1 manifest and the \`new Job(…, { import })\` line that adopts it.
`;

/** A wrong command line: printed with a pointer to --help, exit code 2. */
class UsageError extends Error {}
/** An export that cannot go on: its one or two lines are printed as they are, exit code 1. */
class ExportError extends Error {}

interface ExportOptions {
  project: string;
  region: string;
  out: string;
  includeOwned: boolean;
}

function parseExport(args: string[]): ExportOptions | "help" {
  let values: { project?: string; region?: string; out?: string; "include-owned"?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        project: { type: "string" },
        region: { type: "string" },
        out: { type: "string" },
        "include-owned": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: false,
    }));
  } catch (err) {
    // node:util's own messages run to several sentences; the first names the problem.
    throw new UsageError(
      String((err as Error).message)
        .split(/\. /)[0]!
        .replace(/\.$/, ""),
    );
  }
  if (values.help) return "help";
  if (!values.project) throw new UsageError("--project is required: the id of the project whose jobs to export");
  if (!values.region) throw new UsageError("--region is required: the Cloud Run region, e.g. europe-west1");
  return {
    project: values.project,
    region: values.region,
    out: values.out ?? "cloudrun-jobs",
    includeOwned: values["include-owned"] === true,
  };
}

/**
 * The job as a v1 manifest that says where it lives (namespace, location label), with what
 * the user set and without what Cloud Run manages (output-only fields, defaults, system keys)
 * or the provider does (the owner annotation: the adopting resource writes its own).
 */
export function exportedManifest(job: ApiJob, project: string, region: string): Record<string, unknown> {
  const { spec, metadata: described } = fromApiJob(job);
  const metadata = { ...described, annotations: withoutOwner(described.annotations) };
  return {
    apiVersion: "run.googleapis.com/v1",
    kind: "Job",
    metadata: {
      name: shortName(job.name),
      namespace: project,
      labels: { [LOCATION_LABEL]: region, ...(metadata.labels ?? {}) },
      ...(metadata.annotations && Object.keys(metadata.annotations).length ? { annotations: metadata.annotations } : {}),
    },
    spec,
  };
}

/** The path a program run from the current folder reads a file by: relative when inside it. */
function programPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel.startsWith("..") || path.isAbsolute(rel) ? file : rel.split(path.sep).join("/");
}

/** An exported job, as the snippet names it; `owner` when a Pulumi resource owns it (its owner annotation). */
export interface ExportedJob {
  name: string;
  id: string;
  file: string;
  owner?: string;
}

/** The snippet's line(s) for a job: an adopting `new Job`, or for an owned job a comment (and the take-over line when included). */
function snippetLines(j: ExportedJob, includeOwned: boolean): string[] {
  const args = `manifest(${JSON.stringify(j.file)})`;
  const adopt = (a: string) => `new Job(${JSON.stringify(j.name)}, ${a}, { import: ${JSON.stringify(j.id)} });`;
  if (j.owner === undefined) return [adopt(args)];
  const owned = `// ${j.name} belongs to the Pulumi resource ${j.owner} (annotation ${OWNER_ANNOTATION})`;
  if (!includeOwned) return [`${owned}: left out; export with --include-owned to take it over from there`];
  return [
    `${owned}: taken over from it; remove it from that stack's program`,
    adopt(`{ ...${args}, takeOwnershipFrom: ${JSON.stringify(j.owner)} }`),
  ];
}

/**
 * TypeScript to paste into a Pulumi program: one adopting `new Job` per exported manifest; a
 * job a Pulumi resource owns is a comment naming the owner, plus, with `includeOwned`, a line
 * that takes it over (`takeOwnershipFrom`).
 */
export function adoptionSnippet(parent: string, jobs: ExportedJob[], module: string, includeOwned = false): string {
  const lines = jobs.flatMap((j) => snippetLines(j, includeOwned));
  return [
    `// The Cloud Run jobs of ${parent}, exported by \`pulumi-cloudrun-jobs export\`.`,
    `// Paste into your Pulumi program, or import this file from it: import ${JSON.stringify(module)};`,
    "// The first `pulumi up` adopts each job as it is. Paths are relative to the project folder.",
    'import { readFileSync } from "node:fs";',
    'import { parse } from "yaml";',
    'import { Job, type JobArgs } from "pulumi-cloudrun-jobs";',
    "",
    'const manifest = (file: string): JobArgs => parse(readFileSync(file, "utf8")) as JobArgs;',
    "",
    ...lines,
    "",
  ].join("\n");
}

/**
 * The `yaml` package, from the package's own dependencies or the project it runs in (the
 * pasted snippet needs it there anyway). Loaded here: --help and usage errors need no YAML.
 */
function loadYaml(): typeof import("yaml") {
  try {
    return require("yaml") as typeof import("yaml");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw err;
    throw new ExportError(
      "writing YAML needs the `yaml` package, which is not installed here\nrun `npm install yaml` in your Pulumi project (the snippet reads the YAML with it too), then run export again",
    );
  }
}

async function runExport(options: ExportOptions): Promise<void> {
  const parent = locationPath(options.project, options.region);
  const { stringify } = loadYaml();
  const jobs = await listJobs(options.project, options.region, endpointFromEnv(process.env));
  if (jobs.length === 0) {
    process.stdout.write(`no jobs in ${parent}: nothing written (check --project and --region)\n`);
    return;
  }
  const out = path.resolve(options.out);
  mkdirSync(out, { recursive: true });
  const written = jobs.map((job) => {
    const name = shortName(job.name);
    const file = path.join(out, `${name}.yaml`);
    writeFileSync(file, stringify(exportedManifest(job, options.project, options.region)));
    const owner = ownerAnnotationOf(job.annotations);
    return {
      name,
      id: jobPath(options.project, options.region, name),
      file: programPath(file, process.cwd()),
      ...(owner !== undefined ? { owner } : {}),
    };
  });
  const where = programPath(path.join(out, path.parse(SNIPPET_FILE).name), process.cwd());
  const snippet = adoptionSnippet(parent, written, path.isAbsolute(where) ? where : `./${where}`, options.includeOwned);
  writeFileSync(path.join(out, SNIPPET_FILE), snippet);
  process.stdout.write(`${snippet}\n`);
  process.stderr.write(`wrote ${written.length} manifest(s) and ${SNIPPET_FILE} to ${programPath(out, process.cwd()) || "."}\n`);
  const owned = written.filter((j) => j.owner !== undefined).length;
  if (owned && !options.includeOwned) {
    process.stderr.write(
      `${owned} job(s) belong to Pulumi stacks: left out of ${SNIPPET_FILE} (see its comments; --include-owned takes them over)\n`,
    );
  }
}

/** Set once a failure has been printed: later echoes of the same failure stay quiet. */
let reported = false;

function fail(line: string, code: number): number {
  reported = true;
  process.stderr.write(line);
  return code;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === "-h" || command === "--help" || command === "help") {
      process.stdout.write(HELP);
      return command === undefined ? 2 : 0;
    }
    if (command === "convert") return convertCommand(rest, processIO());
    if (command !== "export") throw new UsageError(`unknown command "${command}": the commands are \`export\` and \`convert\``);
    const options = parseExport(rest);
    if (options === "help") {
      process.stdout.write(HELP);
      return 0;
    }
    await runExport(options);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      return fail(`pulumi-cloudrun-jobs: ${err.message}\nRun \`pulumi-cloudrun-jobs --help\` for usage.\n`, 2);
    }
    if (err instanceof CloudRunError) return fail(`pulumi-cloudrun-jobs export: ${renderForTerminal(err)}\n`, 1);
    if (err instanceof ConfigurationError || err instanceof ExportError) return fail(`pulumi-cloudrun-jobs export: ${err.message}\n`, 1);
    // Unexpected (a bug, a full disk): still no stack trace, but the message as it came.
    return fail(`pulumi-cloudrun-jobs: ${(err as Error)?.message ?? String(err)}\n`, 1);
  }
}

if (require.main === module) {
  // gax looks up credentials for each stub it starts; when that fails, internal promises that
  // nobody awaits reject with the same error, after the awaited one was reported.
  process.on("unhandledRejection", (err) => {
    if (!reported) fail(`pulumi-cloudrun-jobs: ${(err as Error)?.message ?? String(err)}\n`, 1);
    process.exitCode ||= 1;
  });
  // google-auth-library warns when it probes the GCE metadata server off Google Cloud; the
  // credential failure that follows is reported with what to do, so keep its warning out.
  process.removeAllListeners("warning");
  process.on("warning", (w) => {
    if (w.name !== "MetadataLookupWarning") process.stderr.write(`pulumi-cloudrun-jobs: warning: ${w.message}\n`);
  });
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
