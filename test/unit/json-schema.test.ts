// The JSON Schema shipped in schema/job.schema.json is generated from the zod schemas and current.
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { jobJsonSchema, renderJobJsonSchema } from "../../provider/json-schema";

describe("schema/job.schema.json", () => {
  it("is the schema generated from the zod schemas (run with -u to regenerate)", async () => {
    await expect(renderJobJsonSchema()).toMatchFileSnapshot(resolve(__dirname, "../../schema/job.schema.json"));
  });

  it("is strict and carries the refusals", () => {
    const schema = jobJsonSchema() as { additionalProperties?: boolean; definitions?: unknown; properties: Record<string, unknown> };
    expect(schema.additionalProperties).toBe(false);
    expect(JSON.stringify(schema)).toContain("Cloud Run has no ConfigMaps");
  });
});
