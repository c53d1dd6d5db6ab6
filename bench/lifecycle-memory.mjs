// node bench/lifecycle-memory.mjs [ours|noop] [count] [node flags]: one lifecycle of `count` jobs (up
// creating, preview, up updating, destroy) on the real engine, and for each operation the
// provider process's wall time, CPU, peak RSS (getrusage) and, at the largest RSS the probe
// sampled, the V8 heap (used of total), external memory and how many creates, updates or
// deletes were in flight (lib/provider-probe-preload.cjs). Node flags, if given (e.g.
// "--max-semi-space-size=4"), go to the provider processes as NODE_OPTIONS would.
// Evidence for bench/ANALYSIS.md.
import { requireFromRoot } from "./lib/common.mjs";
import { describePeak, lifecycle } from "./lib/curve.mjs";

const kind = process.argv[2] ?? "ours";
const count = Number(process.argv[3] ?? 100);
const nodeOptions = process.argv[4] ?? "";
const { startEmulator } = requireFromRoot("./dist/emulator");
const emulator = await startEmulator({ quiet: true });
try {
  const out = await lifecycle(kind, count, emulator, `bench-memory-${count}`, { nodeOptions });
  for (const [op, r] of Object.entries(out)) {
    console.log(
      `${kind} ${count} ${op.padEnd(8)} ${(r.ms / 1000).toFixed(2).padStart(7)} s  provider CPU ${Math.round(r.cpuMs)} ms  peak RSS ${r.rssMb.toFixed(1)} MB` +
        `  at the largest sample: ${describePeak(r.peak)}`,
    );
  }
} finally {
  await emulator.stop();
}
