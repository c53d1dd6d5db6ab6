// Small shape helpers of the canonical form (canonical/manifest.ts): leave out defaults and
// empty objects, sort keys, resolve secret aliases. Pure.
import type { ObjectMeta } from "../schema/v1";

/** A secret's alias from the `run.googleapis.com/secrets` annotation, resolved to its full name. */
export function resolveAlias(name: string, aliases: Map<string, string>): string {
  return aliases.get(name) ?? name;
}

export function omitDefault<K extends string, V>(key: K, value: V | undefined, fallback: V): { [P in K]?: V } {
  return (value === undefined || value === fallback ? {} : { [key]: value }) as { [P in K]?: V };
}

export function nonEmpty<T extends object>(value: T): T | undefined {
  return Object.keys(value).length ? value : undefined;
}

export function compact<T extends Record<string, unknown>>(value: T): ObjectMeta | undefined {
  const out = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
  return Object.keys(out).length ? (out as ObjectMeta) : undefined;
}

/** Object keys in one order (alphabetical) at every level; arrays keep theirs. */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as T;
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)])) as T;
}
