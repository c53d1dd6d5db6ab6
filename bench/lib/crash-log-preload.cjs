// Preloaded into the dynamic-provider host (NODE_OPTIONS=--require) by bench/repro-refresh.mjs:
// appends to $CRJ_CRASH_LOG why the process ends (an uncaught error, a rejection, a signal,
// an exit code), since the engine reports only "connection reset by peer".
"use strict";
if (process.env.CRJ_CRASH_LOG && process.argv.some((a) => a.includes("dynamic-provider"))) {
  const fs = require("node:fs");
  const note = (what) => fs.appendFileSync(process.env.CRJ_CRASH_LOG, `[${process.pid} ${new Date().toISOString()}] ${what}\n`);
  process.on("uncaughtExceptionMonitor", (err, origin) => note(`${origin}: ${err?.stack ?? err}`));
  process.on("unhandledRejection", (reason) => note(`unhandledRejection: ${reason?.stack ?? reason}`));
  process.on("exit", (code) => note(`exit ${code}`));
  for (const sig of ["SIGTERM", "SIGINT", "SIGHUP"]) process.on(sig, () => { note(`signal ${sig}`); process.exit(128); });
}
