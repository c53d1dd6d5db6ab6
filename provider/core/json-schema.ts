// The JSON Schema of a Job manifest, generated from the zod schemas (schema/v1.ts) so that editors
// validate YAML manifests as check does (strict keys, refused fields, ranges). Shipped as
// schema/job.schema.json, which `npm run generate` writes and a test checks is current.
// Cross-field rules (validate/) and value formats of annotations are not expressible here.
import { z } from "zod";
import { jobArgsSchema } from "./schema/v1";

export const JOB_SCHEMA_ID = "https://github.com/pulumi-cloudrun-jobs/pulumi-cloudrun-jobs/schema/job.schema.json";

/** The manifest's JSON Schema (draft-07, what YAML editors support best). */
export function jobJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(jobArgsSchema, { io: "input", target: "draft-7", unrepresentable: "any" }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: JOB_SCHEMA_ID,
    title: "Cloud Run Job (run.googleapis.com/v1)",
    description:
      "A Cloud Run Admin API v1 namespaces.jobs Job manifest, as `gcloud run jobs describe --format export` writes it, plus optional `project` and `region`, for the pulumi-cloudrun-jobs Job resource.",
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== "$schema")),
  };
}

/** The schema as the committed file spells it. */
export function renderJobJsonSchema(): string {
  return `${JSON.stringify(jobJsonSchema(), null, 2)}\n`;
}
