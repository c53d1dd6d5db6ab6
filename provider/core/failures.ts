// Check failures as Pulumi shows them: `{property, reason}`, the property a path such as
// `spec.template.spec.template.spec.containers[0].image`, the reason one line with the fix.

export interface CheckFailure {
  property: string;
  reason: string;
}

/** A key a property path can spell as `.key`; any other is quoted, `["a/b"]`. */
export function isIdentifier(key: string): boolean {
  return /^[A-Za-z_$][\w$]*$/.test(key);
}

/** zod issue paths become Pulumi property paths; keys that are not identifiers are quoted. */
export function propertyPath(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((p, i) => {
      if (typeof p === "number") return `[${p}]`;
      const key = String(p);
      if (isIdentifier(key)) return `${i === 0 ? "" : "."}${key}`;
      return `[${JSON.stringify(key)}]`;
    })
    .join("");
}

/** The value at `path` in `root`, or undefined when the path leads nowhere. */
export function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let node = root;
  for (const key of path) {
    // Own properties only: a key such as `constructor` must not find Object.prototype's member.
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key as string];
  }
  return node;
}

/** Levenshtein distance, to suggest the key a typo meant. */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] as number;
      row[j] = Math.min(current + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = current;
    }
  }
  return row[b.length] as number;
}

/**
 * v2 (or Kubernetes) spellings people carry over, and the v1 key that means the same. A Map, not
 * an object literal: a user's key such as `constructor` or `__proto__` must find nothing here.
 */
const KNOWN_MIXUPS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    serviceAccount: "serviceAccountName",
    timeout: "timeoutSeconds",
    valueSource: "valueFrom",
    dependsOn: "the annotation `run.googleapis.com/container-dependencies`",
    vpcAccess: "the annotations `run.googleapis.com/vpc-access-*`",
    executionEnvironment: "the annotation `run.googleapis.com/execution-environment`",
    encryptionKey: "the annotation `run.googleapis.com/encryption-key`",
    launchStage: "the annotation `run.googleapis.com/launch-stage`",
    binaryAuthorization: "the annotation `run.googleapis.com/binary-authorization`",
    labels: "`metadata.labels`",
    annotations: "`metadata.annotations`",
  }),
);

/** "unknown key `imagee`: did you mean `image`?" */
export function unknownKeyReason(key: string, knownKeys: readonly string[]): string {
  const lower = key.toLowerCase();
  const exact = knownKeys.find((k) => k.toLowerCase() === lower);
  const close = knownKeys
    .map((k) => ({ k, d: editDistance(lower, k.toLowerCase()) }))
    .filter(({ k, d }) => d <= Math.max(1, Math.floor(Math.min(k.length, key.length) / 3)))
    .sort((x, y) => x.d - y.d)[0]?.k;
  const suggestion = exact ?? close;
  if (suggestion) return `unknown key \`${key}\`: did you mean \`${suggestion}\`?`;
  const mixup = KNOWN_MIXUPS.get(key);
  if (mixup && !knownKeys.includes(key)) {
    return `unknown key \`${key}\`: in a v1 manifest use ${mixup.startsWith("the") || mixup.startsWith("`") ? mixup : `\`${mixup}\``}`;
  }
  return `unknown key \`${key}\`: expected one of ${knownKeys.map((k) => `\`${k}\``).join(", ")}`;
}
