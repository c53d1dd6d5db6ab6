// provider/core/public-types.ts is what the zod schemas infer, expanded into plain types; this
// keeps it current (`-u` rewrites it). The compile-time proof that the two agree is
// public-types.check.ts (checked by `tsc -p tsconfig.json`).
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { renderPublicTypes } from "./public-types.generate";

describe("public manifest types", () => {
  it("are the zod-inferred types, expanded (provider/core/public-types.ts is current)", async () => {
    await expect(renderPublicTypes()).toMatchFileSnapshot(resolve(__dirname, "../../../provider/core/public-types.ts"));
  }, 60_000);
});
