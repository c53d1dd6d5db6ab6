// Stacks of N Jobs (ours) or N no-op twins (the floor), on a throwaway file backend each,
// driven by the real `pulumi` engine through the Automation API with an inline program, as
// test/e2e/harness.ts does. The dynamic-provider process runs with the repository root as its
// working directory, so both shims resolve their implementations from there.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { auto, requireAfresh, ROOT } from "./common.mjs";

let counter = 0;

/** The manifest every job of a bench stack gets (a small, typical job). */
export function manifest(name, label) {
  return {
    apiVersion: "run.googleapis.com/v1",
    kind: "Job",
    metadata: { name, labels: { team: "bench", rev: label } },
    spec: {
      template: {
        spec: {
          taskCount: 1,
          template: {
            spec: {
              containers: [
                {
                  image: "us-docker.pkg.dev/cloudrun/container/job:latest",
                  env: [{ name: "MODE", value: "batch" }],
                  resources: { limits: { cpu: "1", memory: "512Mi" } },
                },
              ],
              maxRetries: 1,
              timeoutSeconds: "600",
            },
          },
        },
      },
    },
  };
}

/**
 * kind "ours" | "noop"; `state.label` is read at every run, so an update is one assignment away.
 */
export async function benchStack(kind, count, { emulatorHost, project }) {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), "crj-bench-"));
  const stackName = `b${process.pid}x${counter++}`;
  const state = { label: "a", trigger: "t1" };
  const program = async () => {
    if (kind === "runs") {
      // A Job and a JobRun of it with overrides, per pair (figure 7a, issue 30).
      const { Job, JobRun } = requireAfresh("pulumi-cloudrun-jobs");
      for (let i = 0; i < count; i++) {
        const job = new Job(`job-${i}`, manifest(`job-${i}`, state.label));
        new JobRun(`run-${i}`, {
          job,
          overrides: {
            containerOverrides: [{ args: ["--date", state.trigger], env: [{ name: "MODE", value: "backfill" }] }],
            taskCount: 1,
          },
          triggers: [state.trigger],
        });
      }
      return {};
    }
    // Loaded afresh at every run, as a program run by `pulumi` loads it (common.mjs).
    const Resource = kind === "ours" ? requireAfresh("pulumi-cloudrun-jobs").Job : requireAfresh("./bench/noop/resource.js").Noop;
    for (let i = 0; i < count; i++) new Resource(`job-${i}`, manifest(`job-${i}`, state.label));
    return {};
  };
  const stack = await auto.LocalWorkspace.createOrSelectStack(
    { stackName, projectName: "crj-bench", program },
    {
      workDir: stateDir,
      projectSettings: { name: "crj-bench", runtime: "nodejs", main: ROOT, backend: { url: `file://${stateDir}` } },
      envVars: {
        CLOUD_RUN_EMULATOR_HOST: emulatorHost,
        PULUMI_BACKEND_URL: `file://${stateDir}`,
        PULUMI_CONFIG_PASSPHRASE: "bench",
        PULUMI_SKIP_UPDATE_CHECK: "true",
      },
    },
  );
  await stack.setAllConfig({ "gcp:project": { value: project }, "gcp:region": { value: "europe-west1" } });
  return {
    kind,
    count,
    stack,
    state,
    stateDir,
    cleanup: async () => {
      try {
        await stack.workspace.removeStack(stackName, { force: true });
      } catch {
        /* the folder goes anyway */
      }
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
