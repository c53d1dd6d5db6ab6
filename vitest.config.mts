import { defineConfig } from "vitest/config";

// The tests by cost, one vitest project per tier (`npm run test:<tier>` runs one; `npm test`
// runs them all, cheapest first, one tier at a time so two tiers never compete for the machine's
// two cores):
//   unit              in-process: the pure core, the provider on an engine double, the
//                     emulator and the real clients pointed at it; no build, no Pulumi engine, no gcloud
//   emulator-clients  the emulator from outside: its own CLI as a process, and gcloud (one of
//                     whose round trips deploys the built package with the real engine)
//   package           what ships: the built bundle, the packed tarball, the whole-repo type check
//   e2e               the real `pulumi` engine through the Automation API and the CLI: minutes
const EMULATOR_CLI = ["test/emulator/cli/**/*.test.ts", "test/emulator/logging/cli.test.ts"];
const PACKAGE = ["test/provider/load-path.test.ts", "test/package/**/*.test.ts", "test/project/**/*.test.ts"];

export default defineConfig({
  test: {
    // End-to-end tests drive the real `pulumi` engine: minutes, not milliseconds.
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ["default"],
    // Now and then, under load, the Automation API's in-process language host cannot reach the
    // engine: the Pulumi SDK's Stack.initialize (setRootResource) rejects with "14 UNAVAILABLE:
    // No connection established" and leaves that rejection unhandled. test/e2e/harness.ts
    // notices it and runs the operation again, so it is not a failure of its own. Every other
    // unhandled error still fails the run.
    onUnhandledError(error) {
      const text = `${error?.message ?? ""}\n${(error as { stack?: string })?.stack ?? ""}`;
      if (/14 UNAVAILABLE: No connection established/.test(text) && /setRootResource/.test(text)) return false;
    },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/provider/**/*.test.ts", "test/emulator/**/*.test.ts", "test/conformance/**/*.test.ts"],
          exclude: [...EMULATOR_CLI, ...PACKAGE],
          // Files own their emulators on ephemeral ports, so they can run side by side. Four at
          // once on two cores: the three longest files (the fault matrix over each transport,
          // run-logs) mostly wait on injected latency, retries and task processes, and with two
          // or three workers everything else queued behind them. Measured on this machine at
          // load 1-3.5, one after the other: 93 s with two, 82 s with three, 66 s with four.
          fileParallelism: true,
          maxWorkers: 4,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "emulator-clients",
          include: [...EMULATOR_CLI, "test/gcloud/**/*.test.ts"],
          // gcloud is CPU-bound at start; test/gcloud/harness.ts already runs two at once.
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: "package",
          include: PACKAGE,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts", "test/examples/**/*.test.ts", "test/cli/**/*.test.ts"],
          // Each e2e file gets its own emulator and stack; files still run one at a time so two
          // engines do not compete for the machine's two cores.
          fileParallelism: false,
          sequence: { groupOrder: 3 },
        },
      },
    ],
  },
});
