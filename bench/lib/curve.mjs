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

/**
 * Runs op with the probe in every provider process it starts, and `nodeOptions` there too (Node
 * flags a user could set in NODE_OPTIONS; the inline program runs in this process and keeps
 * its own); returns its ms and the peak RSS (MB).
 */
async function probed(st, op, nodeOptions = "") {
  const dir = mkdtempSync(path.join(os.tmpdir(), "crj-curve-probe-"));
  const env = st.stack.workspace.envVars;
  env.NODE_OPTIONS = `--require=${PRELOAD} ${nodeOptions}`.trim();
  env.CRJ_PROBE_DIR = dir;
  try {
    const { ms, result } = await timed(op);
    // The engine may kill the provider right after the last answer; the probe writes every 50 ms.
    await new Promise((r) => setTimeout(r, 120));
    const probes = readdirSync(dir).map((f) => JSON.parse(readFileSync(path.join(dir, f), "utf8")));
    const top = probes.reduce((a, b) => ((b.maxRssKb ?? 0) > (a?.maxRssKb ?? 0) ? b : a), undefined);
    const implLoad = probes.map((p) => p.implLoadCpuMs).filter((x) => x !== undefined);
    return {
      ms,
      result,
      rssMb: (top?.maxRssKb ?? 0) / 1024,
      peak: top?.peak && {
        ...top.peak,
        maxInFlight: top.maxInFlight,
        hostBeforeMb: top.rssBeforeImplMb,
        hostTypescript: top.hostLoadedTypescript,
        peakAtS: top.maxRssRaisedAtMs / 1000,
      },
      cpuMs: top?.ms,
      implLoadCpuMs: implLoad.length ? Math.max(...implLoad) : undefined,
    };
  } finally {
    delete env.NODE_OPTIONS;
    delete env.CRJ_PROBE_DIR;
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One lifecycle of a stack of `count`: create, preview, update, destroy; each checked. */
export async function lifecycle(kind, count, emulator, project, { nodeOptions = "" } = {}) {
  const st = await benchStack(kind, count, { emulatorHost: emulator.address, project });
  const out = {};
  try {
    const up = await probed(st, () => st.stack.up(), nodeOptions);
    if (up.result.summary.resourceChanges?.create !== count + 1)
      throw new Error(`${kind} up created ${JSON.stringify(up.result.summary.resourceChanges)}`);
    out.up = up;
    const pv = await probed(st, () => st.stack.preview(), nodeOptions);
    if (pv.result.changeSummary?.same !== count + 1)
      throw new Error(`${kind} preview saw changes: ${JSON.stringify(pv.result.changeSummary)}`);
    out.preview = pv;
    st.state.label = "b";
    const upd = await probed(st, () => st.stack.up(), nodeOptions);
    if (upd.result.summary.resourceChanges?.update !== count)
      throw new Error(`${kind} update: ${JSON.stringify(upd.result.summary.resourceChanges)}`);
    out.update = upd;
    const del = await probed(st, () => st.stack.destroy(), nodeOptions);
    if (del.result.summary.resourceChanges?.delete !== count + 1)
      throw new Error(`${kind} destroy: ${JSON.stringify(del.result.summary.resourceChanges)}`);
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
export async function costCurve(emulator, sizes, { retry = (_label, fn) => fn() } = {}) {
  const rows = [];
  let project = 0;
  for (const [count, reps] of sizes) {
    const samples = { ours: [], noop: [] };
    for (let i = 0; i < reps; i++) {
      log(`curve: ${count} jobs, pair ${i + 1}/${reps}`);
      const order = i % 2 === 0 ? ["ours", "noop"] : ["noop", "ours"];
      for (const kind of order)
        samples[kind].push(
          await retry(`curve ${kind} ${count}`, () => lifecycle(kind, count, emulator, `bench-curve-${count}-${project++}`)),
        );
    }
    for (const op of OPERATIONS) {
      const ours = samples.ours.map((s) => s[op]);
      const noop = samples.noop.map((s) => s[op]);
      const pairRatios = ours.map((x, j) => x.ms / noop[j].ms);
      rows.push({
        count,
        op,
        reps,
        ours: median(ours.map((x) => x.ms)),
        floor: median(noop.map((x) => x.ms)),
        ratio: median(pairRatios),
        pairRatios,
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

/** A probed operation's `peak` in words: the make-up at the largest sampled RSS (MB), and the host's. */
export function describePeak(p) {
  if (!p) return "not sampled";
  return (
    `rss ${p.rss} (anonymous ${p.rssAnon}, mapped files ${p.rssFile}), heap ${p.heapUsed} used of ${p.heapTotal} (young generation ${p.youngGen}), ` +
    `external ${p.external} (array buffers ${p.arrayBuffers}), in flight ${p.inFlight} (at most ${p.maxInFlight}); ` +
    `the peak reached ${p.peakAtS?.toFixed(1)} s after the process started; the host before loading any provider ${p.hostBeforeMb}, ` +
    `TypeScript loaded by then: ${p.hostTypescript ? "yes" : "no"}`
  );
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

const COLOURS = { preview: "#1f77b4", up: "#2ca02c", update: "#ff7f0e", destroy: "#d62728" };

/**
 * One panel of the plot: x is the number of jobs (log scale), `series` are lines of points
 * {count, value} with a colour and an optional dash, `guides` horizontal lines (goals).
 */
function panel({ x, y, w, h, title, counts, series, guides = [], logY = false, unit = "" }) {
  const m = { l: 52, r: 10, t: 24, b: 36 };
  const values = [...series.flatMap((s) => s.points.map((p) => p.value)), ...guides.map((g) => g.value)].filter(
    (v) => Number.isFinite(v) && (!logY || v > 0),
  );
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (logY) {
    lo = 10 ** Math.floor(Math.log10(lo));
    hi = 10 ** Math.ceil(Math.log10(hi));
  } else {
    const pad = (hi - lo) * 0.1 || Math.abs(hi) * 0.1 || 1;
    lo -= pad;
    hi += pad;
  }
  const fy = (v) => (logY ? Math.log10(v) : v);
  const lx = (c) => Math.log10(c);
  const x0 = lx(counts[0]);
  const x1 = counts.length > 1 ? lx(counts[counts.length - 1]) : x0 + 1;
  const X = (c) => x + m.l + ((lx(c) - x0) / (x1 - x0)) * (w - m.l - m.r);
  const Y = (v) => y + m.t + (1 - (fy(v) - fy(lo)) / (fy(hi) - fy(lo))) * (h - m.t - m.b);
  const parts = [
    `<text x="${x + m.l}" y="${y + 16}" font-size="13">${title}</text>`,
    `<line x1="${x + m.l}" y1="${y + h - m.b}" x2="${x + w - m.r}" y2="${y + h - m.b}" stroke="black"/>`,
    `<line x1="${x + m.l}" y1="${y + m.t}" x2="${x + m.l}" y2="${y + h - m.b}" stroke="black"/>`,
  ];
  const ticks = logY
    ? Array.from({ length: Math.round(Math.log10(hi / lo)) + 1 }, (_, i) => lo * 10 ** i)
    : Array.from({ length: 6 }, (_, i) => lo + ((hi - lo) * i) / 5);
  for (const v of ticks) {
    const label = logY ? String(v) : v.toFixed(hi - lo < 2 ? 2 : 0);
    parts.push(
      `<line x1="${x + m.l}" y1="${Y(v)}" x2="${x + w - m.r}" y2="${Y(v)}" stroke="#eee"/>`,
      `<text x="${x + m.l - 5}" y="${Y(v) + 4}" text-anchor="end">${label}${unit}</text>`,
    );
  }
  for (const c of counts) parts.push(`<text x="${X(c)}" y="${y + h - m.b + 16}" text-anchor="middle">${c}</text>`);
  parts.push(`<text x="${x + (m.l + w - m.r) / 2}" y="${y + h - 4}" text-anchor="middle">jobs (log scale)</text>`);
  for (const g of guides) {
    parts.push(
      `<line x1="${x + m.l}" y1="${Y(g.value)}" x2="${x + w - m.r}" y2="${Y(g.value)}" stroke="${g.colour ?? "#999"}" stroke-dasharray="4 3"/>`,
    );
    if (g.label)
      parts.push(
        `<text x="${x + w - m.r - 2}" y="${Y(g.value) - 3}" text-anchor="end" fill="${g.colour ?? "#666"}" font-size="11">${g.label}</text>`,
      );
  }
  for (const s of series) {
    const pts = s.points.filter((p) => Number.isFinite(p.value)).sort((a, b) => a.count - b.count);
    const dash = s.dashed ? ` stroke-dasharray="6 4"` : "";
    parts.push(
      `<polyline fill="none" stroke="${s.colour}" stroke-width="2"${dash} points="${pts.map((p) => `${X(p.count).toFixed(1)},${Y(p.value).toFixed(1)}`).join(" ")}"/>`,
    );
    for (const p of pts)
      parts.push(
        `<circle cx="${X(p.count).toFixed(1)}" cy="${Y(p.value).toFixed(1)}" r="3" fill="${s.dashed ? "white" : s.colour}" stroke="${s.colour}"/>`,
      );
  }
  return parts;
}

/**
 * The plot of figure 8, three panels against the number of jobs: the ratio ours/floor per
 * operation (with the goals at 100 jobs), the wall time per job (ours solid, the floor dashed),
 * and the provider process's peak RSS per operation (with the 150 MB goal).
 */
export function curveSvg(rows, { ratioGoals = { preview: 1.05, up: 1.2, update: 1.2, destroy: 1.2 }, rssGoalMb = 150 } = {}) {
  const counts = [...new Set(rows.map((r) => r.count))].sort((a, b) => a - b);
  const of = (op) => rows.filter((r) => r.op === op);
  const W = 1140;
  const H = 380;
  const pw = 360;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
  ];
  parts.push(
    ...panel({
      x: 0,
      y: 0,
      w: pw,
      h: H - 40,
      title: "ours / no-op floor (wall time)",
      counts,
      series: OPERATIONS.map((op) => ({ colour: COLOURS[op], points: of(op).map((r) => ({ count: r.count, value: r.ratio })) })),
      guides: [
        { value: 1, label: "1.00" },
        { value: ratioGoals.preview, colour: COLOURS.preview, label: "preview goal" },
        { value: ratioGoals.up, colour: "#555", label: "up, update, destroy goal" },
      ],
    }),
    ...panel({
      x: pw + 10,
      y: 0,
      w: pw,
      h: H - 40,
      title: "wall time per job (ms; floor dashed)",
      counts,
      logY: true,
      series: OPERATIONS.flatMap((op) => [
        { colour: COLOURS[op], points: of(op).map((r) => ({ count: r.count, value: r.ours / r.count })) },
        { colour: COLOURS[op], dashed: true, points: of(op).map((r) => ({ count: r.count, value: r.floor / r.count })) },
      ]),
    }),
    ...panel({
      x: 2 * (pw + 10),
      y: 0,
      w: pw,
      h: H - 40,
      title: "provider process peak RSS (MB; floor dashed)",
      counts,
      series: OPERATIONS.flatMap((op) => [
        { colour: COLOURS[op], points: of(op).map((r) => ({ count: r.count, value: r.oursRss })) },
        { colour: COLOURS[op], dashed: true, points: of(op).map((r) => ({ count: r.count, value: r.floorRss })) },
      ]),
      guides: [{ value: rssGoalMb, colour: "#d62728", label: `goal ${rssGoalMb} MB at 1000` }],
    }),
  );
  OPERATIONS.forEach((op, i) => {
    const lx = 60 + i * 110;
    parts.push(
      `<line x1="${lx}" y1="${H - 14}" x2="${lx + 22}" y2="${H - 14}" stroke="${COLOURS[op]}" stroke-width="2"/>`,
      `<text x="${lx + 27}" y="${H - 10}">${op}</text>`,
    );
  });
  parts.push(
    `<text x="${W - 10}" y="${H - 10}" text-anchor="end" fill="#555">bench/lib/curve.mjs; medians of ours/floor pairs; lower is better</text>`,
  );
  parts.push("</svg>");
  return parts.join("\n");
}
