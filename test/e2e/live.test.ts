// Live acceptance mode, made visible: with CLOUD_RUN_JOBS_LIVE_PROJECT set, the skeleton and
// lifecycle suites run against real Cloud Run (target.ts); without it, this reports the mode
// as skipped instead of passing silently.
import { describe, expect, it } from "vitest";
import { IS_LIVE, LIVE_PROJECT, LIVE_REGION } from "./target";

describe.skipIf(!IS_LIVE)(`live acceptance against Cloud Run (set CLOUD_RUN_JOBS_LIVE_PROJECT to run)`, () => {
  it(`targets project ${LIVE_PROJECT ?? "-"} in ${LIVE_REGION} with Application Default Credentials`, async () => {
    const { GoogleAuth } = await import("google-auth-library");
    const auth = new GoogleAuth({ scopes: ["https://www.googleapis.com/auth/cloud-platform"] });
    expect(await auth.getAccessToken()).toBeTruthy();
  });
});
