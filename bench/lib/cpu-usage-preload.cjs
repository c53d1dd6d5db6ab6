// Preloaded into the dynamic-provider host (NODE_OPTIONS=--require) by bench/cpu-split.mjs:
// keeps $CRJ_CPU_DIR/<pid>.json up to date with the process's CPU time, so the bench can
// split an operation's CPU between the engine, the provider process and the program even
// though the engine kills the provider at the end.
"use strict";
if (process.env.CRJ_CPU_DIR && process.argv.some((a) => a.includes("dynamic-provider"))) {
  const fs = require("node:fs");
  const path = require("node:path");
  const file = path.join(process.env.CRJ_CPU_DIR, `${process.pid}.json`);
  const write = () => {
    const u = process.cpuUsage();
    fs.writeFileSync(file, JSON.stringify({ ms: (u.user + u.system) / 1000, uptimeMs: process.uptime() * 1000 }));
  };
  setInterval(write, 50).unref();
  for (const sig of ["SIGINT", "SIGTERM"]) process.once(sig, () => { write(); process.exit(0); });
  process.once("exit", write);
}
