// node bench/self-profile.mjs [count] [pairs] [preview|up]: CPU profile of the program's process
// (inline program, Automation API, and for `up` the in-process emulator serving the calls)
// during a preview (after an up) or an up creating `count` Jobs, ours vs the floor, by package
// and by function: what a program of Jobs costs over a program of no-op twins.
import inspector from "node:inspector/promises";
import { requireFromRoot } from "./lib/common.mjs";
import { selfTimes, topLines } from "./lib/cpu-profile.mjs";
import { benchStack } from "./lib/stacks.mjs";

const count = Number(process.argv[2] ?? 300);
const pairs = Number(process.argv[3] ?? 2);
const op = process.argv[4] ?? "preview";
const { startEmulator } = requireFromRoot("./dist/emulator");
const session = new inspector.Session();
session.connect();

const totals = { ours: { byPkg: new Map(), byFn: new Map(), busy: 0, runs: 0 }, noop: { byPkg: new Map(), byFn: new Map(), busy: 0, runs: 0 } };

function summarize(prof, into) {
  const { byPkg, byFn, busyUs } = selfTimes(prof, ["(program)"]);
  for (const [field, m] of [["byPkg", byPkg], ["byFn", byFn]]) for (const [k, us] of m) into[field].set(k, (into[field].get(k) ?? 0) + us);
  into.busy += busyUs;
  into.runs++;
  const top = (m, k) => topLines(m, k, (us) => `  ${(us / 1000).toFixed(0).padStart(6)} ms`).join("\n");
  return `busy ${(busyUs / 1000).toFixed(0)} ms\n by package:\n${top(byPkg, 12)}\n by function (self):\n${top(byFn, 25)}`;
}

const emu = await startEmulator({ quiet: true });
try {
  const order = [];
  for (let i = 0; i < pairs; i++) order.push(...(i % 2 ? ["ours", "noop"] : ["noop", "ours"]));
  for (const kind of order) {
    const st = await benchStack(kind, count, { emulatorHost: emu.address, project: "bench-project" });
    try {
      if (op === "preview") await st.stack.up();
      await session.post("Profiler.enable");
      await session.post("Profiler.setSamplingInterval", { interval: 200 });
      await session.post("Profiler.start");
      await (op === "preview" ? st.stack.preview() : st.stack.up());
      const { profile } = await session.post("Profiler.stop");
      const text = summarize(profile, totals[kind]);
      if (process.env.VERBOSE) console.log(`---- ${kind}: ${text}`);
    } finally {
      await st.cleanup();
      emu.reset();
    }
  }
} finally {
  await emu.stop();
}
// What ours costs over the floor, per run, by package and by function (self time).
const per = (m, k, runs) => (m.get(k) ?? 0) / runs / 1000;
const delta = (field) => {
  const keys = new Set([...totals.ours[field].keys(), ...totals.noop[field].keys()]);
  return [...keys]
    .map((k) => [k, per(totals.ours[field], k, totals.ours.runs) - per(totals.noop[field], k, totals.noop.runs), per(totals.ours[field], k, totals.ours.runs)])
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))
    .slice(0, field === "byPkg" ? 10 : 25)
    .map(([k, d, o]) => `  ${d >= 0 ? "+" : ""}${d.toFixed(0).padStart(5)} ms  (ours ${o.toFixed(0)})  ${k}`)
    .join("\n");
};
console.log(`busy per ${op} of ${count}: ours ${(totals.ours.busy / totals.ours.runs / 1000).toFixed(0)} ms, floor ${(totals.noop.busy / totals.noop.runs / 1000).toFixed(0)} ms (${pairs} pairs)`);
console.log(`ours - floor by package:\n${delta("byPkg")}\nours - floor by function (self):\n${delta("byFn")}`);
