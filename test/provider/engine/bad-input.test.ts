// Every manifest of the bad-input corpus is refused at check, naming the property, through
// the provider's own check (what the engine calls before any API call).
import { describe, expect, it } from "vitest";
import { check, configure } from "../../../provider/provider";
import { badInputs, validManifest } from "./bad-input-corpus";

const corpus = badInputs();

describe(`bad input: ${corpus.length} invalid manifests`, () => {
  it("holds at least 150 cases in every group", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(150);
    expect(new Set(corpus.map((c) => c.group)).size).toBeGreaterThanOrEqual(14);
  });

  it.each(corpus.map((c) => [`${c.group}: ${c.name}`, c] as const))("%s", async (_title, c) => {
    const inputs = { ...(c.manifest as object), __logicalName: "bad", __provider: "shim" };
    const result = await check({}, c.manifest === null || typeof c.manifest !== "object" ? (c.manifest as never) : inputs);
    const failures = result.failures ?? [];
    expect(failures.length, `accepted: ${JSON.stringify(c.manifest).slice(0, 200)}`).toBeGreaterThan(0);
    const paths = failures.map((f) => f.property);
    expect(
      paths.some((p) => p.startsWith(c.path) || c.path.startsWith(p)),
      `paths ${paths.join(", ")} vs ${c.path}`,
    ).toBe(true);
    for (const f of failures) {
      expect(f.reason.length).toBeGreaterThan(5);
      expect(f.reason).not.toMatch(/\n\s+at /); // never a stack trace
    }
  });
});

describe("stack config never hides a bad value of the manifest's own", () => {
  it.each([
    ["region", { name: "europe-west1" }],
    ["project", 123],
    ["region", ""],
  ])("%s = %j is refused even when gcp:project and gcp:region are set", async (key, value) => {
    await configure({ config: { get: (k: string) => ({ "gcp:project": "cfg-project", "gcp:region": "europe-west1" })[k] } } as never);
    const result = await check({}, { ...validManifest(), [key]: value, __logicalName: "x" });
    expect(result.failures?.map((f) => f.property)).toContain(key);
  });
});
