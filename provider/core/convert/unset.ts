// What pulumi-gcp's state writes for a field left unset: `null`, and in outputs `""` for strings
// (Terraform has no "unset" for a string attribute). The Terraform bridge also records which
// inputs it defaulted in `__defaults` lists. All of that is taken as the field left out, except
// in maps of the user's own strings (labels, annotations, limits), where "" is a value.
const BRIDGE_DEFAULTS = "__defaults";
const STRING_MAPS: ReadonlySet<string> = new Set([
  "labels",
  "annotations",
  "limits",
  "effectiveLabels",
  "effectiveAnnotations",
  "pulumiLabels",
  "terraformLabels",
]);

/** `value` without its unset fields; `key` is the property `value` is found under. */
export function withoutUnset(value: unknown, key = ""): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutUnset(v));
  if (value === null || typeof value !== "object") return value;
  const keepEmpty = STRING_MAPS.has(key);
  // Object.fromEntries defines own properties: a key such as `__proto__` stays a key.
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k, v]) => k !== BRIDGE_DEFAULTS && v !== null && v !== undefined && (v !== "" || keepEmpty))
      .map(([k, v]) => [k, keepEmpty ? v : withoutUnset(v, k)]),
  );
}
