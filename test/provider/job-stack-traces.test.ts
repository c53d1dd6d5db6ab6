// The Job leaves the SDK's leak-report stacks empty while it registers (provider/job.ts), and
// only then: the limit comes back, PULUMI_DEBUG_PROMISE_LEAKS still gets its stacks, and an
// error thrown while registering still says where the Job was declared.
import * as pulumi from "@pulumi/pulumi";
import * as debuggableModule from "@pulumi/pulumi/runtime/debuggable";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { Job } from "../../provider/job";

type Stamped = Promise<unknown> & { _debugCtx?: string; _debugStackTrace?: string };
// The SDK's promise wrapper is @internal: present at run time, absent from its declarations.
const debuggable = debuggableModule as unknown as { debuggablePromise(p: Promise<unknown>, ctx: unknown): Promise<unknown> };

/** The stack stamped on every promise the SDK makes for the Job's properties while `fn` runs. */
function propertyStacks(fn: () => void): string[] {
  const stamped: Stamped[] = [];
  const original = debuggable.debuggablePromise;
  const spy = vi.spyOn(debuggable, "debuggablePromise").mockImplementation((p, ctx) => {
    const out = original(p, ctx);
    if (String(ctx).startsWith("transferProperty(")) stamped.push(p as Stamped);
    return out;
  });
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return stamped.map((p) => p._debugStackTrace ?? "");
}

const manifest = {
  metadata: { name: "nightly" },
  spec: { template: { spec: { template: { spec: { containers: [{ image: "busybox" }] } } } } },
};

beforeAll(() => {
  pulumi.runtime.setMocks(
    { newResource: (a) => ({ id: `projects/p/locations/r/jobs/${a.name}`, state: a.inputs }), call: () => ({}) },
    "project",
    "stack",
    true,
  );
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("Job registration and the SDK's promise stacks", () => {
  it("stamps no stack on its property promises, and restores Error.stackTraceLimit", () => {
    const before = Error.stackTraceLimit;
    const stacks = propertyStacks(() => new Job("quiet", manifest));
    expect(stacks.length).toBeGreaterThanOrEqual(8);
    expect(stacks.every((s) => !s.includes("\n    at "))).toBe(true);
    expect(Error.stackTraceLimit).toBe(before);
  });

  it("keeps the stacks when PULUMI_DEBUG_PROMISE_LEAKS asks for leak reports", () => {
    vi.stubEnv("PULUMI_DEBUG_PROMISE_LEAKS", "1");
    const stacks = propertyStacks(() => new Job("debugged", manifest));
    expect(stacks.length).toBeGreaterThanOrEqual(8);
    expect(stacks.every((s) => s.includes("\n    at "))).toBe(true);
  });

  it("gives an error thrown while registering a stack that names the caller", () => {
    const before = Error.stackTraceLimit;
    let caught: unknown;
    function declareWithoutName() {
      new Job(undefined as unknown as string, manifest);
    }
    try {
      declareWithoutName();
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(Error);
    expect((caught as Error).message).toMatch(/Missing resource name/);
    expect((caught as Error).stack).toContain("declareWithoutName");
    expect(Error.stackTraceLimit).toBe(before);
  });
});
