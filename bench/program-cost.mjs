// node bench/program-cost.mjs [count] [rounds]: CPU a program spends per resource to declare
// `count` Jobs, against as many no-op twins (the floor), under the Pulumi SDK's mocks (no
// engine): the program's share of every preview and up. Each variant runs in its own process:
//   ours          the Job as shipped
//   ours+stacks   the Job with PULUMI_DEBUG_PROMISE_LEAKS=1, so the SDK's promise stacks are
//                 taken as they were before (provider/job.ts)
//   floor         the no-op twin (bench/noop/resource.js)
// Prints ms of CPU per resource, round by round (the first rounds warm the JIT) and the median
// of the last half.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { cpuMs as cpu, median, requireFromRoot, ROOT } from "./lib/common.mjs";
import { manifest } from "./lib/stacks.mjs";

const count = Number(process.argv[2] ?? 300);
const rounds = Number(process.argv[3] ?? 8);
const variant = process.env.CRJ_PROGRAM_VARIANT;

if (!variant) {
  for (const [name, env] of [["ours", {}], ["ours+stacks", { PULUMI_DEBUG_PROMISE_LEAKS: "1" }], ["floor", {}]]) {
    const kind = name === "floor" ? "floor" : "ours";
    const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), String(count), String(rounds)], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, ...env, CRJ_PROGRAM_VARIANT: kind },
    });
    const perRound = JSON.parse(out);
    console.log(`${name.padEnd(12)} ${median(perRound.slice(Math.floor(rounds / 2))).toFixed(2)} ms per resource (rounds: ${perRound.map((x) => x.toFixed(2)).join(" ")})`);
  }
} else {
  const pulumi = requireFromRoot("@pulumi/pulumi");
  // The engine's answer: ours gets outputs of a Job's size (status, server metadata), the floor its inputs back.
  const status = { observedGeneration: 1, conditions: [{ type: "Ready", status: "True", lastTransitionTime: "2026-12-05T10:00:00.000Z" }], executionCount: 0 };
  pulumi.runtime.setMocks(
    {
      newResource: (a) => ({
        id: `projects/bench/locations/europe-west1/jobs/${a.name}`,
        state:
          variant === "ours"
            ? { ...a.inputs, project: "bench", region: "europe-west1", name: a.name, status, metadata: { ...a.inputs.metadata, uid: "u", generation: 1, resourceVersion: "e", creationTimestamp: "2026-12-05T10:00:00.000Z", namespace: "bench" } }
            : a.inputs,
      }),
      call: () => ({}),
    },
    "bench",
    "stack",
    true,
  );
  const Resource = variant === "ours" ? requireFromRoot("pulumi-cloudrun-jobs").Job : requireFromRoot("./bench/noop/resource.js").Noop;
  const perRound = [];
  for (let r = 0; r < rounds; r++) {
    const t = cpu();
    const made = [];
    for (let i = 0; i < count; i++) made.push(new Resource(`job-${r}-${i}`, manifest(`job-${r}-${i}`, "a")));
    // Registered and resolved: every output the engine answered has reached the program.
    await Promise.all(made.map((res) => new Promise((resolve) => res.metadata.apply(resolve))));
    perRound.push((cpu() - t) / count);
  }
  process.stdout.write(JSON.stringify(perRound));
}
