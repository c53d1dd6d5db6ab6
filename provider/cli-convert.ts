// `pulumi-cloudrun-jobs convert`: from a `gcp.cloudrunv2.Job` to this package's Job. Reads the
// pulumi-gcp arguments (JSON) or a `pulumi stack export` and writes the v1 manifest(s) as YAML (or
// JSON), each with the `new Job(…, { import })` line that adopts the job; notes go to stderr, and
// refusals, each naming the pulumi-gcp property, make the exit code 1. The conversion itself is
// core/convert/ (pure); docs/from-pulumi-gcp.md has the field table and the move procedure.
// Exit codes: 0 converted, 1 something refused or the input unreadable, 2 the command line is wrong.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  CLOUDRUNV2_JOB_TYPE,
  type ConversionResult,
  cloudRunV2JobsInStackExport,
  fromCloudRunV2Job,
  fromStackExportResource,
  type StackJobResource,
} from "./core/convert";

export const CONVERT_HELP = `Usage: pulumi-cloudrun-jobs convert [<file>|-] [--urn <urn> | --name <name>] [--json]
                                    [--from-stack-export <file>] [--project <id>] [--region <region>]

Converts a gcp.cloudrunv2.Job (@pulumi/gcp) to the Cloud Run Admin API v1 manifest that
pulumi-cloudrun-jobs's Job takes, without recreating the job: adopt it with the printed
\`new Job(…, { import: … })\` line. The input (a file, or stdin for - or none) is JSON: either
the Job's arguments as the program gives them (camelCase: name, location, template, …) or a
\`pulumi stack export\`, whose gcp:cloudrunv2/job:Job resources are all converted unless
--urn or --name picks one. Notes (what has no v1 counterpart) are written to stderr; anything
that cannot be converted is named by its pulumi-gcp property, and the exit code is 1.

Options:
  --from-stack-export <file>  read a \`pulumi stack export\` (also recognized without the flag)
  --urn <urn>                 the resource of the export to convert
  --name <name>               the same, by its Pulumi name or the job's name
  --project <id>              the project, when the arguments do not name it
  --region <region>           the region (pulumi-gcp's location), when the arguments do not name it
  --json                      write JSON instead of YAML
  -h, --help                  this help

Secrets in an export need \`pulumi stack export --show-secrets\`. See docs/from-pulumi-gcp.md.
`;

/** What the command reads and writes: the process's files and streams, or a test's. */
export interface ConvertIO {
  /** The text of `file`; `-` is stdin. */
  read(file: string): string;
  out(text: string): void;
  err(text: string): void;
  /** `yaml`'s stringify, or an Error saying how to get it. */
  stringifyYaml(): ((value: unknown) => string) | Error;
}

export function processIO(): ConvertIO {
  return {
    read: (file) => readFileSync(file === "-" ? 0 : file, "utf8"),
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    stringifyYaml: () => {
      try {
        return (require("yaml") as typeof import("yaml")).stringify;
      } catch {
        return new Error("writing YAML needs the `yaml` package, which is not installed here: run `npm install yaml`, or use --json");
      }
    },
  };
}

interface ConvertOptions {
  file: string;
  urn?: string;
  name?: string;
  project?: string;
  region?: string;
  json: boolean;
  fromExport: boolean;
}

class UsageError extends Error {}

function parseConvert(args: string[]): ConvertOptions | "help" {
  let parsed: ReturnType<typeof parseRaw>;
  try {
    parsed = parseRaw(args);
  } catch (err) {
    // node:util's own messages run to several sentences; the first names the problem.
    throw new UsageError(
      String((err as Error).message)
        .split(/\. /)[0]!
        .replace(/\.$/, ""),
    );
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";
  if (positionals.length > 1) throw new UsageError(`one input at a time: got ${positionals.map((p) => `\`${p}\``).join(", ")}`);
  const fromExport = values["from-stack-export"];
  if (fromExport !== undefined && positionals.length)
    throw new UsageError("give the input either as a file or with --from-stack-export, not both");
  if (values.urn !== undefined && values.name !== undefined) throw new UsageError("pick the resource with --urn or with --name, not both");
  return {
    file: fromExport ?? positionals[0] ?? "-",
    ...(values.urn !== undefined ? { urn: values.urn } : {}),
    ...(values.name !== undefined ? { name: values.name } : {}),
    ...(values.project !== undefined ? { project: values.project } : {}),
    ...(values.region !== undefined ? { region: values.region } : {}),
    json: values.json === true,
    fromExport: fromExport !== undefined,
  };
}

function parseRaw(args: string[]) {
  return parseArgs({ args, options: OPTIONS, allowPositionals: true });
}

const OPTIONS = {
  "from-stack-export": { type: "string" },
  urn: { type: "string" },
  name: { type: "string" },
  project: { type: "string" },
  region: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** One thing converted: what it was called, and the outcome. */
interface Converted {
  /** The Pulumi name the adopting `new Job` gets: the old resource's, or the job's. */
  resourceName: string;
  /** How notes and refusals name it when there are several. */
  label?: string;
  result: ConversionResult;
}

/** Runs `convert` with `args` (after the command's name); returns the exit code. */
export function convertCommand(args: string[], io: ConvertIO): number {
  let options: ConvertOptions | "help";
  try {
    options = parseConvert(args);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`pulumi-cloudrun-jobs convert: ${err.message}\nRun \`pulumi-cloudrun-jobs convert --help\` for usage.\n`);
    return 2;
  }
  if (options === "help") {
    io.out(CONVERT_HELP);
    return 0;
  }
  const fail = (message: string) => {
    io.err(`pulumi-cloudrun-jobs convert: ${message}\n`);
    return 1;
  };
  let input: unknown;
  try {
    input = JSON.parse(io.read(options.file));
  } catch (err) {
    const what = options.file === "-" ? "stdin" : options.file;
    // Node's message quotes the text near the error, which may be a secret of a --show-secrets export: the position only.
    const message = (err as Error).message;
    const at = /position (\d+)/.exec(message)?.[1];
    const why = err instanceof SyntaxError ? `not valid JSON${at ? ` (at character ${at})` : ""}` : message;
    return fail(`cannot read ${what} as JSON: ${why}`);
  }
  const converted = convertInput(input, options);
  if (typeof converted === "string") return fail(converted);
  const stringify = options.json ? undefined : io.stringifyYaml();
  if (stringify instanceof Error) return fail(stringify.message);
  let refused = false;
  const documents: unknown[] = [];
  const texts: string[] = [];
  for (const { resourceName, label, result } of converted) {
    const prefix = label ? `${label}: ` : "";
    for (const n of result.notes) io.err(`note: ${prefix}${n}\n`);
    for (const r of result.refusals) io.err(`refused: ${prefix}${r.property}: ${r.reason}\n`);
    if (!result.manifest) {
      refused = true;
      continue;
    }
    const adopt = adoptionLine(resourceName, result.importId);
    io.err(`${adopt}\n`);
    documents.push(result.manifest);
    if (stringify) texts.push(`# ${adopt}\n${stringify(result.manifest)}`);
  }
  if (documents.length)
    io.out(stringify ? texts.join("---\n") : `${JSON.stringify(documents.length === 1 ? documents[0] : documents, null, 2)}\n`);
  if (refused) io.err("pulumi-cloudrun-jobs convert: not converted: fix or remove the refused properties above, then convert again\n");
  return refused ? 1 : 0;
}

function adoptionLine(resourceName: string, importId: string | undefined): string {
  const opts = importId ? `{ import: ${JSON.stringify(importId)} }` : "{ import: /* projects/P/locations/R/jobs/N */ }";
  return `new Job(${JSON.stringify(resourceName)}, manifest, ${opts});`;
}

/** What the input is (arguments, one exported resource, or an export) and its conversions; a string says why none. */
function convertInput(input: unknown, options: ConvertOptions): Converted[] | string {
  const where = { ...(options.project ? { project: options.project } : {}), ...(options.region ? { location: options.region } : {}) };
  const record = input !== null && typeof input === "object" && !Array.isArray(input) ? (input as Record<string, unknown>) : undefined;
  const oneResource = record?.type === CLOUDRUNV2_JOB_TYPE && (record.inputs !== undefined || record.outputs !== undefined);
  const isExport =
    options.fromExport || Array.isArray(input) || (record !== undefined && ("deployment" in record || Array.isArray(record.resources)));
  if (!isExport && !oneResource) {
    if (options.urn !== undefined || options.name !== undefined)
      return "--urn and --name pick a resource of a `pulumi stack export`; this input is a Job's arguments";
    const name = typeof record?.name === "string" ? record.name : "job";
    return [{ resourceName: name, result: fromCloudRunV2Job(input, where) }];
  }
  const { jobs, problem } = cloudRunV2JobsInStackExport(oneResource ? [input] : input);
  if (problem) return problem;
  if (!jobs.length) return `no ${CLOUDRUNV2_JOB_TYPE} resource in this export`;
  const picked = pick(jobs, options);
  if (typeof picked === "string") return picked;
  return picked.map((job) => ({
    resourceName: job.resourceName,
    ...(picked.length > 1 ? { label: job.resourceName } : {}),
    result: fromStackExportResource(job, where),
  }));
}

function pick(jobs: StackJobResource[], options: ConvertOptions): StackJobResource[] | string {
  if (options.urn === undefined && options.name === undefined) return jobs;
  const wanted = options.name;
  const matches = jobs.filter((j) =>
    options.urn !== undefined
      ? j.urn === options.urn
      : j.resourceName === wanted || j.inputs?.name === wanted || j.outputs?.name === wanted || j.id?.endsWith(`/jobs/${wanted}`),
  );
  const available = jobs.map((j) => `  ${j.urn}`).join("\n");
  if (!matches.length) return `no ${CLOUDRUNV2_JOB_TYPE} matches ${options.urn ?? wanted}; the export has:\n${available}`;
  if (matches.length > 1)
    return `${wanted} names ${matches.length} resources: pick one with --urn:\n${matches.map((j) => `  ${j.urn}`).join("\n")}`;
  return matches;
}
