// Runs the compiled examples (dist/examples/<name>/index.js) on the real engine, through the
// Automation API with inline programs, against an in-process emulator. Like test/e2e/harness.ts,
// plus: stacks that share one file backend (for StackReference), and a fresh module load per
// run (an inline program runs in this process, where `require` would return the first run's
// module and so register no resources on the second).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type * as automation from "@pulumi/pulumi/automation";
import { auto, countRuns, requireFromRoot, ROOT, withTransportRetry } from "../e2e/harness";

export { ROOT, requireFromRoot };

/** The compiled example's exports, loaded afresh; call it inside an inline program. */
export function runExample(name: string): Record<string, unknown> {
  const file = path.join(ROOT, "dist", "examples", name, "index.js");
  delete requireFromRoot.cache[requireFromRoot.resolve(file)];
  return requireFromRoot(file) as Record<string, unknown>;
}

/** A file backend (a throwaway folder) that several stacks can share. */
export function fileBackend(): { url: string; dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "crj-examples-"));
  return { url: `file://${dir}`, dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ExampleStackOptions {
  emulatorHost: string;
  /** Stack config, keys with their namespace (`gcp:project`, `<project>:imageDigest`). */
  config?: Record<string, string>;
  /** Share a backend between stacks; default a fresh one, removed by cleanup. */
  backend?: { url: string; dir: string };
  projectName?: string;
  stackName?: string;
}

export interface ExampleStack {
  stack: automation.Stack;
  projectName: string;
  /** The name another stack's StackReference uses. */
  qualifiedName: string;
  /** Destroys what is left, removes the stack and, when it made one, its backend. */
  cleanup(): Promise<void>;
}

let counter = 0;

export async function exampleStack(program: automation.PulumiFn, opts: ExampleStackOptions): Promise<ExampleStack> {
  const own = opts.backend ? undefined : fileBackend();
  const backend = opts.backend ?? own!;
  const projectName = opts.projectName ?? "crj-examples";
  const stackName = opts.stackName ?? `ex${process.pid}x${counter++}`;
  // Each stack its own work folder: Pulumi.yaml there names the project, and two projects
  // sharing a folder would overwrite each other's.
  const workDir = mkdtempSync(path.join(os.tmpdir(), "crj-example-work-"));
  const counted = countRuns(program);
  const stack = await auto.LocalWorkspace.createOrSelectStack(
    { stackName, projectName, program: counted.program },
    {
      workDir,
      // `main` is the repository root: the dynamic-provider process runs there and resolves
      // the implementation (pulumi-cloudrun-jobs/impl) from its node_modules.
      projectSettings: { name: projectName, runtime: "nodejs", main: ROOT, backend: { url: backend.url } },
      envVars: {
        CLOUD_RUN_EMULATOR_HOST: opts.emulatorHost,
        PULUMI_BACKEND_URL: backend.url,
        PULUMI_CONFIG_PASSPHRASE: "examples",
      },
    },
  );
  withTransportRetry(stack, counted.runs);
  const config = { "gcp:project": "examples-project", "gcp:region": "europe-west1", ...(opts.config ?? {}) };
  await stack.setAllConfig(Object.fromEntries(Object.entries(config).map(([k, v]) => [k, { value: v }])));
  return {
    stack,
    projectName,
    qualifiedName: `organization/${projectName}/${stackName}`,
    cleanup: async () => {
      try {
        await stack.destroy();
        await stack.workspace.removeStack(stackName, { force: true });
      } finally {
        rmSync(workDir, { recursive: true, force: true });
        own?.remove();
      }
    },
  };
}
