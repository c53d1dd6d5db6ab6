// Which parts of a Job's inputs the program marked secret, and what follows from it. Pure.
//
// A dynamic provider gets secret inputs as plain values (the host answers acceptSecrets=false),
// and the engine marks an output secret only from the inputs of the step that wrote it
// (`annotateSecrets`, docs/architecture.md, facts: Pulumi dynamic providers). A value that
// becomes secret while nothing else changes is a "same" step: the old outputs, plaintext, stay.
// So the Job class (job.ts) sends the paths of its secret values as the hidden input
// `__secretPaths` (inputs.ts SECRET_PATHS); a change of that list is an update (diff.ts
// diffResource), whose outputs the engine writes again with the new secretness.
//
// The Job resolves its args into a plain tree in which a secret value is the mark SECRET (its
// content is never looked at) and a value not known yet (a preview) is NOT_YET_KNOWN; the
// functions here read such a tree, or the args themselves when nothing in them needs resolving.

/** Where a secret value stood in the args. */
export const SECRET: unique symbol = Symbol("pulumi-cloudrun-jobs secret value");
/** A value that is not secret and not known yet (an Output during a preview). */
export const NOT_YET_KNOWN: unique symbol = Symbol("pulumi-cloudrun-jobs value not known yet");

/** `parent.key`, or `parent[i]` for an index: the paths diff.ts reports. */
export function joinPath(parent: string, key: string | number): string {
  return typeof key === "number" ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/**
 * Whether any value in `tree` satisfies `opaque` (an Output, a Promise: something the walk
 * cannot look into without waiting). Looks into arrays and plain objects only.
 */
export function containsOpaque(tree: unknown, opaque: (value: unknown) => boolean): boolean {
  if (opaque(tree)) return true;
  if (Array.isArray(tree)) return tree.some((v) => containsOpaque(v, opaque));
  if (isPlainObject(tree)) {
    for (const key in tree) if (containsOpaque(tree[key], opaque)) return true;
  }
  return false;
}

/** The sorted paths at which a resolved tree holds SECRET. */
export function secretPathsIn(tree: unknown): string[] {
  const found: string[] = [];
  const walk = (value: unknown, at: string) => {
    if (value === SECRET) found.push(at);
    else if (Array.isArray(value)) for (const [i, v] of value.entries()) walk(v, joinPath(at, i));
    else if (isPlainObject(value)) for (const key in value) walk(value[key], joinPath(at, key));
  };
  walk(tree, "");
  return found.sort();
}

/** A `__secretPaths` value as the engine hands it back: anything but a list of strings is none. */
export function secretPathsOf(value: unknown): string[] {
  return Array.isArray(value) ? [...new Set(value.filter((p): p is string => typeof p === "string"))].sort() : [];
}

/** What changed in the secretness of the values, paths sorted. */
export interface SecretnessChange {
  /** Plain before, secret now. */
  became: string[];
  /** Secret before, plain now. */
  stopped: string[];
}

/** The paths whose secretness differs between two `__secretPaths` values; missing is none. */
export function secretnessChange(before: unknown, after: unknown): SecretnessChange {
  const olds = secretPathsOf(before);
  const news = secretPathsOf(after);
  return { became: news.filter((p) => !olds.includes(p)), stopped: olds.filter((p) => !news.includes(p)) };
}

/** What the preview says of an update whose purpose is the new secretness (paths only). */
export function secretnessLines(change: SecretnessChange): string[] {
  const lines: string[] = [];
  if (change.became.length) {
    lines.push(
      `secret-ness changed for ${change.became.join(", ")}: now secret; up rewrites the state so no plaintext of ${change.became.length === 1 ? "it" : "them"} remains`,
    );
  }
  if (change.stopped.length) {
    lines.push(
      `secret-ness changed for ${change.stopped.join(", ")}: no longer secret; up rewrites the state with ${change.stopped.length === 1 ? "it" : "them"} in plaintext`,
    );
  }
  return lines;
}

/** Whether `path` is `under` or below it. */
export function isAtOrBelow(path: string, under: string): boolean {
  return path === under || path.startsWith(`${under}.`) || path.startsWith(`${under}[`);
}

/**
 * Changed paths as a preview may print them: a path below a secret value (an object given as
 * one secret, whose keys are part of it) is cut back to that secret's own path. Sorted, unique.
 */
export function shownPaths(paths: readonly string[], secretPaths: readonly string[]): string[] {
  const shown = paths.map((p) => secretPaths.find((s) => isAtOrBelow(p, s)) ?? p);
  return [...new Set(shown)].sort();
}

// ── Env vars that look secret but are given in plaintext ────────────────────────────────────

/** Words that name a secret wherever they stand in a word of the name (`DBPASSWORD`, `AUTHTOKEN`). */
const SECRET_WORDS = ["PASSWORD", "PASSWD", "TOKEN", "SECRET", "CREDENTIAL", "PRIVATE"];
/**
 * A last word that makes the name about a secret rather than the secret itself: its id, name,
 * file or location, a setting about it (`KEY_ID`, `SECRET_NAME`, `PASSWORD_FILE`, `TOKEN_URL`,
 * `TOKEN_TTL`, `PRIVATE_IP`, `PASSWORD_MIN_LENGTH`).
 */
const NOT_THE_SECRET = new Set([
  "ID",
  "IDS",
  "NAME",
  "NAMES",
  "FILE",
  "PATH",
  "DIR",
  "URL",
  "URI",
  "ENDPOINT",
  "HOST",
  "PORT",
  "ARN",
  "REF",
  "VERSION",
  "TYPE",
  "KIND",
  "ALGORITHM",
  "ALG",
  "FORMAT",
  "ENCODING",
  "LENGTH",
  "SIZE",
  "BITS",
  "TTL",
  "EXPIRY",
  "EXPIRES",
  "EXPIRATION",
  "LIFETIME",
  "TIMEOUT",
  "HEADER",
  "FIELD",
  "PARAM",
  "PREFIX",
  "ENABLED",
  "DISABLED",
  "REQUIRED",
  "MODE",
  "POLICY",
  "COUNT",
  "PROJECT",
  "LOCATION",
  "REGION",
  "BUCKET",
  "IP",
  "ADDRESS",
  "NETWORK",
  "SUBNET",
  "RANGE",
  "USER",
  "USERNAME",
  "EMAIL",
]);

/** The words of an env var's name, upper case: `dbPassword`, `DB_PASSWORD`, `db-password` → DB, PASSWORD. */
function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
}

/**
 * Whether an env var's name says it holds a secret: a word containing PASSWORD, PASSWD, TOKEN,
 * SECRET, CREDENTIAL or PRIVATE, or a word that is or ends in KEY (`API_KEY`, `APIKEY`; not
 * `KEYCLOAK_URL`, nor `PUBLIC_KEY`), unless the name's last word says it is about the secret
 * rather than the secret (NOT_THE_SECRET: `AWS_ACCESS_KEY_ID`, `SECRET_NAME`, `PASSWORD_FILE`).
 */
export function looksLikeSecretName(name: string): boolean {
  const words = wordsOf(name);
  if (!words.length || NOT_THE_SECRET.has(words[words.length - 1]!)) return false;
  return words.some((word, i) => {
    if (SECRET_WORDS.some((w) => word.includes(w))) return true;
    return word.endsWith("KEY") && !(word === "KEY" && words[i - 1] === "PUBLIC") && word !== "PUBLICKEY";
  });
}

/** An env var that looks secret and has a plaintext value. */
export interface PlaintextSecretEnv {
  name: string;
  /** The env entry's path, e.g. `spec.template.spec.template.spec.containers[0].env[1]`. */
  path: string;
}

/**
 * Env entries (`env: [{ name, value }]` anywhere in the manifest: containers) whose name looks
 * secret (looksLikeSecretName) and whose value is given in plaintext: not SECRET, not from
 * `valueFrom`, not empty, and not an absolute file path (which says where a secret is mounted,
 * `GOOGLE_APPLICATION_CREDENTIALS=/secrets/sa.json`). A value not known yet that is not secret
 * counts: it will be plaintext once known.
 */
export function plaintextSecretEnvs(tree: unknown): PlaintextSecretEnv[] {
  const found: PlaintextSecretEnv[] = [];
  const walk = (value: unknown, at: string) => {
    if (Array.isArray(value)) for (const [i, v] of value.entries()) walk(v, joinPath(at, i));
    else if (isPlainObject(value)) {
      for (const key in value) {
        const child = value[key];
        const childAt = joinPath(at, key);
        if (key === "env" && Array.isArray(child)) {
          child.forEach((entry, i) => {
            if (isPlainObject(entry) && isPlaintextSecret(entry)) found.push({ name: entry.name as string, path: joinPath(childAt, i) });
          });
        } else walk(child, childAt);
      }
    }
  };
  walk(tree, "");
  return found;
}

function isPlaintextSecret(entry: Record<string, unknown>): boolean {
  const { name, value } = entry;
  if (typeof name !== "string" || !looksLikeSecretName(name)) return false;
  if (value === NOT_YET_KNOWN) return true;
  return typeof value === "string" && value !== "" && !/^\/\S*$/.test(value);
}

/** The warning for env vars that look secret and are plaintext; never quotes a value. */
export function plaintextSecretWarning(found: readonly PlaintextSecretEnv[]): string | undefined {
  if (!found.length) return undefined;
  const listed = found.map((f) => `${f.name} (${f.path})`).join(", ");
  const one = found.length === 1;
  const example = found[0]!.name;
  return (
    `env ${listed} ${one ? "looks like a secret but its value is" : "look like secrets but their values are"} plaintext: ` +
    `stored unencrypted in the state and shown in diffs. Keep ${one ? "it" : "each"} in Secret Manager and reference it: ` +
    `{ name: ${JSON.stringify(example)}, valueFrom: { secretKeyRef: { name: "<secret>", key: "latest" } } } ` +
    `(the job's service account needs roles/secretmanager.secretAccessor), or wrap the value in pulumi.secret(...) so the state encrypts it.`
  );
}
