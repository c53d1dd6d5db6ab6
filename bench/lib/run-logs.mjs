// Figure 11: calls to Cloud Logging (issue 28). On the real engine (Automation API, inline
// program) against an emulator that runs tasks for real (--exec) and serves Logging on its port:
// a preview, an unchanged up and an up whose run token succeeds make no Logging call; an up
// whose run fails in every one of its tasks makes at most 2 per failed task. Counted, not timed.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { auto, requireAfresh, requireFromRoot, ROOT } from "./common.mjs";

const TASKS = 3;

function job(script, token, taskCount) {
  return {
    apiVersion: "run.googleapis.com/v1",
    kind: "Job",
    metadata: { name: "logs-bench" },
    spec: {
      runExecutionToken: token,
      template: {
        spec: {
          taskCount,
          parallelism: taskCount,
          template: { spec: { maxRetries: 0, containers: [{ image: "busybox:1", command: ["/bin/sh", "-c"], args: [script] }] } },
        },
      },
    },
  };
}

/** The Logging calls of each step, and the failed run's tasks: `{ preview, unchanged, success, failed, failedTasks, all }`. */
export async function measureLoggingCalls() {
  const { startEmulator } = requireFromRoot("./dist/emulator");
  const emulator = await startEmulator({ quiet: true, exec: true, taskDurationMs: 20 });
  const stateDir = mkdtempSync(path.join(os.tmpdir(), "crj-bench-logs-"));
  const desired = { script: "echo fine", token: "t1", taskCount: 1 };
  const program = async () => {
    const { Job } = requireAfresh("pulumi-cloudrun-jobs");
    new Job("logs-bench", job(desired.script, desired.token, desired.taskCount));
    return {};
  };
  const stack = await auto.LocalWorkspace.createOrSelectStack(
    { stackName: `logs${process.pid}`, projectName: "crj-bench-logs", program },
    {
      workDir: stateDir,
      projectSettings: { name: "crj-bench-logs", runtime: "nodejs", main: ROOT, backend: { url: `file://${stateDir}` } },
      envVars: {
        CLOUD_RUN_EMULATOR_HOST: emulator.address,
        PULUMI_BACKEND_URL: `file://${stateDir}`,
        PULUMI_CONFIG_PASSPHRASE: "bench",
        PULUMI_SKIP_UPDATE_CHECK: "true",
      },
    },
  );
  const logging = () =>
    Object.entries(emulator.calls.snapshot())
      .filter(([rpc]) => rpc.startsWith("LoggingServiceV2."))
      .reduce((n, [, c]) => n + c, 0);
  const counted = async (fn) => {
    const before = logging();
    await fn();
    return logging() - before;
  };
  try {
    await stack.setAllConfig({ "gcp:project": { value: "bench-logs" }, "gcp:region": { value: "europe-west1" } });
    const success = await counted(() => stack.up()); // creates the job and runs token t1, which succeeds
    const preview = await counted(() => stack.preview());
    const unchanged = await counted(() => stack.up());
    Object.assign(desired, { script: "echo starting; echo the migration failed >&2; exit 3", token: "t2", taskCount: TASKS });
    let failedMessage = "";
    const failed = await counted(() =>
      stack.up().then(
        () => {
          throw new Error("the failing run passed");
        },
        (err) => {
          failedMessage = String(err.message);
        },
      ),
    );
    if (!/the migration failed/.test(failedMessage))
      throw new Error(`the failed run's error has no log line: ${failedMessage.slice(0, 500)}`);
    await stack.destroy();
    return { preview, unchanged, success, failed, failedTasks: TASKS, all: emulator.calls.snapshot() };
  } finally {
    try {
      await stack.workspace.removeStack(stack.name, { force: true });
    } catch {
      /* the folder goes anyway */
    }
    rmSync(stateDir, { recursive: true, force: true });
    await emulator.stop();
  }
}
