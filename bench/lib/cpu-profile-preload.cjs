// Preloaded into the dynamic-provider host (NODE_OPTIONS=--require) by bench/profile.mjs.
// `--cpu-prof` writes nothing there: the engine kills the provider process at the end of an
// operation. So this samples with the inspector in one-second chunks, each written as a
// .cpuprofile into $CRJ_PROF_DIR; the last, mostly idle, second may be lost.
"use strict";
if (process.env.CRJ_PROF_DIR && process.argv.some((a) => a.includes("dynamic-provider"))) {
  const inspector = require("node:inspector");
  const fs = require("node:fs");
  const path = require("node:path");
  const session = new inspector.Session();
  session.connect();
  let chunk = 0;
  const startProfiling = () => {
    session.post("Profiler.enable", () => session.post("Profiler.setSamplingInterval", { interval: 500 }, () => session.post("Profiler.start")));
  };
  const flush = (then) =>
    session.post("Profiler.stop", (err, res) => {
      if (!err && res?.profile) {
        fs.writeFileSync(path.join(process.env.CRJ_PROF_DIR, `provider-${process.pid}-${String(chunk++).padStart(4, "0")}.cpuprofile`), JSON.stringify(res.profile));
      }
      then?.();
    });
  startProfiling();
  const timer = setInterval(() => flush(startProfiling), 1000);
  timer.unref();
  process.once("SIGTERM", () => flush(() => process.exit(0)));
  process.once("SIGINT", () => flush(() => process.exit(0)));
}
