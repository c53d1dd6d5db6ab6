// What a generated file's test checks: the committed file is what its generator writes now. It
// never writes the file itself (that is `npm run generate`), so `vitest -u` cannot paper over a
// stale one and a failure says what to run.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import type { GeneratedFile } from "./files";

const ROOT = path.resolve(__dirname, "../..");

export function expectCurrent(file: GeneratedFile): void {
  const rendered = file.render();
  if (rendered === undefined) throw new Error(`${file.path}: its source is not on this machine (skip this check there)`);
  const committed = readFileSync(path.join(ROOT, file.path), "utf8");
  expect(committed, `${file.path} is not what its generator writes: run \`npm run generate\``).toBe(rendered);
}
