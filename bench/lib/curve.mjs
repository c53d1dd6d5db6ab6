// The cost curve: preview (no changes), up creating, up updating and destroy of 10, 100 and
// (with BENCH_1000=1) 1,000 jobs, ours next to the no-op floor, on the real engine through the
// Automation API. For each size and operation: wall time, cost per job, the ratio ours/floor
// (pair by pair, order alternating), and the peak RSS of the dynamic-provider process (from
// the probe preloaded into it, lib/provider-probe-preload.cjs). Also writes an SVG plot.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { log, median, ROOT, timed } from "./common.mjs";
import { benchStack } from "./stacks.mjs";

export const OPERATIONS = ["preview", "up", "update", "destroy"];
const PRELOAD = path.join(ROOT, "bench", "lib", "provider-probe-preload.cjs");

/** Runs op with the probe in every provider process it starts; returns its ms and the peak RSS (MB). */
async function probed(st, op) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "crj-curve-probe-"));
  const env = st.stack.workspace.envVars;
  env.NODE_OPTIONS = `--require=${PRELOAD}`;
  env.CRJ_PROBE_DIR = dir;
  try {
    const { ms, result } = await timed(op);
    // The engine may kill the provider right after the last answer; the probe writes every 50 ms.
    await new Promise((r) => setTimeout(r, 120));
    const probes = readdirSync(dir).map((f) => JSON.parse(readFileSync(path.join(dir, f), "utf8")));
    const top = probes.reduce((a, b) => ((b.maxRssKb ?? 0) > (a?.maxRssKb ?? 0) ? b : a), undefined);
    const implLoad = probes.map((p) => p.implLoadCpuMs).filter((x) => x !== undefined);
    return { ms, result, rssMb: (top?.maxRssKb ?? 0) / 1024, peak: top?.peak && { ...top.peak, maxInFlight: top.maxInFlight }, cpuMs: top?.ms, implLoadCpuMs: implLoad.length ? Math.max(...implLoad) : undefined };
  } finally {
    delete env.NODE_OPTIONS;
    delete env.CRJ_PROBE_DIR;
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One lifecycle of a stack of `count`: create, preview, update, destroy; each checked. */
export async function lifecycle(kind, count, emulator, project) {
  const st = await benchStack(kind, count, { emulatorHost: emulator.address, project });
  const out = {};
  try {
    const up = await probed(st, () => st.stack.up());
    if (up.result.summary.resourceChanges?.create !== count + 1) throw new Error(`${kind} up created ${JSON.stringify(up.result.summary.resourceChanges)}`);
    out.up = up;
    const pv = await probed(st, () => st.stack.preview());
    if (pv.result.changeSummary?.same !== count + 1) throw new Error(`${kind} preview saw changes: ${JSON.stringify(pv.result.changeSummary)}`);
    out.preview = pv;
    st.state.label = "b";
    const upd = await probed(st, () => st.stack.up());
    if (upd.result.summary.resourceChanges?.update !== count) throw new Error(`${kind} update: ${JSON.stringify(upd.result.summary.resourceChanges)}`);
    out.update = upd;
    const del = await probed(st, () => st.stack.destroy());
    if (del.result.summary.resourceChanges?.delete !== count + 1) throw new Error(`${kind} destroy: ${JSON.stringify(del.result.summary.resourceChanges)}`);
    out.destroy = del;
    return out;
  } finally {
    await st.cleanup();
  }
}

/**
 * sizes: [[count, reps], …]. Returns rows {count, op, ours, floor, ratio, oursRss, floorRss}
 * (medians; ratio = median of the per-pair ratios).
 */
export async function costCurve(emulator, sizes, { retry = (label, fn) => fn() } = {}) {
  const rows = [];
  let project = 0;
  for (const [count, reps] of sizes) {
    const samples = { ours: [], noop: [] };
    for (let i = 0; i < reps; i++) {
      log(`curve: ${count} jobs, pair ${i + 1}/${reps}`);
      const order = i % 2 === 0 ? ["ours", "noop"] : ["noop", "ours"];
      for (const kind of order) samples[kind].push(await retry(`curve ${kind} ${count}`, () => lifecycle(kind, count, emulator, `bench-curve-${count}-${project++}`)));
    }
    for (const op of OPERATIONS) {
      const ours = samples.ours.map((s) => s[op]);
      const noop = samples.noop.map((s) => s[op]);
      rows.push({
        count,
        op,
        reps,
        ours: median(ours.map((x) => x.ms)),
        floor: median(noop.map((x) => x.ms)),
        ratio: median(ours.map((x, j) => x.ms / noop[j].ms)),
        oursRss: Math.max(...ours.map((x) => x.rssMb)),
        floorRss: Math.max(...noop.map((x) => x.rssMb)),
        // The heap's make-up at the largest sampled resident set of the run with the highest peak.
        oursPeak: ours.reduce((a, b) => (b.rssMb > a.rssMb ? b : a)).peak,
        floorPeak: noop.reduce((a, b) => (b.rssMb > a.rssMb ? b : a)).peak,
        oursImplLoadMs: median(ours.map((x) => x.implLoadCpuMs ?? NaN)),
        floorImplLoadMs: median(noop.map((x) => x.implLoadCpuMs ?? NaN)),
      });
    }
  }
  return rows;
}

export function curveTable(rows) {
  const head = ["jobs", "operation", "ours", "floor", "ours per job", "floor per job", "ratio", "provider peak RSS ours / floor"];
  const lines = [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`];
  for (const r of rows) {
    lines.push(
      `| ${r.count} | ${r.op} | ${(r.ours / 1000).toFixed(2)} s | ${(r.floor / 1000).toFixed(2)} s | ${(r.ours / r.count).toFixed(1)} ms | ${(r.floor / r.count).toFixed(1)} ms | ${r.ratio.toFixed(2)} | ${Math.round(r.oursRss)} / ${Math.round(r.floorRss)} MB |`,
    );
  }
  return lines.join("\n");
}

/** An SVG line plot: the ratio ours/floor against the number of jobs (log scale), one line per operation. */
export function curveSvg(rows) {
  const W = 640;
  const H = 360;
  const m = { l: 60, r: 130, t: 30, b: 50 };
  const counts = [...new Set(rows.map((r) => r.count))].sort((a, b) => a - b);
  const ratios = rows.map((r) => r.ratio);
  const yMin = Math.min(0.9, ...ratios);
  const yMax = Math.max(1.4, ...ratios);
  const lx = (c) => Math.log10(c);
  const x0 = lx(counts[0]);
  const x1 = lx(counts[counts.length - 1]) === x0 ? x0 + 1 : lx(counts[counts.length - 1]);
  const X = (c) => m.l + ((lx(c) - x0) / (x1 - x0)) * (W - m.l - m.r);
  const Y = (v) => m.t + (1 - (v - yMin) / (yMax - yMin)) * (H - m.t - m.b);
  const colours = { preview: "#1f77b4", up: "#2ca02c", update: "#ff7f0e", destroy: "#d62728" };
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2 - 40}" y="18" text-anchor="middle" font-size="14">ours / no-op floor, by number of jobs</text>`,
    `<line x1="${m.l}" y1="${H - m.b}" x2="${W - m.r}" y2="${H - m.b}" stroke="black"/>`,
    `<line x1="${m.l}" y1="${m.t}" x2="${m.l}" y2="${H - m.b}" stroke="black"/>`,
  ];
  for (let v = Math.ceil(yMin * 10) / 10; v <= yMax + 1e-9; v += 0.1) {
    parts.push(`<line x1="${m.l}" y1="${Y(v)}" x2="${W - m.r}" y2="${Y(v)}" stroke="#eee"/>`, `<text x="${m.l - 6}" y="${Y(v) + 4}" text-anchor="end">${v.toFixed(1)}</text>`);
  }
  parts.push(`<line x1="${m.l}" y1="${Y(1)}" x2="${W - m.r}" y2="${Y(1)}" stroke="#999" stroke-dasharray="4 3"/>`);
  for (const c of counts) parts.push(`<text x="${X(c)}" y="${H - m.b + 18}" text-anchor="middle">${c}</text>`);
  parts.push(`<text x="${(m.l + W - m.r) / 2}" y="${H - 10}" text-anchor="middle">jobs (log scale)</text>`);
  OPERATIONS.forEach((op, i) => {
    const pts = rows.filter((r) => r.op === op).sort((a, b) => a.count - b.count);
    parts.push(`<polyline fill="none" stroke="${colours[op]}" stroke-width="2" points="${pts.map((p) => `${X(p.count).toFixed(1)},${Y(p.ratio).toFixed(1)}`).join(" ")}"/>`);
    for (const p of pts) parts.push(`<circle cx="${X(p.count).toFixed(1)}" cy="${Y(p.ratio).toFixed(1)}" r="3" fill="${colours[op]}"/>`);
    parts.push(`<line x1="${W - m.r + 15}" y1="${m.t + 20 * i + 10}" x2="${W - m.r + 35}" y2="${m.t + 20 * i + 10}" stroke="${colours[op]}" stroke-width="2"/>`, `<text x="${W - m.r + 40}" y="${m.t + 20 * i + 14}">${op}</text>`);
  });
  parts.push("</svg>");
  return parts.join("\n");
}
