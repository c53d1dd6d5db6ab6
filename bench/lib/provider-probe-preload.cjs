// Preloaded into the dynamic-provider host (NODE_OPTIONS=--require) by bench/timeline.mjs and
// bench/cpu-split.mjs: records when the process started, when the implementation (ours or the
// floor's) was loaded, the first and last check and diff it answered, and its CPU time (`ms`),
// into $CRJ_PROBE_DIR/<pid>.json (rewritten every 50 ms: the engine kills the provider at the
// end of an operation), the CPU its require of the implementation took (`implLoadCpuMs`), and its
// peak resident set so far (`maxRssKb`, for bench/lib/curve.mjs) with the heap's make-up at the
// largest sampled resident set (`peak`).
"use strict";
if (process.env.CRJ_PROBE_DIR && process.argv.some((a) => a.includes("dynamic-provider"))) {
  const fs = require("node:fs");
  const path = require("node:path");
  const Module = require("node:module");
  const v8 = require("node:v8");
  const t = { start: Date.now() - process.uptime() * 1000 };
  const file = path.join(process.env.CRJ_PROBE_DIR, `${process.pid}.json`);
  /** Bytes (or, with `unit` 1024, kB) as MB with one decimal. */
  const mb = (n, unit = 1) => Math.round((n * unit) / 104857.6) / 10;
  const cpuMs = (usage) => (usage.user + usage.system) / 1000;
  const write = () => {
    t.ms = cpuMs(process.cpuUsage());
    const maxRssKb = process.resourceUsage().maxRSS;
    // When the peak was last raised, in ms since start: a peak above every sampled RSS was a
    // spike shorter than the 50 ms between samples, and this says when it came.
    if (maxRssKb > (t.maxRssKb ?? 0)) t.maxRssRaisedAtMs = Date.now() - t.start;
    t.maxRssKb = maxRssKb;
    // What the resident set held when it was largest (V8 heap, external, array buffers), in MB.
    const m = process.memoryUsage();
    if (!t.peak || mb(m.rss) > t.peak.rss) {
      // The resident set split as the kernel counts it (anonymous memory vs pages of mapped
      // files such as the node binary), and V8's young generation, which grows with churn.
      const status = fs.readFileSync("/proc/self/status", "utf8");
      const statusMb = (key) => mb(Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN), 1024);
      const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space");
      t.peak = {
        rss: mb(m.rss),
        rssAnon: statusMb("RssAnon"),
        rssFile: statusMb("RssFile"),
        heapTotal: mb(m.heapTotal),
        heapUsed: mb(m.heapUsed),
        youngGen: mb(young?.physical_space_size ?? NaN),
        external: mb(m.external),
        arrayBuffers: mb(m.arrayBuffers),
        inFlight: t.inFlight,
      };
    }
    fs.writeFileSync(file, JSON.stringify(t));
  };
  const load = Module._load;
  Module._load = function (request, ...rest) {
    const first = (request.endsWith("/impl") || request.endsWith("noop/impl.js")) && !t.implLoaded;
    const before = first ? process.cpuUsage() : undefined;
    if (first) {
      // What Pulumi's host holds before any provider code runs, and whether that includes a
      // TypeScript compiler (its runtime's closure serializer loads one, ~49 MB of the RSS of
      // figure 8: the SDK's runtime requires its typescript shim).
      t.rssBeforeImplMb = mb(process.memoryUsage().rss);
      t.hostLoadedTypescript = Object.keys(require.cache).some((f) => /[\\/]typescript(@[^\\/]+)?[\\/].*typescript\.js$/.test(f));
    }
    const m = load.call(this, request, ...rest);
    if (first) {
      t.implLoaded = Date.now();
      // CPU of requiring the implementation here, in the real host (issue 15's load goal).
      t.implLoadCpuMs = cpuMs(process.cpuUsage(before));
      // check and diff: when the first and the last answer came; create, update and delete:
      // how many the engine has in this process at once.
      const stamped =
        (fn, inner) =>
        async (...args) => {
          t[`${fn}First`] ??= Date.now();
          const result = await inner(...args);
          t[`${fn}Last`] = Date.now();
          return result;
        };
      const counted =
        (inner) =>
        async (...args) => {
          t.maxInFlight = Math.max(t.maxInFlight, ++t.inFlight);
          try {
            return await inner(...args);
          } finally {
            t.inFlight--;
          }
        };
      t.inFlight = 0;
      t.maxInFlight = 0;
      for (const fn of ["check", "diff"]) m[fn] = stamped(fn, m[fn]);
      for (const fn of ["create", "update", "delete"]) m[fn] = counted(m[fn]);
    }
    return m;
  };
  setInterval(write, 50).unref();
  for (const sig of ["SIGINT", "SIGTERM"]) {
    process.once(sig, () => {
      write();
      process.exit(0);
    });
  }
  process.once("exit", write);
}
