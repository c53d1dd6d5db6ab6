// Run on deploy, on the real engine, against the emulator in --exec mode: containers with a
// command run as local processes, and their exit codes decide the outcome.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { emulatorClients } from "./clients";
import { manifest } from "./corpus";
import { built, requireFromRoot, testStack, type TestStack } from "./harness";
import { killEngine } from "./kill";
import { TRANSPORTS } from "./target";

const T = 240_000;
const PARENT = "projects/e2e-project/locations/europe-west1";

// Once per transport (CLOUD_RUN_TRANSPORT): the provider over gRPC, then over REST.
describe.each(TRANSPORTS)("over %s", (transport) => {
  let emulator: RunningEmulator;
  let cloud: ReturnType<typeof emulatorClients>;

  beforeAll(async () => {
    emulator = await startEmulator({ quiet: true, exec: true, taskDurationMs: 100 });
    cloud = emulatorClients(emulator.port);
  });
  afterAll(async () => {
    await cloud?.close();
    await emulator?.stop();
  });

  async function executionsOf(job: string): Promise<string[]> {
    const [list] = await cloud.executions.listExecutions({ parent: `${PARENT}/jobs/${job}` });
    return list.map((e) => String(e.name).split("/").pop() ?? "").sort();
  }

  interface RunJobArgs {
    token?: string;
    tokenKind?: "runExecutionToken" | "startExecutionToken";
    script: string;
    label?: string;
    wait?: number;
  }

  /** A stack with one job whose container runs `sh -c <script>`; `args` is read at each up. */
  async function runStack(jobName: string, args: RunJobArgs): Promise<TestStack> {
    return testStack(
      async () => {
        const { Job } = built();
        const job = new Job(jobName, {
          ...manifest(jobName, {
            metadata: { labels: { rev: args.label ?? "a" } },
            container: { image: "busybox", command: ["/bin/sh", "-c"], args: [args.script] },
            task: { maxRetries: 0 },
            spec: args.token ? { [args.tokenKind ?? "runExecutionToken"]: args.token } : {},
          }),
          ...(args.wait ? { waitTimeoutSeconds: args.wait } : {}),
        } as never);
        return { status: job.status };
      },
      { emulatorHost: emulator.address, env: { CLOUD_RUN_TRANSPORT: transport } },
    );
  }

  describe("runExecutionToken", () => {
    const args: RunJobArgs = { token: "v1", script: "echo migrating; sleep 1; exit 0" };
    let ts: TestStack;
    beforeAll(async () => {
      ts = await runStack("migrate", args);
    }, T);
    afterAll(async () => {
      await ts?.stack.destroy();
      await ts?.cleanup();
    }, T);

    it(
      "creating with a token runs the job and waits for success",
      async () => {
        const up = await ts.stack.up();
        const status = up.outputs.status?.value as {
          executionCount: number;
          latestCreatedExecution: { name: string; completionStatus: string };
        };
        expect(status.latestCreatedExecution).toMatchObject({ name: "migrate-v1", completionStatus: "EXECUTION_SUCCEEDED" });
        expect(status.executionCount).toBe(1);
        expect(up.stdout).toContain("waiting for execution migrate-v1 to complete");
        expect(up.stdout).toContain("execution migrate-v1 succeeded");
      },
      T,
    );

    it(
      "a new token runs it again",
      async () => {
        args.token = "v2";
        const preview = await ts.stack.preview();
        expect(preview.changeSummary).toEqual({ same: 1, update: 1 });
        expect(preview.stdout).toContain("will start execution migrate-v2 and wait up to 3600 s for it to complete");
        const up = await ts.stack.up();
        const status = up.outputs.status?.value as {
          executionCount: number;
          latestCreatedExecution: { name: string; completionStatus: string };
        };
        expect(status).toMatchObject({
          executionCount: 2,
          latestCreatedExecution: { name: "migrate-v2", completionStatus: "EXECUTION_SUCCEEDED" },
        });
        expect(await executionsOf("migrate")).toEqual(["migrate-v1", "migrate-v2"]);
      },
      T,
    );

    it(
      "an unrelated change updates the job without running it",
      async () => {
        args.label = "b";
        const up = await ts.stack.up();
        expect(up.summary.resourceChanges).toEqual({ same: 1, update: 1 });
        expect(await executionsOf("migrate")).toEqual(["migrate-v1", "migrate-v2"]);
        const [live] = await cloud.jobs.getJob({ name: `${PARENT}/jobs/migrate` });
        expect(live.labels?.rev).toBe("b");
      },
      T,
    );

    it(
      "a run made outside Pulumi causes no diff and no run",
      async () => {
        const [op] = await cloud.jobs.runJob({ name: `${PARENT}/jobs/migrate` }, cloud.fast);
        await op.promise();
        expect(await executionsOf("migrate")).toHaveLength(3);
        expect((await ts.stack.preview()).changeSummary).toEqual({ same: 2 });
        expect((await ts.stack.refresh()).summary.resourceChanges).toEqual({ same: 2 });
        expect((await ts.stack.up()).summary.resourceChanges).toEqual({ same: 2 });
        expect(await executionsOf("migrate")).toHaveLength(3);
      },
      T,
    );
  });

  describe("a failing run", () => {
    const args: RunJobArgs = { token: "f1", script: "echo boom >&2; exit 3" };
    let ts: TestStack;
    beforeAll(async () => {
      ts = await runStack("failing", args);
    }, T);
    afterAll(async () => {
      await ts?.stack.destroy();
      await ts?.cleanup();
    }, T);

    it(
      "fails up with the reason and the log URI; state holds the job and the token",
      async () => {
        const message = await ts.stack.up().then(
          () => "succeeded?!",
          (err: Error) => err.message,
        );
        expect(message).toContain("execution failing-f1 failed");
        expect(message).toContain("1 failed, 0 succeeded of 1 tasks");
        expect(message).toMatch(/logs: https:\/\/console\.cloud\.google\.com\/logs/);
        const state = await ts.stack.exportStack();
        const job = state.deployment.resources.find((r: { type: string }) => r.type.endsWith("cloudrun:Job"));
        expect(job?.id).toBe(`${PARENT}/jobs/failing`);
        expect(job?.outputs?.spec?.runExecutionToken).toBe("f1");
        expect(job?.initErrors?.join()).toContain("failing-f1 failed");
      },
      T,
    );

    it(
      "up again reports it failed without running it again",
      async () => {
        await expect(ts.stack.up()).rejects.toThrow(/execution failing-f1 failed/);
        expect(await executionsOf("failing")).toEqual(["failing-f1"]);
      },
      T,
    );

    it(
      "a new token runs it again",
      async () => {
        args.token = "f2";
        args.script = "exit 0";
        const up = await ts.stack.up();
        expect(up.outputs.status?.value).toMatchObject({
          latestCreatedExecution: { name: "failing-f2", completionStatus: "EXECUTION_SUCCEEDED" },
        });
        expect(await executionsOf("failing")).toEqual(["failing-f1", "failing-f2"]);
      },
      T,
    );
  });

  describe("progress", () => {
    it(
      "is printed while waiting: tasks running, succeeded, failed",
      async () => {
        const ts = await runStack("progress", { token: "p1", script: "sleep 6; exit 0" });
        try {
          const up = await ts.stack.up();
          expect(up.stdout).toMatch(/cloudrun job progress: execution progress-p1: 1 running, 0 succeeded, 0 failed of 1 tasks \(\d+ s\)/);
          expect(up.stdout).toMatch(/execution progress-p1: 0 running, 1 succeeded, 0 failed of 1 tasks/);
        } finally {
          await ts.stack.destroy();
          await ts.cleanup();
        }
      },
      T,
    );
  });

  describe("the wait limit", () => {
    it(
      "fails up clearly when it passes; the run goes on and the next up waits for the same execution",
      async () => {
        const args: RunJobArgs = { token: "w1", script: "sleep 7; exit 0", wait: 2 };
        const ts = await runStack("limited", args);
        try {
          const message = await ts.stack.up().then(
            () => "finished?!",
            (err: Error) => err.message,
          );
          expect(message).toContain("execution limited-w1 did not complete within 2 s");
          expect(message).toContain("the next `pulumi up` waits for it again");
          delete args.wait;
          const up = await ts.stack.up();
          expect(up.stdout).toContain("waiting for execution limited-w1 to complete");
          expect(up.outputs.status?.value).toMatchObject({
            latestCreatedExecution: { name: "limited-w1", completionStatus: "EXECUTION_SUCCEEDED" },
          });
          expect(await executionsOf("limited")).toEqual(["limited-w1"]);
          expect((await ts.stack.preview()).changeSummary).toEqual({ same: 2 });
        } finally {
          await ts.stack.destroy();
          await ts.cleanup();
        }
      },
      T,
    );
  });

  describe("startExecutionToken", () => {
    it(
      "returns once the execution has started",
      async () => {
        const ts = await runStack("starter", { token: "s1", tokenKind: "startExecutionToken", script: "sleep 20" });
        try {
          const up = await ts.stack.up();
          expect(up.stdout).toContain("waiting for execution starter-s1 to start");
          const [execution] = await cloud.executions.getExecution({ name: `${PARENT}/jobs/starter/executions/starter-s1` });
          expect(execution.startTime).toBeTruthy();
          expect(execution.completionTime).toBeFalsy(); // still running: up did not wait for it
        } finally {
          await ts.stack.destroy();
          await ts.cleanup();
        }
      },
      T,
    );
  });

  describe("an interrupted up", () => {
    it(
      "is re-attached to the same execution on the next up; no duplicate runs",
      async () => {
        const args: RunJobArgs = { token: "i1", script: "exit 0" };
        const ts = await runStack("interrupted", args);
        try {
          await ts.stack.up();
          args.token = "i2";
          args.script = "sleep 8; exit 0";
          const running = ts.stack.up().catch(() => "killed");
          // Kill the engine and its provider as soon as the run has started.
          const name = `${PARENT}/jobs/interrupted/executions/interrupted-i2`;
          for (let i = 0; i < 200; i++) {
            const found = await cloud.executions.getExecution({ name }).then(
              () => true,
              () => false,
            );
            if (found) break;
            await new Promise((r) => setTimeout(r, 100));
          }
          expect(killEngine(ts.stack.name)).toBeGreaterThan(1); // the engine and its provider
          expect(await running).toBe("killed");

          // Pulumi itself asks for this: the killed process left its lock behind.
          await expect(ts.stack.up()).rejects.toThrow(/locked/);
          await ts.stack.cancel();
          const up = await ts.stack.up();
          expect(up.stdout).toContain("waiting for execution interrupted-i2 to complete");
          expect(up.outputs.status?.value).toMatchObject({
            latestCreatedExecution: { name: "interrupted-i2", completionStatus: "EXECUTION_SUCCEEDED" },
          });
          expect(await executionsOf("interrupted")).toEqual(["interrupted-i1", "interrupted-i2"]);
          expect((await ts.stack.preview()).changeSummary).toEqual({ same: 2 });
        } finally {
          await ts.stack.destroy();
          await ts.cleanup();
        }
      },
      T,
    );
  });

  describe("a failing run's log lines (issue 28)", () => {
    it(
      "the up error carries the failed task's last lines, the secret it echoes masked; Logging is read only then",
      async () => {
        const secret = "e2e-s3cr3t-value";
        const script = [
          'for i in 1 2 3 4 5 6 7 8 9; do if [ $((i % 2)) = 1 ]; then echo "line $i of the migration"; else echo "line $i of the migration" >&2; fi; sleep 0.01; done',
          'echo "line 10 connects with $DB_PASSWORD" >&2',
          "exit 3",
        ].join("; ");
        const desired = { token: "l1", script };
        const ts = await testStack(
          async () => {
            const pulumi = requireFromRoot("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
            const { Job } = built();
            const job = new Job("logs", {
              ...manifest("logs", {
                container: {
                  image: "busybox",
                  command: ["/bin/sh", "-c"],
                  args: [desired.script],
                  env: [{ name: "DB_PASSWORD", value: pulumi.secret(secret) }],
                },
                task: { maxRetries: 0 },
                spec: { runExecutionToken: desired.token },
              }),
              logLines: 5,
            } as never);
            return { status: job.status };
          },
          { emulatorHost: emulator.address, env: { CLOUD_RUN_TRANSPORT: transport } },
        );
        try {
          const before = emulator.calls.count("ListLogEntries");
          const message = await ts.stack.up().then(
            () => "succeeded?!",
            (err: Error) => err.message,
          );
          if (process.env.SHOW_RUN_LOGS) console.log(message);
          expect(message).toContain("execution logs-l1 failed");
          expect(message).toContain("exit code: 3");
          expect(message).toContain("1 failed, 0 succeeded of 1 tasks");
          expect(message).toMatch(/logs: https:\/\/console\.cloud\.google\.com\/logs/);
          expect(message).toContain("last 5 log lines of task 0 (attempt 0, exit code 3), stdout and stderr:");
          for (const i of [6, 7, 8, 9]) expect(message).toContain(`[task 0] line ${i} of the migration`);
          expect(message).toContain("[task 0] line 10 connects with ****");
          expect(message).not.toContain("line 5 of the migration");
          expect(message).not.toContain(secret);
          expect(emulator.calls.count("ListLogEntries") - before).toBe(1);
          // The preview after it: what up will do, and no Logging call.
          const preview = await ts.stack.preview();
          expect(preview.stdout).toContain(
            "cloudrun job logs: execution logs-l1 failed (exit code 3): up will report that failure again and run nothing",
          );
          expect(emulator.calls.count("ListLogEntries") - before).toBe(1);
        } finally {
          await ts.stack.destroy();
          await ts.cleanup();
        }
      },
      T,
    );
  });

  it(`the provider's calls went over ${transport}`, () => {
    // The suite's own clients speak gRPC; only the provider can have used REST, and a run's
    // wait is the provider's alone (WaitOperation long polls).
    const faces = emulator.calls.faces();
    if (transport === "rest") expect(faces.rest).toBeGreaterThan(20);
    else expect(faces.rest).toBe(0);
    expect(emulator.calls.count("WaitOperation")).toBeGreaterThan(0);
  });
});
