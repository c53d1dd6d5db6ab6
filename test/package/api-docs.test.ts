// The API reference generator (scripts/gen-api-docs.mjs) runs over the current sources and
// documents every export of the package. Byte-equality with docs/api.md is left to
// `node scripts/gen-api-docs.mjs --check`, so TSDoc edits elsewhere do not fail this suite.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ROOT } from "../e2e/harness";
import * as api from "../../provider/index";

describe("docs/api.md generator", () => {
  it("documents the Job class, its constructor options and every runtime export", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "crj-api-"));
    try {
      const out = path.join(dir, "api.md");
      await promisify(execFile)(process.execPath, [path.join(ROOT, "scripts", "gen-api-docs.mjs"), "--out", out]);
      const text = readFileSync(out, "utf8");
      expect(text).toContain("## class `Job`");
      expect(text).toContain("new Job(name: string, args: JobArgs, opts?: pulumi.CustomResourceOptions)");
      expect(text).toMatch(/`opts`: resource options\. `import: "projects\/P\/locations\/R\/jobs\/N"` adopts/);
      for (const name of Object.keys(api)) expect(text, name).toMatch(new RegExp(`## (class|function|const) \`${name}\``));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
