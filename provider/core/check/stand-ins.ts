// A canonical manifest for a preview in which some values are still unknown where the schema wants
// a number, a boolean, an object or a list (a string position simply carries the placeholder).
// Each such placeholder is replaced by a stand-in the schema accepts, the result is canonicalized,
// and the placeholder is put back where it was. Cross-field rules are not run on stand-ins: they
// run again once the values are known (the engine calls check again before the update).
import type { z } from "zod";
import { type CanonicalManifest, canonicalizeJobManifest } from "../canonical";
import { valueAt } from "../failures";
import { jobArgsSchema } from "../schema/v1";
import { UNKNOWN } from "../unknown";

type Path = ReadonlyArray<PropertyKey>;

/** What stands in for the placeholder at an issue, or `undefined` when nothing can. */
function standInFor(issue: z.core.$ZodIssue): { value: unknown } | undefined {
  if (issue.code === "invalid_type") {
    switch (issue.expected) {
      case "number":
      case "int":
        return { value: 1 };
      case "boolean":
        return { value: false };
      case "object":
      case "record":
        return { value: {} };
      case "array":
        return { value: [] };
      case "never":
        return { value: undefined };
      default:
        return undefined;
    }
  }
  if (issue.code === "invalid_value" && issue.values.length) return { value: issue.values[0] };
  return undefined;
}

function setAt(root: unknown, path: Path, value: unknown, createParents: boolean): void {
  let node = root as Record<PropertyKey, unknown>;
  for (const [i, key] of path.entries()) {
    if (i === path.length - 1) {
      if (value === undefined) delete node[key as string];
      else if (!Array.isArray(node) || (typeof key === "number" && key < node.length)) node[key as string] = value;
      return;
    }
    let next = node[key as string];
    if (next === null || typeof next !== "object") {
      if (!createParents || typeof path[i + 1] === "number" || Array.isArray(node)) return;
      next = {};
      node[key as string] = next;
    }
    node = next as Record<PropertyKey, unknown>;
  }
}

/**
 * The canonical manifest with the placeholders kept, when every issue is a placeholder standing
 * where the schema wants something other than a string; otherwise undefined.
 */
export function canonicalizeWithStandIns(raw: unknown, issues: ReadonlyArray<z.core.$ZodIssue>): CanonicalManifest | undefined {
  if (!issues.length || raw === null || typeof raw !== "object") return undefined;
  const substituted = structuredClone(raw);
  const placed: Path[] = [];
  for (const issue of issues) {
    if (issue.path.length === 0 || valueAt(raw, issue.path) !== UNKNOWN) return undefined;
    const standIn = standInFor(issue);
    if (!standIn) return undefined;
    setAt(substituted, issue.path, standIn.value, false);
    placed.push(issue.path);
  }
  const parsed = jobArgsSchema.safeParse(substituted);
  if (!parsed.success) return undefined;
  const canonical = canonicalizeJobManifest(parsed.data);
  for (const path of placed) {
    // Status is dropped from the canonical form; everything else keeps its path.
    if (path[0] !== "status") setAt(canonical, path, UNKNOWN, true);
  }
  return canonical;
}
