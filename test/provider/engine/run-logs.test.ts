// A failed run's own log lines in the deploy error (issue 28, items 4–6), in-process against the
// emulator running tasks for real (--exec) and serving Cloud Logging on its port: the error has
// the last N lines with the task index, the exit code, the counts and the link; a secret the
// task echoes is masked; with ListLogEntries refused (PERMISSION_DENIED injected) the error still
// names the failure and says why there are no lines; a successful run, a preview and an
// unchanged up make no Logging call; the preview after a failure says what up will do.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { closeClients } from "../../../provider/cloud/clients";
import { Gateway } from "../../../provider/cloud/gateway";
import { createProvider, type JobProvider } from "../../../provider/provider";
import { manifest } from "../../e2e/corpus";
import { EngineDouble } from "./engine-double";

const T = 60_000;
const PROJECT = "logs-project";
const REGION = "europe-west1";
const SECRET = "s3cr3t-pa55w0rd";

let emulator: RunningEmulator;
let provider: JobProvider;
const lines: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, exec: true, taskDurationMs: 50 });
  provider = createProvider(new Gateway({ emulatorHost: emulator.address }), { log: (l) => lines.push(l) });
  await provider.configure({ config: { get: (k: string) => ({ "gcp:project": PROJECT, "gcp:region": REGION })[k] } } as never);
});
afterAll(async () => {
  await closeClients();
  await emulator?.stop();
});
beforeEach(() => {
  lines.length = 0;
  emulator.faults.clear();
});

/**
 * Ten lines, odd ones on stdout and even ones on stderr, the tenth echoing the secret; exit 3.
 * The emulator stamps a line when its pipe is read, so lines of the two pipes keep their order
 * only if they are further apart than the test process may wait to be scheduled: 100 ms, as
 * 10 ms let two lines swap while other test files ran beside this one on a busy machine.
 */
const TEN_LINES_EXIT_3 = [
  'for i in 1 2 3 4 5 6 7 8 9; do if [ $((i % 2)) = 1 ]; then echo "line $i of the migration"; else echo "line $i of the migration" >&2; fi; sleep 0.1; done',
  'echo "line 10 connects with $DB_PASSWORD" >&2',
  "exit 3",
].join("; ");

interface Desired {
  token: string;
  script: string;
  extra?: Record<string, unknown>;
  secret?: boolean;
  taskCount?: number;
}

function engineFor(job: string, desired: Desired): EngineDouble {
  return new EngineDouble(provider, () => ({
    ...manifest(job, {
      container: {
        image: "busybox:1",
        command: ["/bin/sh", "-c"],
        args: [desired.script],
        env: [{ name: "DB_PASSWORD", value: SECRET }],
      },
      task: { maxRetries: 0 },
      spec: { runExecutionToken: desired.token },
      ...(desired.taskCount ? { exec: { taskCount: desired.taskCount } } : {}),
    }),
    ...(desired.secret === false ? {} : { __secretPaths: ["spec.template.spec.template.spec.containers[0].env[0].value"] }),
    __owner: `twin::logs::${job}`,
    ...(desired.extra ?? {}),
  }));
}

async function failureOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  throw new Error("expected the up to fail");
}

const logCalls = () => emulator.calls.count("ListLogEntries");

describe("a failed run's error carries its log lines", () => {
  it(
    "the last N lines of the failed task, interleaved, with task index, exit code, counts and link; the secret masked",
    async () => {
      const engine = engineFor("logs-fail", { token: "v1", script: TEN_LINES_EXIT_3, extra: { logLines: 6 } });
      try {
        const before = logCalls();
        const message = await failureOf(engine.up());
        if (process.env.SHOW_RUN_LOGS) console.log(message);
        expect(logCalls() - before).toBe(1);
        const [reason, ...rest] = message.split("\n");
        expect(reason).toMatch(
          /^job logs-fail: execution logs-fail-v1 failed: .*exit code: 3.*\(1 failed, 0 succeeded of 1 tasks\); logs: \S+/,
        );
        expect(rest).toEqual([
          "last 6 log lines of task 0 (attempt 0, exit code 3), stdout and stderr:",
          "  [task 0] line 5 of the migration",
          "  [task 0] line 6 of the migration",
          "  [task 0] line 7 of the migration",
          "  [task 0] line 8 of the migration",
          "  [task 0] line 9 of the migration",
          "  [task 0] line 10 connects with ****",
        ]);
        expect(message).not.toContain(SECRET);
      } finally {
        await engine.destroy().catch(() => undefined);
      }
    },
    T,
  );

  it(
    "the default is 20 lines; a secret not marked secret is not masked",
    async () => {
      const engine = engineFor("logs-default", { token: "v1", script: TEN_LINES_EXIT_3, secret: false });
      try {
        const message = await failureOf(engine.up());
        expect(message).toContain("last 10 log lines of task 0 (attempt 0, exit code 3), stdout and stderr:");
        expect(message).toContain(`  [task 0] line 10 connects with ${SECRET}`);
        expect(message.split("\n").filter((l) => l.startsWith("  [task 0] line "))).toHaveLength(10);
      } finally {
        await engine.destroy().catch(() => undefined);
      }
    },
    T,
  );

  it(
    "each failed task: its own lines under its index",
    async () => {
      const script = 'echo "task $CLOUD_RUN_TASK_INDEX says goodbye"; exit $((CLOUD_RUN_TASK_INDEX + 1))';
      const engine = engineFor("logs-tasks", { token: "v1", script, taskCount: 2 });
      try {
        const before = logCalls();
        const message = await failureOf(engine.up());
        expect(logCalls() - before).toBe(2);
        expect(message).toContain("(2 failed, 0 succeeded of 2 tasks)");
        expect(message).toContain("last 1 log line of task 0 (attempt 0, exit code 1), stdout and stderr:\n  [task 0] task 0 says goodbye");
        expect(message).toContain("last 1 log line of task 1 (attempt 0, exit code 2), stdout and stderr:\n  [task 1] task 1 says goodbye");
      } finally {
        await engine.destroy().catch(() => undefined);
      }
    },
    T,
  );

  it(
    "Logging refusing (PERMISSION_DENIED): the failure, its link, and one line saying why there are no lines",
    async () => {
      const engine = engineFor("logs-denied", { token: "v1", script: TEN_LINES_EXIT_3 });
      try {
        emulator.faults.add({ rpc: "ListLogEntries", kind: "error", code: "PERMISSION_DENIED" } as never);
        const message = await failureOf(engine.up());
        const [reason, ...rest] = message.split("\n");
        expect(reason).toMatch(/execution logs-denied-v1 failed: .*exit code: 3.*\(1 failed, 0 succeeded of 1 tasks\); logs: \S+/);
        expect(rest).toEqual([
          `log lines not shown: Cloud Logging refused to read them (PERMISSION_DENIED); the deploying identity needs roles/logging.viewer on project ${PROJECT}. The logs link above still shows them`,
        ]);
      } finally {
        await engine.destroy().catch(() => undefined);
      }
    },
    T,
  );

  it(
    "logLines: 0 reads nothing",
    async () => {
      const engine = engineFor("logs-none", { token: "v1", script: TEN_LINES_EXIT_3, extra: { logLines: 0 } });
      try {
        const before = logCalls();
        const message = await failureOf(engine.up());
        expect(logCalls() - before).toBe(0);
        expect(message.split("\n")).toHaveLength(1);
      } finally {
        await engine.destroy().catch(() => undefined);
      }
    },
    T,
  );
});

describe("no Logging call unless a run failed", () => {
  it(
    "a successful run, a preview and an unchanged up: 0 Logging calls; a change of token runs again",
    async () => {
      const desired: Desired = { token: "v1", script: 'echo "all good"; exit 0' };
      const engine = engineFor("logs-ok", desired);
      try {
        const before = logCalls();
        const tasksBefore = emulator.calls.count("ListTasks");
        await engine.up();
        await engine.preview();
        await engine.up();
        desired.token = "v2";
        await engine.preview();
        await engine.up();
        expect(logCalls() - before).toBe(0);
        expect(emulator.calls.count("ListTasks") - tasksBefore).toBe(0);
      } finally {
        await engine.destroy().catch(() => undefined);
      }
    },
    T,
  );
});

describe("after a failed run", () => {
  it(
    "the preview says up will report that failure again and run nothing; up does so; a new token runs",
    async () => {
      const desired: Desired = { token: "v3", script: TEN_LINES_EXIT_3 };
      const engine = engineFor("migrate", desired);
      try {
        await failureOf(engine.up());
        lines.length = 0;
        const before = logCalls();
        await engine.preview();
        expect(logCalls() - before).toBe(0);
        expect(lines).toContain(
          "cloudrun job migrate: execution migrate-v3 failed (exit code 3): up will report that failure again and run nothing; change runExecutionToken to run again",
        );
        const again = await failureOf(engine.up());
        expect(again).toMatch(/execution migrate-v3 failed/);
        expect(again).toContain("  [task 0] line 10 connects with ****");
        const executions = emulator.store.executionsOf(`projects/${PROJECT}/locations/${REGION}/jobs/migrate`);
        expect(executions).toHaveLength(1);
        desired.token = "v4";
        desired.script = "exit 0";
        lines.length = 0;
        await engine.preview();
        expect(lines.join("\n")).toContain("runExecutionToken changed: up will start execution migrate-v4");
        expect(lines.join("\n")).not.toContain("report that failure again");
        await engine.up();
        expect(engine.state.outputs?.__failedRun).toBeUndefined();
      } finally {
        await engine.destroy().catch(() => undefined);
      }
    },
    T,
  );
});

describe("while waiting", () => {
  it(
    "progress about the job at least every 10 s, with the elapsed time; streamLogs prints the lines as they come, masked",
    async () => {
      // About 21 s: longer than the first poll and a 15 s one, so a line every 10 s needs shorter polls.
      const script = 'for i in 1 2 3 4 5 6; do echo "step $i with $DB_PASSWORD"; sleep 3.5; done';
      const engine = engineFor("logs-stream", { token: "v1", script, extra: { streamLogs: true } });
      const stamped: Array<{ at: number; line: string }> = [];
      const started = Date.now();
      const log = lines.push.bind(lines);
      lines.push = (...items: string[]) => {
        for (const line of items) stamped.push({ at: Date.now() - started, line });
        return log(...items);
      };
      try {
        await engine.up();
      } finally {
        lines.push = log;
        await engine.destroy().catch(() => undefined);
      }
      const progress = stamped.filter((s) =>
        /^cloudrun job logs-stream: execution logs-stream-v1: \d+ running, \d+ succeeded, \d+ failed of 1 tasks \(\d+ s\)$/.test(s.line),
      );
      expect(progress.length).toBeGreaterThanOrEqual(2);
      const waitStart = stamped.find((s) => s.line.includes("waiting for execution"))!.at;
      const times = [waitStart, ...progress.map((p) => p.at)];
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeLessThanOrEqual(10_000);
      const streamed = stamped.map((s) => s.line).filter((l) => l.startsWith("cloudrun job logs-stream: [task 0] step"));
      expect(streamed).toEqual([1, 2, 3, 4, 5, 6].map((i) => `cloudrun job logs-stream: [task 0] step ${i} with ****`));
    },
    T,
  );
});

describe("over REST (CLOUD_RUN_TRANSPORT=rest)", () => {
  it(
    "the Logging client's fallback reads the lines from POST /v2/entries:list",
    async () => {
      const rest = createProvider(new Gateway({ emulatorHost: emulator.address, transport: "rest" }), { log: () => undefined });
      await rest.configure({ config: { get: (k: string) => ({ "gcp:project": PROJECT, "gcp:region": REGION })[k] } } as never);
      const engine = new EngineDouble(rest, () => ({
        ...manifest("logs-rest", {
          container: {
            image: "busybox:1",
            command: ["/bin/sh", "-c"],
            args: [TEN_LINES_EXIT_3],
            env: [{ name: "DB_PASSWORD", value: SECRET }],
          },
          task: { maxRetries: 0 },
          spec: { runExecutionToken: "v1" },
        }),
        __secretPaths: ["spec.template.spec.template.spec.containers[0].env[0].value"],
        __owner: "twin::logs::logs-rest",
        logLines: 2,
      }));
      try {
        const faces = emulator.calls.faces();
        const message = await failureOf(engine.up());
        expect(message.split("\n").slice(1)).toEqual([
          "last 2 log lines of task 0 (attempt 0, exit code 3), stdout and stderr:",
          "  [task 0] line 9 of the migration",
          "  [task 0] line 10 connects with ****",
        ]);
        expect(emulator.calls.faces().grpc).toBe(faces.grpc);
      } finally {
        await engine.destroy().catch(() => undefined);
      }
    },
    T,
  );
});
