// node bench/profile.mjs [preview|refresh|up-create|up-update] [count]: runs the operation once for a
// stack of Jobs and once for the no-op twin with the provider process under --cpu-prof
// (NODE_OPTIONS reaches only the provider process: the program runs in this process), and
// prints where the provider process spent its time, by package and by function. The evidence
// behind the explanations in RESULTS.md.
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { requireFromRoot, ROOT, timed } from "./lib/common.mjs";
import { packageOf, topLines } from "./lib/cpu-profile.mjs";
import { benchStack } from "./lib/stacks.mjs";

const op = process.argv[2] ?? "preview";
const count = Number(process.argv[3] ?? 100);
const { startEmulator } = requireFromRoot("./dist/emulator");

function summarize(files) {
  const byPkg = new Map();
  const byFn = new Map();
  let total = 0;
  let idle = 0;
  let alive = 0;
  for (const file of files) {
  const prof = JSON.parse(readFileSync(file, "utf8"));
  alive += prof.endTime - prof.startTime;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = prof.timeDeltas;
  for (let i = 0; i < prof.samples.length; i++) self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + (dt[i] ?? 0));
  for (const [id, us] of self) {
    const n = byId.get(id);
    const name = n.callFrame.functionName || "(anonymous)";
    total += us;
    if (name === "(idle)" || name === "(program)" || name === "(garbage collector)") {
      if (name === "(idle)") idle += us;
      const k = name;
      byPkg.set(k, (byPkg.get(k) ?? 0) + us);
      continue;
    }
    const pkg = packageOf(n.callFrame.url);
    byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + us);
    const fk = `${name} ${pkg}:${n.callFrame.lineNumber + 1}`;
    byFn.set(fk, (byFn.get(fk) ?? 0) + us);
  }
  }
  const top = (m, k) => topLines(m, k, (us) => `    ${(us / 1000).toFixed(0).padStart(6)} ms`);
  const ours = new Map([...byFn].filter(([k]) => k.includes(" pulumi-cloudrun-jobs (dist/provider):")));
  return { totalMs: alive / 1000, busyMs: (total - idle) / 1000, pkgs: top(byPkg, 14), fns: top(byFn, 18), ours: top(ours, 12) };
}

const emulator = await startEmulator({ quiet: true });
try {
  for (const kind of ["ours", "noop"]) {
    const st = await benchStack(kind, count, { emulatorHost: emulator.address, project: `bench-prof-${kind}` });
    try {
      if (op !== "up-create") await st.stack.up();
      const dir = mkdtempSync(path.join(os.tmpdir(), `crj-prof-${kind}-`));
      st.stack.workspace.envVars.NODE_OPTIONS = `--require=${path.join(ROOT, "bench", "lib", "cpu-profile-preload.cjs")}`;
      st.stack.workspace.envVars.CRJ_PROF_DIR = dir;
      if (op === "up-update") st.state.label = "b";
      emulator.calls.reset();
      const run = { preview: () => st.stack.preview(), refresh: () => st.stack.refresh(), "up-update": () => st.stack.up(), "up-create": () => st.stack.up() }[op];
      const { ms } = await timed(run);
      delete st.stack.workspace.envVars.NODE_OPTIONS;
      delete st.stack.workspace.envVars.CRJ_PROF_DIR;
      console.log(`\n=== ${kind}: ${op} of ${count}: ${(ms / 1000).toFixed(2)} s wall (profiled), calls ${JSON.stringify(emulator.calls.snapshot())}`);
      const byProcess = new Map();
      for (const f of readdirSync(dir).sort()) {
        const pid = f.split("-")[1];
        byProcess.set(pid, [...(byProcess.get(pid) ?? []), path.join(dir, f)]);
      }
      for (const [pid, files] of byProcess) {
        const s = summarize(files);
        console.log(`  provider process ${pid} (${files.length} one-second chunks): ${s.totalMs.toFixed(0)} ms alive, ${s.busyMs.toFixed(0)} ms busy (not idle)`);
        console.log("  by package (self time):");
        console.log(s.pkgs.join("\n"));
        console.log("  by function (self time):");
        console.log(s.fns.join("\n"));
        if (s.ours.length) console.log(`  ours by function (self time):\n${s.ours.join("\n")}`);
      }
    } finally {
      await st.cleanup();
    }
  }
} finally {
  await emulator.stop();
}
