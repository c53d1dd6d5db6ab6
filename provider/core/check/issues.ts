// The wording of the schema's refusals: zod's issues as failures that name the property and say
// what was expected and what was given, in the user's terms ("a list", "true or false").
import type { z } from "zod";
import { type CheckFailure, propertyPath, unknownKeyReason, valueAt } from "../failures";
import { isUnknownAlong } from "../unknown";
import { knownKeysAt } from "./known-keys";

/**
 * zod issues as failures; issues at or under a value not yet known are not failures. `root` is
 * the schema the issues come from, for the keys an unknown key is compared with (the manifest's
 * unless told: core/convert/ passes the pulumi-gcp shape's, core/run/ the JobRun's).
 */
export function failuresOf(issues: ReadonlyArray<z.core.$ZodIssue>, raw: unknown, root?: z.ZodType): CheckFailure[] {
  const failures: CheckFailure[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      const known = knownKeysAt(issue.path, root);
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
