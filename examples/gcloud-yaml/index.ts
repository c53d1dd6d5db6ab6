// A manifest exported by gcloud, loaded from a YAML file as is:
//   gcloud run jobs describe nightly-export --region europe-west1 --format export > job.yaml
// The file keeps what gcloud prints: the project number as namespace, the location label, the
// server's labels and annotations, gcloud's client annotations, and the defaults Cloud Run filled in. The provider reads
// project and region from it and ignores what Cloud Run manages, so there is no diff after `up`.
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { Job, type JobArgs } from "pulumi-cloudrun-jobs";

const config = new pulumi.Config();

/** The manifest file: `pulumi config set manifestFile <path>`, else job.yaml next to the program. */
function manifestFile(): string {
  const file = config.get("manifestFile") ?? path.join(__dirname, "job.yaml");
  // RunError: an expected failure, shown without a stack trace.
  if (!existsSync(file)) throw new pulumi.RunError(`${file} not found; run \`pulumi config set manifestFile <path>\``);
  return file;
}

/** The parsed file; a YAML syntax error names the file, line and column, without a stack trace. */
function loadManifest(file: string): JobArgs {
  try {
    // A YAML document is untyped: check validates it field by field and names any wrong field.
    return parse(readFileSync(file, "utf8")) as JobArgs;
  } catch (err) {
    throw new pulumi.RunError(
      `${file}: ${(err as Error).message.split("\n")[0]!.replace(/:$/, "")}; fix the YAML (or export it again with gcloud)`,
    );
  }
}

const manifest = loadManifest(manifestFile());

const job = new Job("nightly-export", manifest);

export const id = job.id;
export const project = job.project;
export const region = job.region;
export const generation = job.metadata.generation;
