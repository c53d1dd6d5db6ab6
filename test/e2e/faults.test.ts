// The fault matrix, on the real engine: every fault kind the emulator injects, and a killed
// `pulumi`, against create, update, run and delete. After the faulty `up` (which may fail) and
// whatever reruns Pulumi itself asks for, each scenario must converge: no orphaned job, no
// duplicate execution, state equal to the cloud (refresh then preview show no changes).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { emulatorClients } from "./clients";
import { manifest } from "./corpus";
import { built, testStack, type TestStack } from "./harness";
import { killEngine } from "./kill";
import { FAULT_KINDS, faultFor, OPERATIONS, type FaultKind, type Operation } from "../shared/fault-matrix";

const T = 300_000;
const PARENT = "projects/e2e-project/locations/europe-west1";

/** Every fault the emulator injects, and a killed `pulumi` (only the real engine can be killed). */
type Kind = FaultKind | "kill";
const KINDS: Kind[] = [...FAULT_KINDS, "kill"];

interface Row {
  kind: Kind;
  op: Operation;
  firstUp: "ok" | "failed" | "killed";
  reruns: number;
  converged: boolean;
  orphans: number;
  duplicates: number;
}

const matrix: Row[] = [];
let emulator: RunningEmulator;
let cloud: ReturnType<typeof emulatorClients>;

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, exec: true, taskDurationMs: 50 });
  cloud = emulatorClients(emulator.port);
});
afterAll(async () => {
  console.log(`fault matrix:\n${table(matrix)}`);
  await cloud?.close();
  await emulator?.stop();
});

function table(rows: Row[]): string {
  const head =
    "| fault | operation | first up | reruns | converged | orphaned jobs | duplicate executions |\n|---|---|---|---|---|---|---|";
  return [
    head,
    ...rows.map((r) => `| ${r.kind} | ${r.op} | ${r.firstUp} | ${r.reruns} | ${r.converged} | ${r.orphans} | ${r.duplicates} |`),
  ].join("\n");
}

interface Desired {
  image: string;
  token?: string;
  script: string;
  present: boolean;
}

async function jobsInCloud(prefix: string): Promise<string[]> {
  const [jobs] = await cloud.jobs.listJobs({ parent: PARENT });
  return jobs.map((j) => String(j.name).split("/").pop() ?? "").filter((n) => n.startsWith(prefix));
}

async function executionsOf(job: string): Promise<string[]> {
  const [list] = await cloud.executions.listExecutions({ parent: `${PARENT}/jobs/${job}` }).catch(() => [[]]);
  return (list as Array<{ name?: string | null }>).map((e) => String(e.name).split("/").pop() ?? "");
}

async function until(check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("timed out waiting for the kill point");
}

/** Runs `action`; for a kill, kills the engine at `killPoint` and reports "killed". */
async function attempt(ts: TestStack, action: () => Promise<unknown>, kill?: () => Promise<boolean>): Promise<Row["firstUp"]> {
  const running = action().then(
    () => "ok" as const,
    () => "failed" as const,
  );
  if (!kill) return running;
  await until(kill);
  expect(killEngine(ts.stack.name)).toBeGreaterThan(0);
  await running;
  return "killed";
}

/** Reruns what Pulumi asks for until the stack converges: cancel a lock, then up or destroy. */
async function rerun(ts: TestStack, desired: Desired): Promise<number> {
  let runs = 0;
  for (let i = 0; i < 3; i++) {
    runs++;
    try {
      if (desired.present) await ts.stack.up();
      else await ts.stack.destroy();
      return runs;
    } catch (err) {
      const message = (err as Error).message;
      if (/locked/.test(message)) await ts.stack.cancel();
      // A failed run keeps failing every up by design (its token is applied); that is converged.
      else if (/execution .* failed/.test(message)) return runs;
    }
  }
  return runs;
}

async function scenario(kind: Kind, op: Operation): Promise<Row> {
  const job = `f-${op}-${kind.toLowerCase().replace(/_/g, "")}`.slice(0, 40);
  const desired: Desired = { image: "busybox:1", script: "exit 0", present: true };
  const ts = await testStack(
    async () => {
      if (!desired.present) return;
      const { Job } = built();
      new Job(
        job,
        manifest(job, {
          container: { image: desired.image, command: ["/bin/sh", "-c"], args: [desired.script] },
          task: { maxRetries: 0 },
          spec: desired.token ? { runExecutionToken: desired.token } : {},
        }) as never,
      );
    },
    { emulatorHost: emulator.address },
  );
  const row: Row = { kind, op, firstUp: "ok", reruns: 0, converged: false, orphans: 0, duplicates: 0 };
  let tokens = 0;
  try {
    const fault = kind === "kill" ? undefined : faultFor(kind, op);
    if (op !== "create") await ts.stack.up();
    // What the faulty `up` is asked to do, and where a kill lands.
    let kill: (() => Promise<boolean>) | undefined;
    if (op === "create") {
      desired.token = "c1";
      desired.script = kind === "kill" ? "sleep 4; exit 0" : "exit 0";
      tokens = 1;
      kill = async () => (await executionsOf(job)).length > 0;
    } else if (op === "update") {
      desired.image = "busybox:2";
      if (kind === "kill") emulator.faults.add({ rpc: "UpdateJob", kind: "latency", latencyMs: 2000, times: 1 });
      kill = async () => emulator.calls.count("UpdateJob") > 0;
    } else if (op === "run") {
      desired.token = "r1";
      desired.script = "sleep 3; exit 0";
      tokens = 1;
      kill = async () => (await executionsOf(job)).length > 0;
    } else {
      desired.present = false;
      if (kind === "kill") emulator.faults.add({ rpc: "DeleteJob", kind: "latency", latencyMs: 2000, times: 1 });
      kill = async () => emulator.calls.count("DeleteJob") > 0;
    }
    emulator.calls.reset();
    if (fault) emulator.faults.add(fault);
    const action = () => (desired.present ? ts.stack.up() : ts.stack.destroy());
    row.firstUp = await attempt(ts, action, kind === "kill" ? kill : undefined);
    emulator.faults.clear();
    row.reruns = await rerun(ts, desired);

    // Converged: state equals the cloud, no orphan, no duplicate run.
    const inCloud = await jobsInCloud(job);
    const state = await ts.stack.exportStack();
    const inState = (state.deployment.resources ?? [])
      .filter((r: { type: string }) => r.type.endsWith("cloudrun:Job"))
      .map((r: { id: string }) => r.id.split("/").pop());
    row.orphans = inCloud.filter((j) => !inState.includes(j)).length;
    row.duplicates = desired.present ? Math.max(0, (await executionsOf(job)).length - tokens) : 0;
    if (desired.present) {
      const refresh = await ts.stack.refresh();
      const preview = await ts.stack.preview();
      const same = (s: Record<string, number> | undefined) => Object.keys(s ?? {}).every((k) => k === "same");
      row.converged = same(refresh.summary.resourceChanges) && same(preview.changeSummary) && inState.length === 1 && inCloud.length === 1;
    } else {
      row.converged = inCloud.length === 0 && inState.length === 0;
    }
  } finally {
    emulator.faults.clear();
    desired.present = false;
    await ts.stack.destroy().catch(async () => {
      await ts.stack.cancel().catch(() => undefined);
      await ts.stack.destroy().catch(() => undefined);
    });
    await ts.cleanup();
  }
  matrix.push(row);
  return row;
}

describe("fault matrix", () => {
  for (const op of OPERATIONS) {
    for (const kind of KINDS) {
      it(
        `${kind} during ${op} converges`,
        async () => {
          const row = await scenario(kind, op);
          expect(row).toMatchObject({ converged: true, orphans: 0, duplicates: 0 });
        },
        T,
      );
    }
  }
});
