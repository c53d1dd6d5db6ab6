// node bench/timeline.mjs [count] [pairs]: where a preview of `count` Jobs spends its wall time,
// ours vs the floor, in milliseconds from the preview's start (medians over the pairs):
//   provider start: the engine has launched the dynamic-provider process
//   impl loaded:    the host has loaded the implementation (ours: the bundle) and is answering
//   first check / last diff: the engine's serial check → diff pass over the resources
//   end:            the preview has returned
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { median, requireFromRoot, ROOT } from "./lib/common.mjs";
import { benchStack } from "./lib/stacks.mjs";

const count = Number(process.argv[2] ?? 100);
const pairs = Number(process.argv[3] ?? 6);
const { startEmulator } = requireFromRoot("./dist/emulator");
const emu = await startEmulator({ quiet: true });
const stacks = {
  ours: await benchStack("ours", count, { emulatorHost: emu.address, project: "bench-project" }),
  noop: await benchStack("noop", count, { emulatorHost: emu.address, project: "bench-project" }),
};
const rows = { ours: [], noop: [] };
try {
  for (const st of Object.values(stacks)) await st.stack.up();
  for (let i = 0; i < pairs; i++) {
    for (const kind of i % 2 ? ["noop", "ours"] : ["ours", "noop"]) {
      const { stack } = stacks[kind];
      const dir = mkdtempSync(path.join(os.tmpdir(), "crj-timeline-"));
      stack.workspace.envVars.NODE_OPTIONS = `--require=${path.join(ROOT, "bench", "lib", "provider-probe-preload.cjs")}`;
      stack.workspace.envVars.CRJ_PROBE_DIR = dir;
      const t0 = Date.now();
      await stack.preview();
      const end = Date.now() - t0;
      const [p] = readdirSync(dir).map((f) => JSON.parse(readFileSync(path.join(dir, f), "utf8")));
      rmSync(dir, { recursive: true, force: true });
      rows[kind].push({ "provider start": p.start - t0, "impl loaded": p.implLoaded - t0, "first check": p.checkFirst - t0, "last diff": p.diffLast - t0, end });
    }
  }
} finally {
  for (const st of Object.values(stacks)) await st.cleanup();
  await emu.stop();
}
for (const kind of ["ours", "noop"]) {
  const fields = Object.keys(rows[kind][0]);
  console.log(`${kind === "ours" ? "ours " : "floor"}: ${fields.map((f) => `${f} ${Math.round(median(rows[kind].map((r) => r[f])))}`).join(", ")}`);
}
