// node bench/curve.mjs [sizes…]: the cost curve alone (lib/curve.mjs), e.g. `node bench/curve.mjs 10 100 1000`;
// prints the table and writes bench/curve.svg. `npm run bench` runs it too (1,000 with BENCH_1000=1).
import { writeFileSync } from "node:fs";
import path from "node:path";
import { requireFromRoot, ROOT } from "./lib/common.mjs";
import { costCurve, curveSvg, curveTable } from "./lib/curve.mjs";

const sizes = (process.argv.slice(2).length ? process.argv.slice(2).map(Number) : [10, 100]).map((n) => [n, n >= 1000 ? 1 : 3]);
const { startEmulator } = requireFromRoot("./dist/emulator");
const emulator = await startEmulator({ quiet: true });
try {
  const rows = await costCurve(emulator, sizes);
  writeFileSync(path.join(ROOT, "bench", "curve.svg"), curveSvg(rows));
  console.log(
    `\n${curveTable(rows)}\n\nratio of each pair: ${rows.map((r) => `${r.count} ${r.op} ${r.pairRatios.map((x) => x.toFixed(2)).join(", ")}`).join("; ")}\n\nplot: bench/curve.svg`,
  );
} finally {
  await emulator.stop();
}
