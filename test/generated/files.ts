// The files generators write, each with what writes it. `npm run generate` (scripts/generate.mjs)
// writes them; the tests only check that each is current (test/generated/current.ts), so a test
// run never rewrites a file of the repository.
import { renderJobJsonSchema } from "../../provider/core/json-schema";
import { renderPublicTypes } from "../provider/core/public-types.generate";
import { discoveryDocument, treeOf } from "../provider/core/helpers/discovery";

export interface GeneratedFile {
  /** Relative to the repository's root. */
  path: string;
  /** The file's text as its generator writes it, or undefined when its source is not on this machine. */
  render(): string | undefined;
}

/** The manifest types the zod schemas infer, as plain types (the package's declarations). */
export const PUBLIC_TYPES: GeneratedFile = { path: "provider/core/public-types.ts", render: renderPublicTypes };

/** The JSON Schema editors validate manifests with, from the zod schemas. */
export const JOB_JSON_SCHEMA: GeneratedFile = { path: "schema/job.schema.json", render: renderJobJsonSchema };

/** The v1 Job tree of run-v1-discovery.json, when the reference document sits beside the repository. */
export const JOB_TREE: GeneratedFile = {
  path: "test/fixtures/manifests/run-v1-job-tree.json",
  render: () => {
    const doc = discoveryDocument();
    return doc ? `${JSON.stringify(treeOf(doc), null, 2)}\n` : undefined;
  },
};

export const GENERATED_FILES: GeneratedFile[] = [PUBLIC_TYPES, JOB_JSON_SCHEMA, JOB_TREE];
