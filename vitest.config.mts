import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // End-to-end tests drive the real `pulumi` engine: minutes, not milliseconds.
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Each e2e file gets its own emulator and stack; files still run one at a time so two
    // engines do not compete for the machine's two cores.
    fileParallelism: false,
    reporters: ["default"],
  },
});
