// Empty strings that mean "not set". The v1 API is proto3 underneath, where an empty string and an
// unset field are the same value, and gcloud sends such empty strings: `gcloud run jobs create`
// (SDK 528, `--log-http`) sends each container as `{"image": …, "name": ""}`, and a server or an
// emulator that echoes the request puts `name: ''` into `describe --format export`. At the paths
// below an empty string has no meaning of its own, so check takes it as the field left out
// instead of refusing it (a container name must otherwise be a DNS label; a named execution
// template is refused). Elsewhere an empty string keeps its meaning: a label or annotation value,
// an env value (canonically no value), and the fields whose emptiness check reports as a mistake
// (`image`, `serviceAccountName`, `metadata.name`, the execution tokens).
type Path = ReadonlyArray<string>;

const TASK = ["spec", "template", "spec", "template", "spec"];
const CONTAINERS = [...TASK, "containers", "*"];

/** `*` is every element of a list. */
export const EMPTY_MEANS_UNSET: ReadonlyArray<Path> = [
  [...CONTAINERS, "name"],
  [...CONTAINERS, "workingDir"],
  [...CONTAINERS, "ports", "*", "name"],
  [...CONTAINERS, "ports", "*", "protocol"],
  ["spec", "template", "metadata", "name"],
  ["spec", "template", "metadata", "namespace"],
];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** `raw` without the empty strings at `path`; copies only what it changes, never mutates `raw`. */
function dropAt(raw: unknown, path: Path): unknown {
  if (path.length === 0) return raw;
  const [head, ...rest] = path as [string, ...string[]];
  if (head === "*") {
    if (!Array.isArray(raw)) return raw;
    let changed = false;
    const out = raw.map((item) => {
      const next = dropAt(item, rest);
      if (next !== item) changed = true;
      return next;
    });
    return changed ? out : raw;
  }
  if (!isRecord(raw) || !Object.hasOwn(raw, head)) return raw;
  const value = raw[head];
  if (rest.length === 0) {
    if (value !== "") return raw;
    const { [head]: _dropped, ...kept } = raw;
    return kept;
  }
  const next = dropAt(value, rest);
  return next === value ? raw : { ...raw, [head]: next };
}

/** The manifest with the empty strings of EMPTY_MEANS_UNSET left out. */
export function withoutEmptyUnsetStrings(raw: unknown): unknown {
  return EMPTY_MEANS_UNSET.reduce((current, path) => dropAt(current, path), raw);
}
