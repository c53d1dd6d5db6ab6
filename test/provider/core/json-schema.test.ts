// The JSON Schema shipped in schema/job.schema.json is generated from the zod schemas (`npm run
// generate` writes it) and current.
import { describe, expect, it } from "vitest";
import { jobJsonSchema } from "../../../provider/core/json-schema";
import { loadManifest, MANIFEST_FILES } from "../../fixtures/manifests";
import { expectCurrent } from "../../generated/current";
import { JOB_JSON_SCHEMA } from "../../generated/files";

type Schema = Record<string, unknown>;

/**
 * The draft-07 keywords the generated schema uses, enough to see what an editor will say about a
 * manifest (no validator library is a dependency). Returns the paths of the violations.
 */
function violations(schema: Schema, value: unknown, path = ""): string[] {
  const out: string[] = [];
  const type = schema.type as string | string[] | undefined;
  const types = type === undefined ? [] : Array.isArray(type) ? type : [type];
  const actual = Array.isArray(value) ? "array" : value === null ? "null" : Number.isInteger(value) ? "integer" : typeof value;
  if (types.length && !types.some((t) => t === actual || (t === "number" && actual === "integer"))) return [`${path}: type`];
  if ("const" in schema && schema.const !== value) out.push(`${path}: const`);
  if (schema.enum && !(schema.enum as unknown[]).includes(value)) out.push(`${path}: enum`);
  if ("not" in schema) out.push(`${path}: not`);
  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum) out.push(`${path}: minimum`);
    if (typeof schema.maximum === "number" && value > schema.maximum) out.push(`${path}: maximum`);
  }
  if (typeof value === "string" && typeof schema.minLength === "number" && value.length < schema.minLength) out.push(`${path}: minLength`);
  if (Array.isArray(value)) {
    if (typeof schema.minItems === "number" && value.length < schema.minItems) out.push(`${path}: minItems`);
    if (typeof schema.maxItems === "number" && value.length > schema.maxItems) out.push(`${path}: maxItems`);
    if (schema.items) for (const [i, v] of value.entries()) out.push(...violations(schema.items as Schema, v, `${path}[${i}]`));
  }
  if (actual === "object") {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required ?? []) as string[]) if (!(key in object)) out.push(`${path}.${key}: required`);
    for (const [key, v] of Object.entries(object)) {
      if (properties[key]) out.push(...violations(properties[key], v, `${path}.${key}`));
      else if (schema.additionalProperties === false) out.push(`${path}.${key}: additionalProperties`);
      else if (typeof schema.additionalProperties === "object")
        out.push(...violations(schema.additionalProperties as Schema, v, `${path}.${key}`));
    }
  }
  return out;
}

describe("schema/job.schema.json", () => {
  it("is the schema generated from the zod schemas (`npm run generate` writes it)", () => {
    expectCurrent(JOB_JSON_SCHEMA);
  });

  it.each(MANIFEST_FILES)("accepts %s", (file) => {
    expect(violations(jobJsonSchema(), loadManifest(file))).toEqual([]);
  });

  it("flags what check refuses field by field", () => {
    const manifest = loadManifest("export.yaml") as {
      spec: { template: { spec: { template: { spec: { containers: Record<string, unknown>[]; maxRetries?: number } } } } };
    };
    const task = manifest.spec.template.spec.template.spec;
    Object.assign(task.containers[0] as Record<string, unknown>, { imagee: "x", envFrom: [], ports: [{ containerPort: 70000 }] });
    task.maxRetries = 11;
    expect(violations(jobJsonSchema(), manifest)).toMatchInlineSnapshot(`
      [
        ".spec.template.spec.template.spec.containers[0].imagee: additionalProperties",
        ".spec.template.spec.template.spec.containers[0].envFrom: not",
        ".spec.template.spec.template.spec.containers[0].ports[0].containerPort: maximum",
        ".spec.template.spec.template.spec.maxRetries: maximum",
      ]
    `);
  });

  it("is strict and carries the refusals", () => {
    const schema = jobJsonSchema() as { additionalProperties?: boolean; definitions?: unknown; properties: Record<string, unknown> };
    expect(schema.additionalProperties).toBe(false);
    expect(JSON.stringify(schema)).toContain("Cloud Run has no ConfigMaps");
  });
});
