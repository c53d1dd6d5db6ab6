// The gcloud fixtures are what gcloud prints: the jobs of test/gcloud/fixtures.ts are made by
// the real gcloud against an in-process emulator and described with `--format export` (the
// other formats print the same resource; describing them too would double the run); every
// output passes check, and means what the saved file (test/fixtures/gcloud/) means. With
// GCLOUD_FIXTURES=write every format is described and the saved files are rewritten instead:
//   GCLOUD_FIXTURES=write node scripts/with-toolchain.mjs npx vitest run test/gcloud/fixtures.test.ts
// Skipped, with one line, where gcloud is not on PATH.
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { checkJobManifest } from "../../provider/core/check";
import { FIXTURE_DIR, FIXTURE_JOBS, FIXTURE_PROJECT, fixtureFile, FORMATS, generateFixtures, loadFixtures } from "./fixtures";
import { gcloudOnPath, startGcloudHarness, type GcloudHarness } from "./harness";

const hasGcloud = !!gcloudOnPath();
if (!hasGcloud) console.log("gcloud not on PATH: the gcloud fixtures are not regenerated");
const WRITE = process.env.GCLOUD_FIXTURES === "write";

/**
 * The canonical manifest, with the names gcloud draws for secret volumes
 * (`config-hip-mid-xof`, `other-<uuid>-yoy-hod-wuj`) made one: they differ on every run.
 */
function meaning(manifest: unknown): unknown {
  const { manifest: canonical, failures } = checkJobManifest(manifest);
  expect(failures).toEqual([]);
  return JSON.parse(
    JSON.stringify(canonical).replace(
      /-(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-)?[a-z]{3}-[a-z]{3}-[a-z]{3}"/g,
      '-*"',
    ),
  );
}

describe.skipIf(!hasGcloud)("gcloud fixtures (test/fixtures/gcloud)", () => {
  let h: GcloudHarness;
  let printed: Map<string, string>;

  beforeAll(async () => {
    h = await startGcloudHarness(FIXTURE_PROJECT, { taskDurationMs: 200 });
    printed = await generateFixtures(h, WRITE ? FORMATS : ["export"]);
    if (WRITE) {
      mkdirSync(FIXTURE_DIR, { recursive: true });
      for (const [file, text] of printed) writeFileSync(path.join(FIXTURE_DIR, file), text);
    }
  }, 240_000);
  afterAll(async () => {
    await h?.close();
  });

  it("every job in every format is saved, and what gcloud prints now means what the saved file means", () => {
    const saved = new Map(loadFixtures().map((f) => [f.file, f.manifest]));
    for (const job of FIXTURE_JOBS) {
      for (const format of FORMATS) {
        const file = fixtureFile(job.name, format);
        expect(saved.has(file), `${file} is missing: regenerate with GCLOUD_FIXTURES=write`).toBe(true);
        // The three formats of one job mean the same.
        expect(meaning(saved.get(file)), file).toEqual(meaning(saved.get(fixtureFile(job.name, "export"))));
        if (printed.has(file)) expect(meaning(parse(printed.get(file)!)), file).toEqual(meaning(saved.get(file)));
      }
    }
  });

  it("never reached anything but the emulator", () => {
    expect(h.emulator.proxy.refused()).toEqual([]);
  });
});
