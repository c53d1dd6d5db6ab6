// node bench/update-cost.mjs [count]: CPU per operation in one process through the provider's
// own entry points (pulumi-cloudrun-jobs/impl), against an in-process emulator (which serves
// every call, so its share is in every figure): check + create, then three rounds of check,
// diff and update of every job (a label changes), then delete. What the provider process pays
// per operation, split by entry point, once the Google client is loaded. Run with
// `node --expose-gc` and it also gives the heap and array buffers after a full GC once the first
// job exists and again after every job is deleted: what the provider keeps between operations.
import { cpuMs as cpu, quietly, requireFromRoot } from "./lib/common.mjs";
import { manifest } from "./lib/stacks.mjs";

const count = Number(process.argv[2] ?? 200);
const { startEmulator } = requireFromRoot("./dist/emulator");
const emulator = await startEmulator({ quiet: true });
process.env.CLOUD_RUN_EMULATOR_HOST = emulator.address;
const impl = requireFromRoot("pulumi-cloudrun-jobs/impl");
await impl.configure({ config: { get: (k) => ({ "gcp:project": "bench-update", "gcp:region": "europe-west1" })[k] } });
// As the engine sends them: the logical name and a serialized provider of the real size.
const raw = (i, label) => ({ ...manifest(`job-${i}`, label), __logicalName: `job-${i}`, __provider: "x".repeat(2000) });
const per = (ms) => (ms / count).toFixed(2);
const lines = [];
const state = [];
const retained = async (when) => {
  if (typeof globalThis.gc !== "function") return;
  // Array buffers are swept after a collection, not during it: collect, let it finish, again.
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const m = process.memoryUsage();
  lines.push(`retained ${when}: heap ${(m.heapUsed / 1048576).toFixed(1)} MB, array buffers ${(m.arrayBuffers / 1048576).toFixed(2)} MB`);
};
await quietly(async () => {
  let t = cpu();
  for (let i = 0; i < count; i++) {
    const checked = await impl.check({}, raw(i, "a"));
    const made = await impl.create(checked.inputs);
    state.push({ id: made.id, outs: made.outs, inputs: checked.inputs });
    if (i === 0) await retained("after the first create");
  }
  lines.push(`check + create: ${per(cpu() - t)} ms per job (the first loads the Google client)`);
  for (const label of ["b", "c", "d"]) {
    const spent = { check: 0, diff: 0, update: 0 };
    for (let i = 0; i < count; i++) {
      const s = state[i];
      let a = cpu();
      const checked = await impl.check(s.inputs, raw(i, label));
      spent.check += cpu() - a;
      a = cpu();
      await impl.diff(s.id, s.outs, checked.inputs);
      spent.diff += cpu() - a;
      a = cpu();
      const updated = await impl.update(s.id, s.outs, checked.inputs);
      spent.update += cpu() - a;
      state[i] = { id: s.id, outs: updated.outs, inputs: checked.inputs };
    }
    lines.push(`update round ${label}: check ${per(spent.check)} + diff ${per(spent.diff)} + update ${per(spent.update)} ms per job`);
  }
  t = cpu();
  for (const s of state) await impl.delete(s.id, s.outs);
  lines.push(`delete: ${per(cpu() - t)} ms per job`);
  state.length = 0;
  // The emulator keeps every operation it answered (for GetOperation); it is not the provider.
  emulator.reset();
  await retained(`after ${count} creates, ${3 * count} updates and ${count} deletes`);
});
console.log(`${lines.join("\n")}\ncalls: ${JSON.stringify(emulator.calls.snapshot())}`);
await emulator.stop();
process.exit(0);
