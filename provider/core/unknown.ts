// The placeholder the Pulumi engine sends for inputs not yet known during a preview
// (`@pulumi/pulumi` runtime/rpc.ts `unknownValue`). It can stand in for any value at any depth,
// including an object or an array. Checks must never fail because of it.
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): value is typeof UNKNOWN {
  return value === UNKNOWN;
}

/** True when the value is, or contains, the unknown placeholder. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** True when the value at `path` in `root`, or any value on the way to it, is the placeholder. */
export function isUnknownAlong(root: unknown, path: ReadonlyArray<PropertyKey>): boolean {
  let node: unknown = root;
  if (node === UNKNOWN) return true;
  for (const key of path) {
    if (node === null || typeof node !== "object") return false;
    node = (node as Record<PropertyKey, unknown>)[key as string];
    if (node === UNKNOWN) return true;
  }
  return containsUnknown(node);
}
