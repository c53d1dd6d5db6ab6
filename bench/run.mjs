// npm run bench: the provider's cost next to the engine's, side by side in one run, and how
// soon a finished run is noticed. Prints a table with the goal beside each figure and writes
// it, with the machine, to bench/RESULTS.md. Figures are medians of several runs; ratios are
// taken pair by pair (ours and the floor back to back, order alternating) in the same run.
// Nothing here asserts a timing. BENCH_QUICK=1 runs one repetition of everything.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { log, median, requireFromRoot, ROOT, timed } from "./lib/common.mjs";
import { providerStartToFirstDiff } from "./lib/provider-start.mjs";
import { measureRunLatency, modelGaxDefaultPolling } from "./lib/run-latency.mjs";
import { measureLoggingCalls } from "./lib/run-logs.mjs";
import { measureQuickstartPaths } from "./lib/quickstart-paths.mjs";
import { costCurve, curveSvg, curveTable, describePeak } from "./lib/curve.mjs";
import { benchStack } from "./lib/stacks.mjs";
import { machineSpecifics, providerTextFromAnotherCheckout, resourcesOf, stateFigures } from "./lib/state.mjs";

const QUICK = process.env.BENCH_QUICK === "1";
const REPS = QUICK ? 1 : 5; // previews and refreshes of 100
const UP_REPS = QUICK ? 1 : 3; // ups creating 100
const BIG_REPS = QUICK ? 1 : 3; // previews of 300 (slow: fewer)
const START_REPS = QUICK ? 2 : 7; // provider cold starts
const LATENCY_REPS = QUICK ? 1 : 3;
const N = 100;
const BIG = 300;
// The cost curve (figure 8): sizes and pairs per size; 1,000 jobs (~20 min more) with BENCH_1000=1.
// One pair's ratio at 100 ranges over ±0.1 on this 2-core machine (bench/ANALYSIS.md), so the
// size the goals are read at gets 5 pairs.
const CURVE = [[10, QUICK ? 1 : 3], [100, QUICK ? 1 : 5], ...(process.env.BENCH_1000 === "1" ? [[1000, 1]] : [])];
const RATIO_GOALS = { preview: 1.05, up: 1.2, update: 1.2, destroy: 1.2 };
const RSS_GOAL_MB = 150;
const IMPL_LOAD_GOAL_MS = 40;
const PER_CREATE_GOAL_MS = 1;

const { startEmulator } = requireFromRoot("./dist/emulator");
const started = Date.now();
const rows = [];
const notes = [];

function row(figure, ours, floor, ratio, goal, met) {
  rows.push({ figure, ours, floor, ratio, goal, met: met === undefined ? "–" : met ? "yes" : "**no**" });
}
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const r2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : "–");

/**
 * Runs fn; when it fails, says so in the notes and runs it once more. Other engineers' test
 * runs share this machine, and a provider process can die under them (seen: "connection reset
 * by peer" from the engine mid-refresh); one failure must not lose the whole run.
 */
async function retryOnce(label, fn) {
  try {
    return await fn();
  } catch (err) {
    const first =
      String(err?.message ?? err)
        .split("\n")
        .find((l) => /error:/.test(l)) ?? String(err).slice(0, 200);
    log(`${label} failed (${first.trim()}); running it again`);
    notes.push(`${label} failed once and was run again: ${first.trim()}`);
    return fn();
  }
}

/** Pairs of (ours, floor) timings, alternating which goes first; returns medians and the median ratio. */
async function pairs(reps, ours, floor) {
  const o = [];
  const f = [];
  const ratios = [];
  for (let i = 0; i < reps; i++) {
    let a;
    let b;
    const runOurs = () => retryOnce(`ours, run ${i + 1}`, () => ours(i));
    const runFloor = () => retryOnce(`floor, run ${i + 1}`, () => floor(i));
    if (i % 2 === 0) {
      a = await runOurs();
      b = await runFloor();
    } else {
      b = await runFloor();
      a = await runOurs();
    }
    o.push(a);
    f.push(b);
    ratios.push(a / b);
  }
  return { ours: median(o), floor: median(f), ratio: median(ratios), oursAll: o, floorAll: f, ratios };
}

function machine() {
  let pulumi = "?";
  try {
    pulumi = execFileSync("pulumi", ["version"], { encoding: "utf8" }).trim();
  } catch {
    /* not on PATH */
  }
  let commit = "?";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
  } catch {
    /* not a checkout */
  }
  return {
    date: new Date().toISOString(),
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "?"}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    pulumi,
    commit,
    "load average at start (1/5/15 min)": os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(" / "),
  };
}

async function engineFigures(emulator) {
  const calls = emulator.calls;
  // ---- Figure 2: up creating N jobs, ours vs floor, fresh stacks each time.
  log(`figure 2: up creating ${N} jobs, ${UP_REPS} pairs`);
  const kept = {};
  const createCalls = [];
  // CPU of this process (the inline program, the Automation API and the in-process emulator)
  // per up: what serving the API calls costs here, on the same two cores as the provider.
  const hereCpu = { ours: [], noop: [] };
  const cpuMs = (c) => (c.user + c.system) / 1000;
  const up = await pairs(
    UP_REPS,
    async (i) => {
      const st = await benchStack("ours", N, { emulatorHost: emulator.address, project: `bench-up-${i}-${fresh++}` });
      calls.reset();
      const c0 = process.cpuUsage();
      const { ms, result } = await timed(() => st.stack.up());
      hereCpu.ours.push(cpuMs(process.cpuUsage(c0)));
      if (result.summary.resourceChanges?.create !== N + 1) throw new Error(`up created ${JSON.stringify(result.summary.resourceChanges)}`);
      createCalls.push(calls.snapshot());
      if (i === 0) kept.ours = st;
      else await st.cleanup();
      return ms;
    },
    async (i) => {
      const st = await benchStack("noop", N, { emulatorHost: emulator.address, project: `bench-up-${i}-${fresh++}` });
      const c0 = process.cpuUsage();
      const { ms } = await timed(() => st.stack.up());
      hereCpu.noop.push(cpuMs(process.cpuUsage(c0)));
      if (i === 0) kept.noop = st;
      else await st.cleanup();
      return ms;
    },
  );
  row(`2. up creating ${N} Jobs (emulator, instant operations)`, s(up.ours), s(up.floor), r2(up.ratio), "≤ 1.20", up.ratio <= 1.2);
  notes.push(
    `Figure 2: CPU of the bench process (inline program + Automation API + the in-process emulator serving the calls) per up, median: ours ${Math.round(median(hereCpu.ours))} ms, floor ${Math.round(median(hereCpu.noop))} ms; the difference is mostly the emulator handling ${N} CreateJob calls, which Cloud Run would do on its side.`,
  );

  // ---- Figure 4: the state.
  log("figure 4: state");
  const ourState = stateFigures(await kept.ours.stack.exportStack(), ":Job");
  const noopState = stateFigures(await kept.noop.stack.exportStack(), ":Noop");
  const leaks = machineSpecifics(ourState.providerText);
  let otherCheckout = "not checked";
  try {
    otherCheckout = providerTextFromAnotherCheckout() === ourState.providerText ? "identical" : "DIFFERENT";
  } catch (err) {
    otherCheckout = `failed: ${err.message}`;
  }
  const identical = ourState.distinctProviders === 1 && leaks.length === 0 && otherCheckout === "identical";
  row(
    "4a. `__provider` bytes per resource (one copy; stored in inputs and outputs)",
    `${ourState.providerBytes} B`,
    `${noopState.providerBytes} B`,
    r2(ourState.providerBytes / noopState.providerBytes),
    "≤ 2048 B, identical everywhere",
    ourState.providerBytes <= 2048 && identical,
  );
  row(
    "4b. state bytes per job (whole resource entry)",
    `${Math.round(ourState.stateBytesPerResource)} B`,
    `${Math.round(noopState.stateBytesPerResource)} B`,
    r2(ourState.stateBytesPerResource / noopState.stateBytesPerResource),
    "(reported)",
  );
  notes.push(
    `Figure 4: ${ourState.distinctProviders} distinct \`__provider\` text(s) across ${ourState.count} jobs; local paths, home, host or user names in it: ${leaks.length ? leaks.join(", ") : "none"}; serialized again from a copy of the package in another folder by a fresh process: ${otherCheckout}. Whole state: ${ourState.stateBytesTotal} B for ${N} jobs (floor ${noopState.stateBytesTotal} B).`,
  );
  const sample = {
    ours: resourcesOf(await kept.ours.stack.exportStack(), ":Job")[0],
    noop: resourcesOf(await kept.noop.stack.exportStack(), ":Noop")[0],
  };

  // ---- Figure 1 (100) and figure 7 (preview without refresh).
  log(`figure 1: preview of ${N}, ${REPS} pairs`);
  const previewCalls = [];
  const previewOf = (st, record) => async () => {
    calls.reset();
    const { ms, result } = await timed(() => st.stack.preview());
    if (result.changeSummary?.same !== st.count + 1) throw new Error(`preview saw changes: ${JSON.stringify(result.changeSummary)}`);
    if (record) previewCalls.push(calls.count("*"));
    return ms;
  };
  const pv = await pairs(REPS, previewOf(kept.ours, true), previewOf(kept.noop, false));
  row(`1a. preview, ${N} Jobs, no changes`, s(pv.ours), s(pv.floor), r2(pv.ratio), "≤ 1.05", pv.ratio <= 1.05);

  // ---- Figure 7: up with no changes.
  log("figure 7: up with no changes");
  calls.reset();
  const same = await retryOnce("up with no changes", () => timed(() => kept.ours.stack.up()));
  const upSameCalls = calls.count("*");
  const sameFloor = await timed(() => kept.noop.stack.up());

  // ---- Figure 3: refresh.
  log(`figure 3: refresh of ${N}, ${REPS} pairs`);
  const refreshCalls = [];
  const rf = await pairs(
    REPS,
    async () => {
      calls.reset();
      const { ms, result } = await timed(() => kept.ours.stack.refresh());
      if (result.summary.resourceChanges?.same !== N + 1)
        throw new Error(`refresh changed: ${JSON.stringify(result.summary.resourceChanges)}`);
      refreshCalls.push(calls.snapshot());
      return ms;
    },
    async () => (await timed(() => kept.noop.stack.refresh())).ms,
  );
  const refreshPerJob = median(refreshCalls.map((c) => Object.values(c).reduce((a, b) => a + b, 0) / N));
  const refreshGetJob = median(refreshCalls.map((c) => (c["Jobs.GetJob"] ?? 0) / N));
  row(
    `3a. refresh, ${N} Jobs: API calls per resource`,
    `${r2(refreshPerJob)} (GetJob ${r2(refreshGetJob)})`,
    "0",
    "–",
    "1 GetJob",
    refreshPerJob === 1 && refreshGetJob === 1,
  );
  row(`3b. refresh, ${N} Jobs: time`, s(rf.ours), s(rf.floor), r2(rf.ratio), "(vs floor)");

  // ---- Figure 7: update.
  log("figure 7: update all jobs");
  kept.ours.state.label = "b";
  kept.noop.state.label = "b";
  calls.reset();
  const upd = await retryOnce("up updating 100", () => timed(() => kept.ours.stack.up()));
  if (upd.result.summary.resourceChanges?.update !== N) throw new Error(`update: ${JSON.stringify(upd.result.summary.resourceChanges)}`);
  const updateCalls = calls.snapshot();
  const updFloor = await timed(() => kept.noop.stack.up());

  const c0 = createCalls[0] ?? {};
  const createOther = Object.entries(c0)
    .filter(([k]) => k !== "Jobs.CreateJob")
    .reduce((a, [, v]) => a + v, 0);
  const updateOther = Object.entries(updateCalls)
    .filter(([k]) => k !== "Jobs.UpdateJob")
    .reduce((a, [, v]) => a + v, 0);
  const pvCalls = Math.max(...previewCalls);
  row("7a. API calls: preview without refresh (all 100 jobs)", String(pvCalls), "0", "–", "0", pvCalls === 0);
  // Figure 7a with the second resource: previews of Jobs with JobRuns make no call either, when
  // nothing changed and when a changed trigger plans a new run (issue 30).
  log("figure 7a: previews with JobRuns");
  const RUNS = 10;
  const runs = await benchStack("runs", RUNS, { emulatorHost: emulator.address, project: `bench-runs-${fresh++}` });
  await runs.stack.up();
  calls.reset();
  const runsSame = await runs.stack.preview();
  const runsSameCalls = calls.count("*");
  runs.state.trigger = "t2";
  calls.reset();
  const runsReplace = await runs.stack.preview();
  const runsReplaceCalls = calls.count("*");
  await runs.stack.destroy();
  await runs.cleanup();
  const planned = runsSame.changeSummary?.same === 2 * RUNS + 1 && runsReplace.changeSummary?.replace === RUNS;
  row(
    `7a'. API calls: preview of ${RUNS} Jobs + ${RUNS} JobRuns, unchanged / a trigger changed`,
    `${runsSameCalls} / ${runsReplaceCalls}`,
    "0",
    "–",
    "0 / 0",
    runsSameCalls === 0 && runsReplaceCalls === 0 && planned,
  );
  row("7b. API calls: up with no changes (all 100 jobs)", String(upSameCalls), "0", "–", "0", upSameCalls === 0);
  row(
    "7c. API calls per create",
    `${r2((c0["Jobs.CreateJob"] ?? 0) / N)} CreateJob + ${r2(createOther / N)} polls`,
    "–",
    "–",
    "1 CreateJob + polls",
    (c0["Jobs.CreateJob"] ?? 0) === N,
  );
  row(
    "7d. API calls per update",
    `${r2((updateCalls["Jobs.UpdateJob"] ?? 0) / N)} UpdateJob + ${r2(updateOther / N)} other`,
    "–",
    "–",
    "1 UpdateJob + polls",
    (updateCalls["Jobs.UpdateJob"] ?? 0) === N,
  );
  notes.push(
    `Figure 7: calls at the emulator — create (${N} jobs): ${JSON.stringify(c0)}; update (${N} jobs): ${JSON.stringify(updateCalls)}; refresh (${N} jobs): ${JSON.stringify(refreshCalls[0])}. ` +
      `Also timed once: up with no changes ${s(same.ms)} vs floor ${s(sameFloor.ms)} (${r2(same.ms / sameFloor.ms)}); up updating ${N} jobs ${s(upd.ms)} vs floor ${s(updFloor.ms)} (${r2(upd.ms / updFloor.ms)}).`,
  );
  notes.push(
    `Figures 1–3, every run (ms): preview ours ${fmtAll(pv.oursAll)}, floor ${fmtAll(pv.floorAll)}; up ours ${fmtAll(up.oursAll)}, floor ${fmtAll(up.floorAll)}; refresh ours ${fmtAll(rf.oursAll)}, floor ${fmtAll(rf.floorAll)}.`,
  );
  await kept.ours.cleanup();
  await kept.noop.cleanup();

  // ---- Figure 1 (300).
  log(`figure 1: preview of ${BIG}, ${BIG_REPS} pairs (after one up each)`);
  const bigOurs = await benchStack("ours", BIG, { emulatorHost: emulator.address, project: "bench-big" });
  const bigNoop = await benchStack("noop", BIG, { emulatorHost: emulator.address, project: "bench-big" });
  try {
    const bigUpOurs = await retryOnce(`up creating ${BIG}`, () => timed(() => bigOurs.stack.up()));
    const bigUpNoop = await retryOnce(`floor up creating ${BIG}`, () => timed(() => bigNoop.stack.up()));
    const big = await pairs(BIG_REPS, previewOf(bigOurs, true), previewOf(bigNoop, false));
    row(`1b. preview, ${BIG} Jobs, no changes`, s(big.ours), s(big.floor), r2(big.ratio), "≤ 1.05", big.ratio <= 1.05);
    notes.push(
      `Figure 1b: preview of ${BIG}, every run (ms): ours ${fmtAll(big.oursAll)}, floor ${fmtAll(big.floorAll)}; the one up creating ${BIG}: ${s(bigUpOurs.ms)} vs floor ${s(bigUpNoop.ms)} (${r2(bigUpOurs.ms / bigUpNoop.ms)}).`,
    );
  } finally {
    await bigOurs.cleanup();
    await bigNoop.cleanup();
  }
  return sample;
}

let fresh = 0;
const fmtAll = (xs) => xs.map((x) => Math.round(x)).join(", ");

async function startFigure(sample, emulator) {
  log(`figure 5: provider process start to first answered Diff, ${START_REPS} pairs`);
  const config = { "gcp:project": "bench-up-0", "gcp:region": "europe-west1" };
  const one = (res) => async () => (await providerStartToFirstDiff(res, { emulatorHost: emulator.address, config })).ms;
  const st = await pairs(START_REPS, one(sample.ours), one(sample.noop));
  row(
    "5. provider process start → first answered Diff",
    `${Math.round(st.ours)} ms`,
    `${Math.round(st.floor)} ms`,
    r2(st.ratio),
    "≈ bare (Google client not loaded)",
    undefined,
  );
  const loads = [];
  for (let i = 0; i < 3; i++)
    loads.push(
      JSON.parse(execFileSync(process.execPath, [path.join(ROOT, "bench", "lib", "impl-load.cjs")], { cwd: ROOT, encoding: "utf8" })),
    );
  const load = loads[loads.length - 1];
  notes.push(
    `Figure 5, every run (ms): ours ${fmtAll(st.oursAll)}; bare ${fmtAll(st.floorAll)}. In a fresh node process (bench/lib/impl-load.cjs, median of 3): require of the implementation ${Math.round(median(loads.map((l) => l.requireMs)))} ms, first check + diff ${Math.round(median(loads.map((l) => l.firstMs)))} ms, 100 more check + diff ${Math.round(median(loads.map((l) => l.hundredMs)))} ms; Google client loaded by then: ${load.googleClientLoaded ? "YES" : "no"}; modules loaded by package: ${JSON.stringify(load.packages)}.`,
  );
  const pieces = [
    "package in a program (after @pulumi/pulumi)",
    "implementation (the bundle the provider process loads)",
    "implementation unbundled (tsc output, as before)",
    "zod (CommonJS entry, every locale)",
    "Google client as the gateway makes it (JobsClient)",
    "Google client, JobsClient with its own gax (before lean-gax.ts)",
    "Google client through the package index, both clients (as before)",
  ];
  const medians = {};
  const costs = pieces.map((piece) => {
    const runs = [];
    for (let i = 0; i < 5; i++)
      runs.push(
        JSON.parse(
          execFileSync(process.execPath, [path.join(ROOT, "bench", "lib", "load-costs.cjs"), piece], { cwd: ROOT, encoding: "utf8" }),
        ),
      );
    medians[piece] = median(runs.map((r) => r.cpuMs));
    return `${piece} ${Math.round(medians[piece])} ms (${runs[0].modules} modules)`;
  });
  notes.push(`Load costs, CPU time in a fresh process, median of 5 (bench/lib/load-costs.cjs): ${costs.join("; ")}.`);
  const implMs = medians[pieces[1]];
  row(
    "9. implementation load: CPU of requiring the bundle the provider process loads (fresh process, median of 5)",
    `${Math.round(implMs)} ms`,
    `${Math.round(medians[pieces[2]])} ms (unbundled)`,
    "–",
    `≤ ${IMPL_LOAD_GOAL_MS} ms`,
    implMs <= IMPL_LOAD_GOAL_MS,
  );
  createCostFigure();
  return st;
}

/**
 * Figure 10: CPU per create in one warm process (bench/create-cost.mjs), through the provider
 * (check + create, outputs included) and through a bare JobsClient (createJob + the operation's
 * promise), against the same in-process emulator; the median of 3 processes of 200 creates.
 */
function createCostFigure() {
  log("figure 10: CPU per create, provider against the bare client");
  const runs = [];
  for (let i = 0; i < 3; i++) {
    const out = execFileSync(process.execPath, [path.join(ROOT, "bench", "create-cost.mjs"), "200"], { cwd: ROOT, encoding: "utf8" });
    runs.push(JSON.parse(out.trim().split("\n").pop()).cpuMsPerCreate);
  }
  const gap = median(runs.map((r) => r.provider - r.bare));
  row(
    "10. CPU per create above the bare client (one warm process, 200 creates, median of 3)",
    `${median(runs.map((r) => r.provider)).toFixed(2)} ms`,
    `${median(runs.map((r) => r.bare)).toFixed(2)} ms (bare JobsClient)`,
    "–",
    `≤ +${PER_CREATE_GOAL_MS} ms`,
    gap <= PER_CREATE_GOAL_MS,
  );
  notes.push(
    `Figure 10, every process (ms of CPU per create: provider / gateway / bare): ${runs.map((r) => `${r.provider} / ${r.gateway} / ${r.bare}`).join("; ")}; gap above bare ${gap.toFixed(2)} ms. Both include the in-process emulator serving the call.`,
  );
}

async function latencyFigures() {
  const cases = [
    { label: "5 s", durationMs: 5_000, speed: 1 },
    { label: "60 s", durationMs: 60_000, speed: 1 },
    { label: "10 min (clock ×60)", durationMs: 600_000, speed: 60 },
  ];
  for (const c of cases) {
    log(`figure 6: run of ${c.label}, ${LATENCY_REPS} runs each side at once`);
    const m = await measureRunLatency({ durationMs: c.durationMs, speed: c.speed, reps: LATENCY_REPS });
    const ourLag = median(m.ours.lags);
    const baseLag = median(m.baseline.lags);
    row(
      `6. run of ${c.label}: completion → return`,
      `${Math.round(ourLag)} ms`,
      `${Math.round(baseLag)} ms (gax default)`,
      r2(ourLag / baseLag),
      "≤ 1000 ms",
      ourLag <= 1000,
    );
    row(
      `6. run of ${c.label}: API calls in the busiest minute of the wait`,
      r2(m.ours.busiestMinute),
      `${r2(m.baseline.busiestMinute)} (gax default)`,
      r2(m.ours.busiestMinute / m.baseline.busiestMinute),
      "≤ 12",
      m.ours.busiestMinute <= 12,
    );
    const model = modelGaxDefaultPolling(c.durationMs);
    notes.push(
      `Figure 6, ${c.label}: lags ours ${fmtAll(m.ours.lags)} ms, gax default ${fmtAll(m.baseline.lags)} ms; waits ${m.ours.waitSeconds.map((x) => x.toFixed(1)).join(", ")} s; mean calls per minute of waiting ours ${r2(m.ours.meanPerMinute)}, gax default ${r2(m.baseline.meanPerMinute)}; calls ours ${JSON.stringify(m.ours.calls)}, gax default ${JSON.stringify(m.baseline.calls)}. ` +
        `gax default schedule in real time (model, RPC time ignored): lag ${Math.round(model.lagMs)} ms, ${r2(model.callsPerMinute)} calls/min.`,
    );
  }
}

async function curveFigures(emulator) {
  log(`figure 8: the cost curve at ${CURVE.map(([n]) => n).join(", ")} jobs`);
  const curve = await costCurve(emulator, CURVE, { retry: retryOnce });
  writeFileSync(path.join(ROOT, "bench", "curve.svg"), curveSvg(curve, { ratioGoals: RATIO_GOALS, rssGoalMb: RSS_GOAL_MB }));
  const at = (n, op) => curve.find((r) => r.count === n && r.op === op);
  for (const op of Object.keys(RATIO_GOALS)) {
    const r = at(N, op);
    if (r)
      row(
        `8. ${op}, ${N} Jobs (curve run)`,
        s(r.ours),
        s(r.floor),
        r2(r.ratio),
        `≤ ${RATIO_GOALS[op].toFixed(2)}`,
        r.ratio <= RATIO_GOALS[op],
      );
  }
  notes.push(
    `Figure 8, the ratio of every pair (${N} jobs): ` +
      Object.keys(RATIO_GOALS)
        .map((op) => `${op} ${at(N, op)?.pairRatios.map(r2).join(", ")}`)
        .join("; ") +
      ".",
  );
  const sizes = CURVE.map(([n]) => n);
  const [small, large] = [sizes[0], sizes[sizes.length - 1]];
  for (const op of Object.keys(RATIO_GOALS)) {
    const a = at(small, op);
    const b = at(large, op);
    // "Does not grow": within 0.05 of the smallest size's ratio (pair-to-pair noise here is about that).
    row(
      `8. ${op}: ratio at ${small} → ${large} jobs`,
      `${r2(a.ratio)} → ${r2(b.ratio)}`,
      "–",
      "–",
      "does not grow (≤ +0.05)",
      b.ratio <= a.ratio + 0.05,
    );
  }
  const top = curve.filter((r) => r.count === large);
  const peak = Math.max(...top.map((r) => r.oursRss));
  row(
    `8. provider peak RSS at ${large} jobs`,
    `${Math.round(peak)} MB`,
    `${Math.round(Math.max(...top.map((r) => r.floorRss)))} MB`,
    "–",
    `≤ ${RSS_GOAL_MB} MB at 1000`,
    large === 1000 ? peak <= RSS_GOAL_MB : undefined,
  );
  // Over the floor: what this provider adds to Pulumi's host, the part of the peak it can answer for.
  const over = Math.max(...top.map((r) => r.oursRss - r.floorRss));
  row(
    `8. provider peak RSS over the floor at ${large} jobs (largest of the four operations)`,
    `+${Math.round(over)} MB`,
    "–",
    "–",
    "– (reported)",
    undefined,
  );
  notes.push(
    `Figure 8, provider memory at ${large} jobs, per operation: peak RSS (getrusage maxRSS) ours / floor, and the make-up at the largest RSS the probe sampled (every 50 ms, MB): ` +
      top
        .map(
          (r) =>
            `${r.op} ${Math.round(r.oursRss)} / ${Math.round(r.floorRss)} MB (ours: ${describePeak(r.oursPeak)}; floor: ${describePeak(r.floorPeak)})`,
        )
        .join("; ") +
      ".",
  );
  // Figure 9 again, inside the real host: the probe times the provider process's own require of
  // the implementation (after @pulumi/pulumi and gRPC are loaded), in every preview of the curve.
  const previews = curve.filter((r) => r.op === "preview");
  const inHost = median(previews.map((r) => r.oursImplLoadMs));
  row(
    "9b. implementation load inside the provider process (the probe, the curve's previews, median)",
    `${Math.round(inHost)} ms`,
    `${median(previews.map((r) => r.floorImplLoadMs)).toFixed(1)} ms (floor's implementation)`,
    "–",
    `≤ ${IMPL_LOAD_GOAL_MS} ms`,
    inHost <= IMPL_LOAD_GOAL_MS,
  );
  notes.push(
    `Figure 9b, CPU of the implementation's require in the provider process, per preview size (ms, ours / floor): ${previews.map((r) => `${r.count}: ${r.oursImplLoadMs.toFixed(1)} / ${r.floorImplLoadMs.toFixed(1)}`).join("; ")}.`,
  );
  return curve;
}

/** Figure 11: calls to Cloud Logging (issue 28), on the real engine against an emulator running tasks (lib/run-logs.mjs). */
async function loggingFigure() {
  log("figure 11: calls to Cloud Logging");
  const c = await retryOnce("the Logging figure", measureLoggingCalls);
  const none = c.preview + c.unchanged + c.success;
  row(
    "11. Cloud Logging calls: preview / unchanged up / up whose run succeeds",
    `${c.preview} / ${c.unchanged} / ${c.success}`,
    "–",
    "–",
    "0 / 0 / 0",
    none === 0,
  );
  const perTask = c.failed / c.failedTasks;
  row(`11. Cloud Logging calls per failed task (a run whose ${c.failedTasks} tasks fail)`, r2(perTask), "–", "–", "≤ 2", perTask <= 2);
  notes.push(`Figure 11, every call at the emulator over the four steps: ${JSON.stringify(c.all)}.`);
}

/**
 * Figure 12: `pulumi up` of examples/quickstart through the `pulumi` CLI (its language host runs
 * index.ts through ts-node) vs the same job through the Automation API, and the CLI's `up`
 * against a closed emulator port, which fails at its preview (issue 26: under 5 s).
 */
async function quickstartFigure() {
  log(`figure 12: the quickstart through the CLI and the Automation API, ${UP_REPS} reps`);
  const q = await retryOnce("the quickstart figure", () => measureQuickstartPaths(UP_REPS));
  row(
    "12. quickstart `pulumi up` creating its job: CLI / Automation API",
    s(q.cli.create),
    s(q.automation.create),
    r2(q.cli.create / q.automation.create),
    "(reported)",
  );
  row(
    "12. quickstart `pulumi up` with no changes: CLI / Automation API",
    s(q.cli.same),
    s(q.automation.same),
    r2(q.cli.same / q.automation.same),
    "(reported)",
  );
  row(
    "12. `pulumi up --yes` (CLI) with CLOUD_RUN_EMULATOR_HOST at a closed port: fails",
    s(q.cli.closed),
    "–",
    "–",
    "< 5 s",
    q.cli.closed < 5000,
  );
}

function table() {
  const head = ["figure", "ours", "floor / baseline", "ratio", "goal", "met?"];
  const lines = [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`];
  for (const r of rows) lines.push(`| ${[r.figure, r.ours, r.floor, r.ratio, r.goal, r.met].join(" | ")} |`);
  return lines.join("\n");
}

async function main() {
  const m = machine();
  log(`machine: ${JSON.stringify(m)}`);
  const emulator = await startEmulator({ quiet: true });
  let sample;
  let curve = [];
  try {
    sample = await engineFigures(emulator);
    await startFigure(sample, emulator);
    curve = await curveFigures(emulator);
  } finally {
    await emulator.stop();
  }
  await latencyFigures();
  await loggingFigure();
  await quickstartFigure();
  const took = ((Date.now() - started) / 60_000).toFixed(1);
  const text = [
    "# Benchmark results",
    "",
    `Written by \`npm run bench\` (bench/run.mjs) in ${took} min${QUICK ? " (BENCH_QUICK: one repetition each, not medians)" : ""}. How each figure is measured: bench/README.md.`,
    "",
    "## Machine",
    "",
    ...Object.entries(m).map(([k, v]) => `- ${k}: ${v}`),
    "",
    `Load average at the end: ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(
        " / ",
      )}. The machine may be shared with other test runs; every ratio is taken pair by pair, so both sides of a pair saw much the same load.`,
    "",
    "## Figures",
    "",
    `Medians: ${REPS} pairs for previews and refreshes of ${N}, ${UP_REPS} for ups creating ${N}, ${BIG_REPS} for previews of ${BIG}, ${START_REPS} cold starts, ${LATENCY_REPS} runs per execution length. Ratios are medians of per-pair ratios.`,
    "",
    table(),
    "",
    "## The cost curve (figure 8)",
    "",
    `Every operation at each size, ours and the floor (pairs per size: ${CURVE.map(([n, r]) => `${n}: ${r}`).join(", ")}); ratio = median of per-pair ratios; RSS = the highest peak resident set of any dynamic-provider process during the operation.`,
    "",
    curveTable(curve),
    "",
    "![ratio ours/floor by number of jobs](curve.svg)",
    "",
    "## Details",
    "",
    ...notes.map((n) => `- ${n}`),
    "",
    // The hand-written reading of the figures and profiles (what misses, why, what would fix it).
    ...(existsSync(path.join(ROOT, "bench", "ANALYSIS.md")) ? [readFileSync(path.join(ROOT, "bench", "ANALYSIS.md"), "utf8")] : []),
  ].join("\n");
  writeFileSync(path.join(ROOT, "bench", "RESULTS.md"), text);
  process.stdout.write(`\n${table()}\n\n${notes.map((n) => `- ${n}`).join("\n")}\n\nwritten to bench/RESULTS.md (${took} min)\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
