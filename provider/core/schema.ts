// The resource's inputs: the Cloud Run Admin API v1 Job (namespaces.jobs) plus `project` and
// `region`. `checkJobManifest` is the one entry point: schema (schema/v1.ts), cross-field rules
// (validate.ts), then the canonical form (canonical.ts). Users never see a stack trace for bad
// input, and values still unknown during a preview never fail it.
import type { z } from "zod";
import { canonicalizeJobManifest } from "./canonical";
import { type CheckFailure, propertyPath, unknownKeyReason, valueAt } from "./failures";
import { withoutEmptyUnsetStrings } from "./schema/empty-strings";
import { jobArgsSchema, type JobManifest } from "./schema/v1";
import { canonicalizeWithStandIns } from "./stand-ins";
import { isUnknownAlong } from "./unknown";
import { validateJobManifest } from "./validate";

export * from "./schema/v1";
export * from "./schema/status";
export { locationHints, canonicalizeJobManifest } from "./canonical";
export { validateJobName, validateExecutionToken, validateNameAndTokenLength } from "./names";
export { type CheckFailure, propertyPath } from "./failures";
export { UNKNOWN, containsUnknown } from "./unknown";

/** Validates raw inputs; returns the canonical manifest, or the failures, each naming its property. */
export function checkJobManifest(given: unknown): { manifest?: JobManifest; failures: CheckFailure[] } {
  // Empty strings gcloud sends for fields it leaves unset (`name: ''`) are the field left out.
  const raw = withoutEmptyUnsetStrings(given);
  const parsed = jobArgsSchema.safeParse(raw);
  if (!parsed.success) {
    const failures = failuresOf(parsed.error.issues, raw);
    if (failures.length) return { failures };
    // Only values still unknown stand in the way: canonicalize around them (stand-ins.ts).
    const manifest = canonicalizeWithStandIns(raw, parsed.error.issues);
    return manifest ? { manifest, failures: [] } : { failures: [] };
  }
  const failures = validateJobManifest(parsed.data);
  if (failures.length) return { failures };
  return { manifest: canonicalizeJobManifest(parsed.data), failures: [] };
}

/** zod issues as failures; issues at or under a value not yet known are not failures. */
export function failuresOf(issues: ReadonlyArray<z.core.$ZodIssue>, raw: unknown): CheckFailure[] {
  const failures: CheckFailure[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      const known = knownKeysAt(issue.path);
      for (const key of issue.keys) {
        failures.push({ property: propertyPath([...issue.path, key]), reason: unknownKeyReason(key, known) });
      }
      continue;
    }
    if (isUnknownAlong(raw, issue.path)) continue;
    failures.push({ property: propertyPath(issue.path) || "(root)", reason: reasonOf(issue, raw) });
  }
  return failures;
}

function reasonOf(issue: z.core.$ZodIssue, raw: unknown): string {
  if (issue.code !== "invalid_type" || !issue.message.startsWith("Invalid input")) return issue.message;
  if (issue.path.length === 0) return `expected a Job manifest (an object with \`spec\`), got ${describe(raw)}`;
  const value = valueAt(raw, issue.path);
  if (value === undefined) return `is required: add \`${String(issue.path[issue.path.length - 1])}\``;
  return `expected ${article(issue.expected)}, got ${describe(value)}`;
}

const ARTICLES: ReadonlyMap<string, string> = new Map([
  ["object", "an object (a mapping)"],
  ["array", "a list"],
  ["string", "a string"],
  ["number", "a number"],
  ["boolean", "true or false"],
  ["int", "a whole number"],
]);

function article(expected: string): string {
  return ARTICLES.get(expected) ?? expected;
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)}`;
  return `${typeof value} ${String(value)}`;
}

interface SchemaDef {
  type: string;
  shape?: Record<string, { _zod: { def: SchemaDef } }>;
  innerType?: { _zod: { def: SchemaDef } };
  element?: { _zod: { def: SchemaDef } };
  valueType?: { _zod: { def: SchemaDef } };
  in?: { _zod: { def: SchemaDef } };
}

/** The keys the strict object at `path` knows, for "did you mean" suggestions. */
function knownKeysAt(path: ReadonlyArray<PropertyKey>): string[] {
  let def: SchemaDef | undefined = (jobArgsSchema as unknown as { _zod: { def: SchemaDef } })._zod.def;
  const unwrap = (d: SchemaDef | undefined): SchemaDef | undefined => {
    let current = d;
    while (current && (current.innerType || current.in) && current.type !== "object") {
      current = (current.innerType ?? current.in)?._zod.def;
    }
    return current;
  };
  for (const key of path) {
    def = unwrap(def);
    if (!def) return [];
    // Own keys only: a path key such as `constructor` must not find Object.prototype's member.
    if (def.type === "object") def = def.shape && Object.hasOwn(def.shape, String(key)) ? def.shape[String(key)]?._zod?.def : undefined;
    else if (def.type === "array") def = def.element?._zod.def;
    else if (def.type === "record") def = def.valueType?._zod.def;
    else return [];
  }
  def = unwrap(def);
  return def?.type === "object" && def.shape ? Object.keys(def.shape) : [];
}
