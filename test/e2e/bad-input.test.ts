// Bad input on the real engine: one manifest of each group of the corpus is previewed and
// upped on its own; the engine shows the property and the reason, and the emulator sees no
// call at all. (Every manifest of the corpus goes through the provider's check in
// test/provider/bad-input.test.ts; the engine stops at the first refused resource.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { badInputs, type BadInput } from "../provider/engine/bad-input-corpus";
import { built, testStack, type TestStack } from "./harness";

const T = 300_000;
const objects = badInputs().filter((c) => c.manifest !== null && typeof c.manifest === "object");
// The first and the last case of each group.
const onePerGroup = [
  ...new Map(objects.map((c) => [c.group, c])).values(),
  ...new Map([...objects].reverse().map((c) => [c.group, c])).values(),
];

describe("bad input on the real engine", () => {
  let emulator: RunningEmulator;
  let ts: TestStack;
  let current: BadInput | undefined;
  beforeAll(async () => {
    emulator = await startEmulator({ quiet: true });
    ts = await testStack(
      async () => {
        const { Job } = built();
        if (current) new Job("bad", current.manifest as never);
      },
      { emulatorHost: emulator.address },
    );
  }, T);
  afterAll(async () => {
    await ts?.cleanup();
    await emulator?.stop();
  }, T);

  it.each(onePerGroup.map((c) => [c.group, c.name, c] as const))(
    "%s (%s): refused at check, zero API calls",
    async (_group, _name, c) => {
      current = c;
      emulator.calls.reset();
      const preview = await ts.stack.preview().then(
        (r) => `passed?! ${r.stdout}`,
        (err: Error) => err.message,
      );
      expect(preview).toMatch(/pulumi-nodejs:dynamic\/cloudrun:Job resource 'bad': property /);
      expect(preview).toContain(c.path.split("[")[0]!.split(".")[0]!);
      expect(preview).not.toMatch(/\n\s+at .*\.js:\d+/); // no stack trace for bad input
      const up = await ts.stack.up().then(
        () => "passed?!",
        (err: Error) => err.message,
      );
      expect(up).toMatch(/property .* has a problem/);
      expect(emulator.calls.count("*")).toBe(0);
    },
    T,
  );
});
