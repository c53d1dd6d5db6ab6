// End-to-end harness: the real `pulumi` engine (from .tools/bin via the toolchain PATH),
// driven through the Automation API with inline programs, against an in-process emulator.
// Programs use the BUILT package (dist/), as the provider process does: it requires the
// implementation by package name from the program's working directory (the repo root).
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import type * as automation from "@pulumi/pulumi/automation";
import { expectNoLeftoverProcesses } from "./processes";

export const ROOT = path.resolve(__dirname, "..", "..");
/** `require` rooted at the repository, so programs and the engine share one @pulumi/pulumi. */
export const requireFromRoot = createRequire(path.join(ROOT, "package.json"));

export type Automation = typeof automation;
export const auto = requireFromRoot("@pulumi/pulumi/automation") as Automation;
export type BuiltPackage = typeof import("../../provider/index");
/** The package as users get it: compiled JavaScript resolved by name. */
export const built = (): BuiltPackage => requireFromRoot("pulumi-cloudrun-jobs") as BuiltPackage;

export interface TestStack {
  stack: automation.Stack;
  /** The file backend folder of this stack (throwaway). */
  stateDir: string;
  cleanup(): Promise<void>;
}

let counter = 0;

/**
 * Now and then, under load, the engine's connection to an inline program fails before the
 * program has declared anything: "14 UNAVAILABLE: No connection established" (the Automation
 * API's in-process language host, not the provider). Either the operation fails with it, or
 * the Pulumi SDK leaves the rejection unhandled (Stack.initialize → setRootResource, which
 * vitest.config.mts then ignores) and the operation "succeeds" without the program having run.
 * Such a run is repeated once; every other failure fails the test as is. `programRuns` counts
 * the program's runs (countRuns), so an up or preview that never ran it is noticed.
 */
const TRANSPORT_FLAKE = /One or more errors occurred: 14 UNAVAILABLE: No connection established/;

/** Wraps an inline program so that withTransportRetry can tell whether an operation ran it. */
export function countRuns(program: automation.PulumiFn): { program: automation.PulumiFn; runs: () => number } {
  let runs = 0;
  return {
    program: async () => {
      runs++;
      return program();
    },
    runs: () => runs,
  };
}

export function withTransportRetry<S extends automation.Stack>(stack: S, programRuns: () => number): S {
  const methods = stack as unknown as Record<"up" | "preview" | "refresh" | "destroy", (...args: unknown[]) => Promise<unknown>>;
  for (const name of ["up", "preview", "refresh", "destroy"] as const) {
    const original = methods[name].bind(stack);
    const runsProgram = name === "up" || name === "preview";
    methods[name] = async (...args: unknown[]) => {
      const before = programRuns();
      try {
        const result = await original(...args);
        if (!(runsProgram && programRuns() === before)) return result;
      } catch (err) {
        if (!TRANSPORT_FLAKE.test(String((err as Error)?.message))) throw err;
      }
      await new Promise((r) => setTimeout(r, 1000));
      return original(...args);
    };
  }
  return stack;
}

/**
 * A throwaway stack on its own file backend. The program runs in this process; the dynamic
 * provider process runs with the repository root as its working directory.
 */
export async function testStack(
  program: automation.PulumiFn,
  opts: { emulatorHost?: string; config?: Record<string, string>; env?: Record<string, string> },
): Promise<TestStack> {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), "crj-e2e-"));
  const stackName = `e2e${process.pid}x${counter++}`;
  const counted = countRuns(program);
  const stack = await auto.LocalWorkspace.createOrSelectStack(
    { stackName, projectName: "crj-e2e", program: counted.program },
    {
      workDir: stateDir,
      projectSettings: {
        name: "crj-e2e",
        runtime: "nodejs",
        main: ROOT,
        backend: { url: `file://${stateDir}` },
      },
      envVars: {
        // Without an emulator the provider talks to Cloud Run (live acceptance mode, target.ts).
        ...(opts.emulatorHost ? { CLOUD_RUN_EMULATOR_HOST: opts.emulatorHost } : {}),
        PULUMI_BACKEND_URL: `file://${stateDir}`,
        PULUMI_CONFIG_PASSPHRASE: "e2e",
        ...(opts.env ?? {}),
      },
    },
  );
  withTransportRetry(stack, counted.runs);
  const config = { "gcp:project": "e2e-project", "gcp:region": "europe-west1", ...(opts.config ?? {}) };
  await stack.setAllConfig(Object.fromEntries(Object.entries(config).map(([k, v]) => [k, { value: v }])));
  return {
    stack,
    stateDir,
    cleanup: async () => {
      try {
        await stack.workspace.removeStack(stackName, { force: true });
      } finally {
        rmSync(stateDir, { recursive: true, force: true });
      }
      // Nothing the stack's operations started outlives them (provider hosts: test/e2e/processes.ts).
      await expectNoLeftoverProcesses(`after the operations of stack ${stackName}`);
    },
  };
}
