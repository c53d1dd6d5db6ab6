// Check never throws (issue 26): whatever a program or a YAML file hands it, at any depth — any
// key, including the names of Object.prototype's members, and any value, including NaN,
// Infinity, -0, huge numbers, odd unicode and deep nesting — check answers with failures, each
// naming a property, or with inputs; never with an exception.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkInputs, type CheckedInputs } from "../../../provider/core/check";
import { UNKNOWN } from "../../../provider/core/unknown";
import { jobManifest, loadManifest } from "../../fixtures/manifests";

type Json = unknown;
type Path = Array<string | number>;
const SETTINGS = { project: "my-project", region: "us-central1" };

/** The names a plain object inherits, which `obj[key]` finds on any object literal. */
const PROTOTYPE_KEYS = [...Object.getOwnPropertyNames(Object.prototype), "__proto__", "prototype", "length", "then"] as const;

const BASES: Record<string, Record<string, unknown>> = {
  minimal: jobManifest(),
  everything: loadManifest("everything.yaml"),
  gpu: loadManifest("gpu.yaml"),
};

/** Every path to a value in `value`, the root included. */
function pathsOf(value: Json, at: Path = []): Path[] {
  const out: Path[] = [at];
  if (Array.isArray(value)) for (const [i, v] of value.entries()) out.push(...pathsOf(v, [...at, i]));
  else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...at, k]));
  return out;
}

function keysOf(value: Json, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) keysOf(v, into);
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      into.add(k);
      keysOf(v, into);
    }
  }
  return into;
}

const REAL_KEYS = [...new Set(Object.values(BASES).flatMap((b) => [...keysOf(b)]))].sort();

/** An own, enumerable property, even for `__proto__` (as JSON.parse makes it). */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const keyArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS) },
  { weight: 3, arbitrary: fc.constantFrom(...REAL_KEYS) },
  { weight: 1, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 8 }) },
  { weight: 1, arbitrary: fc.constantFrom("", " ", "a/b", "run.googleapis.com/x", "é", "\u0000", "\u202e", "𝒳", "a".repeat(300)) },
);

const scalarArb: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 1, -1, 10001, 1e6, 2 ** 31, 2 ** 53 + 2, Number.MAX_VALUE, Number.MIN_VALUE, 0.5),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.constantFrom(
    "",
    " ",
    "1",
    "600s",
    "1e3",
    "-1",
    "0x10",
    "Infinity",
    "NaN",
    "512Mi",
    "\ud800",
    "𝒳𝒴",
    "\u0000",
    UNKNOWN,
    "x".repeat(40_000),
  ),
);

/** Arbitrary JSON-ish values whose objects may carry prototype-named keys as own keys. */
const { value: valueArb } = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalarArb,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.array(fc.tuple(keyArb, tie("value")), { maxLength: 4 }).map((entries) => {
      const o: Record<string, unknown> = {};
      for (const [k, v] of entries) define(o, k, v);
      return o;
    }),
  ),
}));

/** Deep nesting, which recursive walks must survive. */
const deepArb: fc.Arbitrary<Json> = fc.tuple(fc.integer({ min: 50, max: 600 }), fc.boolean()).map(([depth, arrays]) => {
  let v: Json = UNKNOWN;
  for (let i = 0; i < depth; i++) v = arrays ? [v] : { constructor: v };
  return v;
});

const anyValueArb = fc.oneof({ weight: 8, arbitrary: valueArb }, { weight: 1, arbitrary: deepArb });

type Mutation =
  | { op: "replace"; at: number; value: Json }
  | { op: "add"; at: number; key: string; value: Json }
  | { op: "delete"; at: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant("replace" as const), at: fc.nat(), value: anyValueArb }),
  fc.record({ op: fc.constant("add" as const), at: fc.nat(), key: keyArb, value: anyValueArb }),
  fc.record({ op: fc.constant("delete" as const), at: fc.nat() }),
);

function apply(base: Record<string, unknown>, mutations: Mutation[]): Record<string, unknown> {
  let root = structuredClone(base) as Json;
  // Values are cloned: fast-check shares generated values between runs, and a later mutation
  // must not write into an earlier one's value (that could make a cycle, which JSON cannot carry).
  for (const { ...m } of mutations) {
    if ("value" in m) m.value = structuredClone(m.value);
    const paths = pathsOf(root);
    const path = paths[m.at % paths.length] as Path;
    if (path.length === 0) {
      // At the root: the engine always sends an object (a property bag).
      if (m.op === "add" && root !== null && typeof root === "object" && !Array.isArray(root))
        define(root as Record<string, unknown>, m.key, m.value);
      if (m.op === "replace" && m.value !== null && typeof m.value === "object" && !Array.isArray(m.value)) root = m.value;
      continue;
    }
    const parent = path.slice(0, -1).reduce<Json>((node, k) => (node as Record<string | number, Json>)[k], root) as Record<
      string | number,
      Json
    >;
    const last = path[path.length - 1] as string | number;
    if (m.op === "replace") {
      if (Array.isArray(parent)) parent[last as number] = m.value;
      else define(parent, last as string, m.value);
    } else if (m.op === "delete") {
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete parent[last];
    } else {
      const target = parent[last];
      if (Array.isArray(target)) target.push(m.value);
      else if (target !== null && typeof target === "object") define(target as Record<string, unknown>, m.key, m.value);
      else if (Array.isArray(parent)) parent.push(m.value);
      else define(parent as Record<string, unknown>, m.key, m.value);
    }
  }
  return root as Record<string, unknown>;
}

/** The property of every outcome: failures, each with a path and a reason, or inputs. */
function expectWellFormed(result: CheckedInputs): void {
  if (result.failures?.length) {
    for (const f of result.failures) {
      expect(typeof f.property).toBe("string");
      expect(f.property.length).toBeGreaterThan(0);
      expect(f.property).not.toMatch(/undefined|^\./);
      expect(typeof f.reason).toBe("string");
      expect(f.reason.trim().length).toBeGreaterThan(0);
    }
  } else {
    expect(result.inputs).toBeTypeOf("object");
  }
}

function check(news: Record<string, unknown>): CheckedInputs {
  // A manifest that names its own region (the location label) is checked against that region:
  // a stack configured for another one refuses it (placement.ts), which is not what this tests.
  const labels = (news?.metadata as { labels?: Record<string, unknown> } | undefined)?.labels;
  const region =
    typeof labels?.["cloud.googleapis.com/location"] === "string" ? (labels["cloud.googleapis.com/location"] as string) : SETTINGS.region;
  return checkInputs({}, news, { ...SETTINGS, region });
}

describe("check never throws", () => {
  it.each(Object.keys(BASES))("the %s base manifest passes", (name) => {
    expect(check(structuredClone(BASES[name] as Record<string, unknown>)).failures ?? []).toEqual([]);
  });

  it("answers any mutation of a valid manifest with well-formed failures or inputs", () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(BASES)), fc.array(mutationArb, { minLength: 1, maxLength: 3 }), (base, mutations) => {
        const news = apply(BASES[base] as Record<string, unknown>, mutations);
        expectWellFormed(check(news));
      }),
      { numRuns: Number(process.env.NEVER_THROWS_RUNS ?? 600) },
    );
  });

  it("answers any root object with well-formed failures or inputs", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(keyArb, anyValueArb), { maxLength: 6 }), (entries) => {
        const news: Record<string, unknown> = {};
        for (const [k, v] of entries) define(news, k, v);
        expectWellFormed(check(news));
      }),
      { numRuns: Number(process.env.NEVER_THROWS_RUNS ?? 200) },
    );
  });

  const MEMBER_KEYS = ["constructor", "valueOf", "toString", "hasOwnProperty", "__proto__", "__defineGetter__", "isPrototypeOf"];
  /** Each place an unknown key may sit, and the property path its failure must name. */
  const PLACES: Array<[string, (key: string) => Record<string, unknown>, string]> = [
    ["the root", (k) => withKey(jobManifest(), [], k), ""],
    ["metadata", (k) => withKey(jobManifest(), ["metadata"], k), "metadata"],
    ["spec", (k) => withKey(jobManifest(), ["spec"], k), "spec"],
    ["the execution spec", (k) => withKey(jobManifest(), ["spec", "template", "spec"], k), "spec.template.spec"],
    [
      "a container",
      (k) => withKey(jobManifest(), ["spec", "template", "spec", "template", "spec", "containers", 0], k),
      "spec.template.spec.template.spec.containers[0]",
    ],
    [
      "an env entry",
      (k) =>
        withKey(
          jobManifest({ container: { env: [{ name: "A", value: "1" }] } }),
          ["spec", "template", "spec", "template", "spec", "containers", 0, "env", 0],
          k,
        ),
      "spec.template.spec.template.spec.containers[0].env[0]",
    ],
    [
      "a probe",
      (k) =>
        withKey(
          jobManifest({ container: { startupProbe: { tcpSocket: {} } } }),
          ["spec", "template", "spec", "template", "spec", "containers", 0, "startupProbe"],
          k,
        ),
      "spec.template.spec.template.spec.containers[0].startupProbe",
    ],
    [
      "a volume",
      (k) =>
        withKey(
          jobManifest({ task: { volumes: [{ name: "v", emptyDir: {} }] } }),
          ["spec", "template", "spec", "template", "spec", "volumes", 0],
          k,
        ),
      "spec.template.spec.template.spec.volumes[0]",
    ],
    ["status", (k) => withKey(jobManifest({ extra: { status: {} } }), ["status"], k), "status"],
  ];

  function withKey(manifest: Record<string, unknown>, path: Path, key: string): Record<string, unknown> {
    const target = path.reduce<Json>((node, k) => (node as Record<string | number, Json>)[k], manifest) as Record<string, unknown>;
    define(target, key, 1);
    return manifest;
  }

  for (const [where, make, at] of PLACES) {
    it.each(MEMBER_KEYS)(`refuses an unknown key \`%s\` in ${where}, naming it`, (key) => {
      const result = check(make(key));
      expectWellFormed(result);
      const expected = `${at}${at ? "." : ""}${key}`;
      expect(result.failures?.map((f) => f.property)).toEqual([expected]);
      expect(result.failures?.[0]?.reason).toMatch(new RegExp(`^unknown key \`${key.replace(/[$]/g, "\\$")}\``));
    });
  }

  // Not `__proto__`: zod leaves that key out of a record's output without an issue (it would
  // replace the output's prototype), as the engine's own decoding of a property bag does.
  it.each(MEMBER_KEYS.filter((k) => k !== "__proto__"))(
    "refuses or keeps a label, annotation, limit or node selector keyed `%s`, never dropping it silently",
    (key) => {
      for (const parts of [
        { metadata: { labels: {} } },
        { metadata: { annotations: {} } },
        { templateMetadata: { annotations: {} } },
        { container: { resources: { limits: {} } } },
        { task: { nodeSelector: {} } },
      ]) {
        const manifest = jobManifest(parts);
        const map = [
          (manifest.metadata as Record<string, Record<string, unknown>>).labels,
          (manifest.metadata as Record<string, Record<string, unknown>>).annotations,
          (manifest.spec as Record<string, Record<string, Record<string, Record<string, unknown>>>>).template.metadata?.annotations,
        ].find((m) => m !== undefined);
        const target =
          map ??
          (parts.container
            ? (
                (
                  (jobTask(manifest).containers as Array<Record<string, Record<string, unknown>>>)[0] as Record<
                    string,
                    Record<string, unknown>
                  >
                ).resources as Record<string, unknown>
              ).limits
            : jobTask(manifest).nodeSelector);
        define(target as Record<string, unknown>, key, "1");
        const result = check(manifest);
        expectWellFormed(result);
        if (!result.failures?.length) {
          // Accepted: then the key is kept, as given.
          expect(JSON.stringify(result.inputs)).toContain(JSON.stringify(key));
        }
      }
    },
  );

  function jobTask(m: Record<string, unknown>): Record<string, unknown> {
    return (
      (
        ((m.spec as Record<string, Record<string, unknown>>).template as Record<string, Record<string, unknown>>).spec as Record<
          string,
          Record<string, unknown>
        >
      ).template as Record<string, Record<string, unknown>>
    ).spec as Record<string, unknown>;
  }

  it.each([
    ["NaN", NaN],
    ["Infinity", Infinity],
    ["-Infinity", -Infinity],
    ["-0", -0],
    ["a huge number", 1e308],
    ["an object", { constructor: 1 }],
    // zod runs length checks on anything with a `length`; this one cannot be compared to a number.
    ["an object whose length has no primitive value", { length: { toString: 0 } }],
    ["a list", [[[]]]],
    ["null", null],
    ["true", true],
  ])("answers %s in every field of the everything manifest", (_label, value) => {
    const base = BASES.everything as Record<string, unknown>;
    for (const [i, path] of pathsOf(base).entries()) {
      if (path.length === 0) continue;
      const result = check(apply(base, [{ op: "replace", at: i, value }]));
      expectWellFormed(result);
    }
  });
});
