// The provider process loads the bundle (dist/provider/impl.js, scripts/bundle-impl.mjs), not
// the TypeScript sources: zod comes in through its ES module entry with the locales shaken out,
// and the Google client stays outside until the first call. A lighter load path must not answer
// differently: here the bundle and the sources check and diff the whole bad-input corpus, the
// e2e corpus and the gcloud fixtures, and must agree exactly. `npm test` builds first (setup).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as sources from "../../provider/provider";
import { CORPUS } from "../e2e/corpus";
import { loadManifest, MANIFEST_FILES } from "../fixtures/manifests";
import { badInputs } from "./engine/bad-input-corpus";

const ROOT = path.resolve(__dirname, "../..");
const BUNDLE = path.join(ROOT, "dist", "provider", "impl.js");
type Impl = Pick<typeof sources, "configure" | "check" | "diff">;

// No stack project or region: a manifest that names its own (an export's namespace and location
// label) is checked where it says; the others are given one, as a stack's config would.
const settings = { config: { get: () => undefined } } as never;
const PLACE = { project: "load-project", region: "europe-west1" };
function asInputs(manifest: unknown, logicalName: string) {
  if (manifest === null || typeof manifest !== "object" || Array.isArray(manifest)) return manifest as never;
  const m = manifest as { metadata?: { namespace?: unknown; labels?: Record<string, unknown> } };
  const place = {
    ...(m.metadata?.namespace === undefined ? { project: PLACE.project } : {}),
    ...(m.metadata?.labels?.["cloud.googleapis.com/location"] === undefined ? { region: PLACE.region } : {}),
  };
  return { ...place, ...(manifest as object), __logicalName: logicalName, __provider: "shim" };
}

const valid: Array<[string, unknown]> = [
  ...CORPUS.map(([key, m]) => [`corpus ${key}`, m] as [string, unknown]),
  ...MANIFEST_FILES.map((f) => [`fixture ${f}`, loadManifest(f)] as [string, unknown]),
];

let bundle: Impl;

beforeAll(async () => {
  expect(existsSync(BUNDLE), "dist/provider/impl.js is missing: run `npm run build`").toBe(true);
  bundle = createRequire(__filename)(BUNDLE) as Impl;
  await bundle.configure(settings);
  await sources.configure(settings);
});

describe("the bundle the provider process loads answers as the sources do", () => {
  it.each(badInputs().map((c) => [`${c.group}: ${c.name}`, c.manifest] as const))("check refuses %s alike", async (_title, manifest) => {
    const fromBundle = await bundle.check({}, asInputs(manifest, "bad"));
    const fromSources = await sources.check({}, asInputs(manifest, "bad"));
    expect(fromBundle.failures?.length).toBeGreaterThan(0);
    expect(fromBundle).toEqual(fromSources);
  });

  it.each(valid)("check and diff %s alike", async (title, manifest) => {
    const fromBundle = await bundle.check({}, asInputs(manifest, "ok"));
    const fromSources = await sources.check({}, asInputs(manifest, "ok"));
    expect(fromBundle.failures ?? [], title).toEqual([]);
    expect(fromBundle).toEqual(fromSources);
    // Against every other valid manifest as the old state: the same changes and replacements.
    const checked = fromSources.inputs as Record<string, unknown>;
    for (const [, other] of valid.slice(0, 12)) {
      const olds = (await sources.check({}, asInputs(other, "ok"))).inputs as Record<string, unknown>;
      expect(await bundle.diff("id", olds, checked)).toEqual(await sources.diff("id", olds, checked));
    }
  });
});

describe("what loading the bundle costs in modules", () => {
  it("evaluates one module of ours and none of zod, Google's client or Pulumi", () => {
    const probe = `
      const before = new Set(Object.keys(require.cache));
      const impl = require(${JSON.stringify(BUNDLE)});
      impl.check({}, { apiVersion: "run.googleapis.com/v1", kind: "Job", metadata: { name: "probe", namespace: "p" }, region: "europe-west1",
        spec: { template: { spec: { template: { spec: { containers: [{ image: "busybox" }] } } } } }, __logicalName: "probe" });
      process.stdout.write(JSON.stringify(Object.keys(require.cache).filter((k) => !before.has(k))));`;
    const loaded = JSON.parse(execFileSync(process.execPath, ["-e", probe], { cwd: ROOT, encoding: "utf8" })) as string[];
    expect(loaded.map((file) => path.relative(ROOT, file))).toEqual([path.join("dist", "provider", "impl.js")]);
  });

  it("holds none of zod's locale messages (they are shaken out)", () => {
    const text = readFileSync(BUNDLE, "utf8");
    // Messages of zod's German and French locales, which its CommonJS entry loads with every other.
    expect(text).not.toContain("Ungültige Eingabe");
    expect(text).not.toContain("Entrée invalide");
    expect(text).toContain("Invalid input"); // the English messages stay: the control
  });
});
