// node bench/repro-refresh.mjs [times]: refreshes a stack of 100 Jobs again and again with a
// crash logger preloaded into the provider process, to catch why it sometimes dies mid-refresh
// ("error reading from server: connection reset by peer" from the engine, seen in npm run bench).
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { requireFromRoot, ROOT } from "./lib/common.mjs";
import { benchStack } from "./lib/stacks.mjs";

const times = Number(process.argv[2] ?? 8);
const { startEmulator } = requireFromRoot("./dist/emulator");
const emulator = await startEmulator({ quiet: true });
const st = await benchStack("ours", 100, { emulatorHost: emulator.address, project: "bench-repro" });
const logFile = path.join(mkdtempSync(path.join(os.tmpdir(), "crj-crash-")), "provider.log");
try {
  await st.stack.up();
  st.stack.workspace.envVars.NODE_OPTIONS = `--require=${path.join(ROOT, "bench", "lib", "crash-log-preload.cjs")}`;
  st.stack.workspace.envVars.CRJ_CRASH_LOG = logFile;
  for (let i = 0; i < times; i++) {
    try {
      await st.stack.refresh();
      console.log(`refresh ${i + 1}: ok`);
    } catch (err) {
      console.log(`refresh ${i + 1}: FAILED ${String(err.message).split("\n").find((l) => /error:/.test(l))?.trim()}`);
    }
  }
  console.log(`provider process log (${logFile}):\n${existsSync(logFile) ? readFileSync(logFile, "utf8") : "(empty)"}`);
} finally {
  await st.cleanup();
  await emulator.stop();
}
