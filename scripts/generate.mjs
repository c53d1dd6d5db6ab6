#!/usr/bin/env node
// `npm run generate`: writes the generated files (test/generated/files.ts lists them, with what
// writes each) and says which changed. Their tests only check them, so run this after changing
// a zod schema or the reference discovery document. The generators are TypeScript: vitest's own
// module runner (its Node API) imports them exactly as the tests do.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createVitest } from "vitest/node";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function write(file) {
  const text = file.render();
  if (text === undefined) return "left as it is (its source is not on this machine)";
  const target = path.join(ROOT, file.path);
  if (readFileSync(target, "utf8") === text) return "current";
  writeFileSync(target, text);
  return "written";
}

const vitest = await createVitest("test", { root: ROOT, watch: false });
try {
  const { GENERATED_FILES } = await vitest.import(path.join(ROOT, "test/generated/files.ts"));
  for (const file of GENERATED_FILES) console.log(`generate: ${file.path}: ${write(file)}`);
} finally {
  await vitest.close();
}
