// JobRun (issue 30), in-process against the emulator running tasks for real (--exec): a run with
// args and env overrides runs once and its task sees them; an unchanged program is no change; a
// changed trigger runs again; an `up` interrupted after RunJob finds its execution again instead
// of running twice; a failing run fails with its reason and lines; a refused permission stops it
// before any execution exists. And the Job's `tokenRun`: the token's own execution, which an
// out-of-band run does not change. The same on the real engine: test/e2e/job-run.test.ts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { closeClients } from "../../../provider/cloud/clients";
import { Gateway } from "../../../provider/cloud/gateway";
import { MARKER_ENV } from "../../../provider/core/run/key";
import { createProvider, type JobProvider } from "../../../provider/provider";
import type { JobGateway } from "../../../provider/engine/gateway-contract";
import { manifest } from "../../e2e/corpus";
import { grpcClientOptions, runClients } from "../../shared/emulator-clients";
import { EngineDouble } from "./engine-double";

const T = 60_000;
const PROJECT = "runs-project";
const REGION = "europe-west1";
const config = { config: { get: (k: string) => ({ "gcp:project": PROJECT, "gcp:region": REGION })[k] } } as never;

let emulator: RunningEmulator;
let gateway: Gateway;
let provider: JobProvider;
const lines: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, exec: true, taskDurationMs: 50 });
  gateway = new Gateway({ emulatorHost: emulator.address });
  provider = createProvider(gateway, { log: (l) => lines.push(l) });
  await provider.configure(config);
});
afterAll(async () => {
  await closeClients();
  await emulator?.stop();
});
beforeEach(() => {
  lines.length = 0;
  emulator.faults.clear();
  emulator.permissions.set([]);
});

const jobId = (job: string) => `projects/${PROJECT}/locations/${REGION}/jobs/${job}`;

/** A job whose task prints its args and GREETING, then runs `then` (default: exit 0). */
async function makeJob(job: string, then = "exit 0"): Promise<EngineDouble> {
  const engine = new EngineDouble(provider, () => ({
    ...manifest(job, {
      container: {
        image: "busybox:1",
        command: ["/bin/sh", "-c", `echo "args: $*; greeting: $GREETING"; ${then}`, "task"],
        args: ["default-arg"],
        env: [{ name: "GREETING", value: "from-the-job" }],
      },
      task: { maxRetries: 0 },
    }),
    __owner: `twin::runs::${job}`,
  }));
  await engine.up();
  return engine;
}

function runOf(job: string, args: Record<string, unknown>, name = "backfill", p: JobProvider = provider): EngineDouble {
  return new EngineDouble(p.runs as unknown as JobProvider, () => ({ job: jobId(job), ...args, __owner: `twin::runs::${name}` }));
}

const executionsOf = (job: string) => [...emulator.store.executionsOf(jobId(job))].map((e) => e.execution);
const taskOutput = () =>
  emulator.store.logs
    .entries(PROJECT)
    .map((e) => String((e as { textPayload?: string }).textPayload ?? ""))
    .filter(Boolean);

async function failureOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return err instanceof Error ? err.message : JSON.stringify(err);
  }
  throw new Error("expected a failure");
}

const OVERRIDES = {
  containerOverrides: [{ args: ["2026-12-01"], env: [{ name: "GREETING", value: "from-the-run" }] }],
  taskCount: 2,
  timeoutSeconds: 600,
};

describe("a JobRun", () => {
  it(
    "runs once with its overrides, which the task sees; unchanged, it is no change; a new trigger runs again",
    async () => {
      await makeJob("hello-run");
      const run = runOf("hello-run", { overrides: OVERRIDES, triggers: ["2026-12-01"] });
      await run.up();
      const outs = run.state.outputs!;
      expect(outs.completionStatus).toBe("EXECUTION_SUCCEEDED");
      expect(outs.taskCount).toBe(2);
      expect(outs.succeededCount).toBe(2);
      expect(outs.marked).toBe(true);
      expect(run.state.id).toBe(outs.executionName);
      expect(executionsOf("hello-run")).toHaveLength(1);
      expect(taskOutput().filter((l) => l.includes("args: 2026-12-01; greeting: from-the-run"))).toHaveLength(2);
      expect(executionsOf("hello-run")[0]!.template?.containers?.[0]?.env?.map((e) => e.name)).toContain(MARKER_ENV);

      expect((await run.preview()).changes).toBe(false);
      await run.up();
      expect(executionsOf("hello-run")).toHaveLength(1);

      const again = runOf("hello-run", { overrides: OVERRIDES, triggers: ["2026-12-02"] });
      again.state = run.state;
      expect((await again.preview()).replaces).toEqual(["triggers"]);
      await again.up();
      expect(executionsOf("hello-run")).toHaveLength(2);
      expect(again.state.id).not.toBe(run.state.id);
      // Back to the first trigger: a new run again, not the first one found.
      const back = runOf("hello-run", { overrides: OVERRIDES, triggers: ["2026-12-01"] });
      back.state = again.state;
      await back.up();
      expect(executionsOf("hello-run")).toHaveLength(3);
    },
    T,
  );

  it(
    "an up interrupted after RunJob finds its execution again: no second execution",
    async () => {
      await makeJob("interrupted", "sleep 1; exit 0");
      // The first up dies while it waits (the process killed after RunJob).
      const dying: JobGateway = Object.create(gateway, {
        waitExecution: { value: () => Promise.reject(new Error("killed")) },
      });
      const first = createProvider(dying, { log: () => {} });
      await first.configure(config);
      const dyingUp = runOf("interrupted", { overrides: OVERRIDES }, "backfill", first);
      await expect(dyingUp.up()).rejects.toThrow(/started, but following it failed: killed.*it is not run again/);
      expect(executionsOf("interrupted")).toHaveLength(1);
      // Had the process lived to answer, the engine would have recorded the execution (a partial failure)…
      expect(dyingUp.state.id).toBe(executionsOf("interrupted")[0]!.name);
      expect(dyingUp.state.initErrors).toBeDefined();
      // …but it was killed: the engine kept no state (a pending create), and the next up creates again.
      const calls = emulator.calls.count("RunJob");
      const retry = runOf("interrupted", { overrides: OVERRIDES });
      await retry.up();
      expect(emulator.calls.count("RunJob")).toBe(calls);
      expect(executionsOf("interrupted")).toHaveLength(1);
      expect(retry.state.outputs!.completionStatus).toBe("EXECUTION_SUCCEEDED");
      expect(lines.join("\n")).toMatch(
        /already carries this run's key \(an earlier `up` of it started it, maybe interrupted\): it is not run again/,
      );
    },
    T,
  );

  it(
    "a failing run fails up with its reason and its task's lines, and the next up reports it again without running",
    async () => {
      await makeJob("failing", 'echo "cannot reach the database" >&2; exit 3');
      const run = runOf("failing", { overrides: { containerOverrides: [{ args: ["x"] }] } });
      const message = await failureOf(run.up());
      expect(message).toMatch(/execution failing-\w+ failed: .*exit code/i);
      expect(message).toContain("cannot reach the database");
      expect(message).toContain("change the JobRun's `triggers` to run it again");
      expect(run.state.initErrors).toBeDefined();
      expect(run.state.outputs!.completionStatus).toBe("EXECUTION_FAILED");
      const again = await failureOf(run.up());
      expect(again).toContain("cannot reach the database");
      expect(executionsOf("failing")).toHaveLength(1);
    },
    T,
  );

  it(
    "without run.jobs.runWithOverrides, up fails before any execution exists, naming the permission and the role",
    async () => {
      await makeJob("denied");
      emulator.permissions.set(["run.jobs.runWithOverrides"]);
      const message = await failureOf(runOf("denied", { overrides: OVERRIDES }).up());
      expect(message).toContain("run.jobs.runWithOverrides");
      expect(message).toContain("roles/run.developer");
      expect(message).toContain("PERMISSION_DENIED");
      expect(executionsOf("denied")).toHaveLength(0);
      // Without overrides it needs run.jobs.run only: it runs, unmarked, and says what that costs.
      const plain = runOf("denied", {}, "plain");
      await plain.up();
      expect(plain.state.outputs!.marked).toBe(false);
      expect(lines.join("\n")).toMatch(/runs unmarked/);
      expect(executionsOf("denied")).toHaveLength(1);
    },
    T,
  );

  it(
    "destroying it leaves the execution running; with cancelOnDelete, a running one is cancelled",
    async () => {
      await makeJob("long", "sleep 5");
      const kept = runOf("long", { wait: "started" }, "kept");
      await kept.up();
      expect(kept.state.outputs!.completionStatus).toMatch(/EXECUTION_(PENDING|RUNNING)/);
      await kept.destroy();
      const cancelled = runOf("long", { wait: "started", cancelOnDelete: true }, "cancelled");
      await cancelled.up();
      const name = String(cancelled.state.id);
      // `pulumi destroy` is another deployment: another provider process.
      const later = createProvider(gateway, { log: (l) => lines.push(l) });
      await later.configure(config);
      const destroying = runOf("long", { wait: "started", cancelOnDelete: true }, "cancelled", later);
      destroying.state = cancelled.state;
      await destroying.destroy();
      const byName = Object.fromEntries(executionsOf("long").map((e) => [e.name, e]));
      expect(Object.keys(byName)).toHaveLength(2);
      expect(byName[name]!.cancelledCount).toBeGreaterThan(0);
      expect(byName[String(kept.state.id ?? "")]).toBeUndefined(); // destroyed: no id kept
      const other = executionsOf("long").find((e) => e.name !== name)!;
      expect(other.cancelledCount ?? 0).toBe(0);
      expect(lines.join("\n")).toMatch(/cancelling execution long-\w+ \(cancelOnDelete\)/);
    },
    T,
  );

  it(
    "refuses bad inputs naming the property, before any call",
    async () => {
      const calls = emulator.calls.count("TestIamPermissions");
      const checked = await provider.runs.check(
        {},
        { job: "hello", overrides: { taskCount: 0, containerOverrides: [{ argz: [] }] }, wait: "forever", __owner: "x" },
      );
      const byProperty = Object.fromEntries((checked.failures ?? []).map((f) => [f.property, f.reason]));
      expect(byProperty.job).toMatch(/projects\/<project>\/locations\/<region>\/jobs\/<name>/);
      expect(byProperty["overrides.taskCount"]).toMatch(/at least 1/);
      expect(byProperty["overrides.containerOverrides[0].argz"]).toMatch(/did you mean `args`/);
      expect(byProperty.wait).toMatch(/completed/);
      expect(emulator.calls.count("TestIamPermissions")).toBe(calls);
    },
    T,
  );
});

describe("a Job's tokenRun", () => {
  it(
    "names the token's execution and its result; an out-of-band run and a refresh do not change it",
    async () => {
      let token = "t1";
      const job = new EngineDouble(provider, () => ({
        ...manifest("gated", {
          container: { image: "busybox:1", command: ["/bin/sh", "-c", "sleep 1"] },
          spec: { runExecutionToken: token },
        }),
        __owner: "twin::runs::gated",
      }));
      await job.up();
      const tokenRun = job.state.outputs!.tokenRun as Record<string, unknown>;
      expect(tokenRun).toMatchObject({
        kind: "runExecutionToken",
        token: "t1",
        execution: "gated-t1",
        completionStatus: "EXECUTION_SUCCEEDED",
      });
      // A manual run (gcloud run jobs execute), then cancelled.
      const clients = runClients(grpcClientOptions(emulator.port));
      const [op] = await clients.jobs.runJob({ name: jobId("gated") });
      const manual = (op.metadata as { name?: string }).name!;
      await clients.executions.cancelExecution({ name: manual });
      await clients.close();
      await new Promise((r) => setTimeout(r, 200));
      expect(await job.refreshShowsNoChanges()).toBe(true);
      expect((job.state.outputs!.tokenRun as Record<string, unknown>).execution).toBe("gated-t1");
      expect(job.state.outputs!.tokenRun).toEqual(tokenRun);
      // A new token: a new tokenRun.
      token = "t2";
      await job.up();
      expect((job.state.outputs!.tokenRun as Record<string, unknown>).execution).toBe("gated-t2");
    },
    T,
  );

  it(
    "a changed token on a job whose runner lacks run.jobs.run is refused before the job changes",
    async () => {
      let token = "a";
      const job = new EngineDouble(provider, () => ({
        ...manifest("no-run", { spec: { runExecutionToken: token } }),
        __owner: "twin::runs::no-run",
      }));
      await job.up();
      const generation = emulator.store.jobs.get(jobId("no-run"))!.job.generation;
      emulator.permissions.set(["run.jobs.run"]);
      token = "b";
      const message = await failureOf(job.up());
      expect(message).toContain("run.jobs.run");
      expect(message).toContain("roles/run.invoker");
      expect(emulator.store.jobs.get(jobId("no-run"))!.job.generation).toBe(generation);
      expect(executionsOf("no-run").map((e) => e.name?.split("/").pop())).toEqual(["no-run-a"]);
    },
    T,
  );
});
