// provider/core/public-types.ts is what the zod schemas infer, expanded into plain types by
// public-types.generate.ts; `npm run generate` writes it and this checks it is current. The
// compile-time proof that the two agree is public-types.check.ts (checked by `tsc -p tsconfig.json`).
import { describe, it } from "vitest";
import { expectCurrent } from "../../generated/current";
import { PUBLIC_TYPES } from "../../generated/files";

describe("public manifest types", () => {
  it("are the zod-inferred types, expanded (provider/core/public-types.ts is current)", () => {
    expectCurrent(PUBLIC_TYPES);
  }, 60_000);
});
