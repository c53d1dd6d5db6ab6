// node bench/cpu-split.mjs [preview|up-create|up-update] [count] [reps]: where an operation's CPU goes,
// ours vs the floor: the engine (`pulumi`), the provider process and this process (inline
// program, Automation API, in-process emulator). Evidence for bench/ANALYSIS.md.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { requireFromRoot, ROOT } from "./lib/common.mjs";
import { benchStack } from "./lib/stacks.mjs";

const op = process.argv[2] ?? "preview";
const count = Number(process.argv[3] ?? 300);
const reps = Number(process.argv[4] ?? 3);
const { startEmulator } = requireFromRoot("./dist/emulator");
const TICK_MS = 10; // USER_HZ = 100 on Linux

function childrenCpuMs() {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[13]) + Number(f[14])) * TICK_MS; // cutime, cstime (fields 16, 17)
}

async function measure(st, run) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "crj-cpu-"));
  st.stack.workspace.envVars.NODE_OPTIONS = `--require=${path.join(ROOT, "bench", "lib", "provider-probe-preload.cjs")}`;
  st.stack.workspace.envVars.CRJ_PROBE_DIR = dir;
  const c0 = childrenCpuMs();
  const s0 = process.cpuUsage();
  const t0 = performance.now();
  await run(st);
  const wall = performance.now() - t0;
  const s = process.cpuUsage(s0);
  const children = childrenCpuMs() - c0;
  let provider = 0;
  for (const f of readdirSync(dir)) provider += JSON.parse(readFileSync(path.join(dir, f), "utf8")).ms;
  rmSync(dir, { recursive: true, force: true });
  delete st.stack.workspace.envVars.NODE_OPTIONS;
  delete st.stack.workspace.envVars.CRJ_PROBE_DIR;
  return { wall, self: (s.user + s.system) / 1000, provider, engine: children - provider };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const emu = await startEmulator({ quiet: true });
const results = { ours: [], noop: [] };
try {
  for (let i = 0; i < reps; i++) {
    for (const kind of i % 2 ? ["noop", "ours"] : ["ours", "noop"]) {
      const st = await benchStack(kind, count, { emulatorHost: emu.address, project: "bench-project" });
      try {
        if (op === "preview") {
          await st.stack.up();
          results[kind].push(await measure(st, (s) => s.stack.preview()));
        } else if (op === "up-update") {
          await st.stack.up();
          st.state.label = "b";
          results[kind].push(await measure(st, (s) => s.stack.up()));
        } else {
          results[kind].push(await measure(st, (s) => s.stack.up()));
        }
      } finally {
        await st.cleanup();
      }
      emu.reset?.();
    }
  }
} finally {
  await emu.stop();
}
const fmt = (k) => ["wall", "engine", "provider", "self"].map((f) => `${f} ${median(results[k].map((r) => r[f])).toFixed(0)}`).join(", ");
console.log(`${op} of ${count}, median of ${reps} (ms): ours: ${fmt("ours")}`);
console.log(`${" ".repeat(op.length + String(count).length + 26)}floor: ${fmt("noop")}`);
console.log(JSON.stringify(results));
