// The whole repository type-checks: tsconfig.json covers provider/, emulator/, test/, examples/
// and bench/. The build compiles only provider/ and emulator/, and vitest strips types without
// checking them, so without this the compile-time proofs in test/ (public-types.check.ts,
// job-args.test.ts) and every test's use of the APIs it calls would never be checked.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");

describe("the repository", () => {
  it("type-checks with tsconfig.json (tsc --noEmit reports nothing)", () => {
    const tsc = require.resolve("typescript/bin/tsc", { paths: [ROOT] });
    const run = spawnSync(process.execPath, [tsc, "-p", path.join(ROOT, "tsconfig.json"), "--noEmit", "--pretty", "false"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(run.stdout + run.stderr).toBe("");
    expect(run.status).toBe(0);
  }, 120_000);
});
