// The Job class's side of secretness (provider/job.ts), under Pulumi mocks: the hidden input
// `__secretPaths` lists the paths of the secret values wherever an Output or a Promise puts
// them, is not registered at all for args without one (the program's per-Job cost), and an env
// var that looks secret and is plaintext gets one warning on the resource, never its value.
import * as pulumi from "@pulumi/pulumi";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { SECRET_PATHS } from "../../provider/core/inputs";
import { Job, type JobArgs } from "../../provider/job";

const registered = new Map<string, Record<string, unknown>>();

beforeAll(() => {
  pulumi.runtime.setMocks(
    {
      newResource: (a) => {
        registered.set(a.name, a.inputs);
        return { id: `projects/p/locations/r/jobs/${a.name}`, state: a.inputs };
      },
      call: () => ({}),
    },
    "project",
    "stack",
    true,
  );
});

afterEach(() => {
  vi.restoreAllMocks();
});

const CONTAINER = "spec.template.spec.template.spec.containers[0]";
const args = (env: unknown[], image: unknown = "busybox"): JobArgs =>
  ({ spec: { template: { spec: { template: { spec: { containers: [{ image, env }] } } } } } }) as JobArgs;

/** Declares a Job and waits until the mocks have registered it: its registered inputs. */
async function declare(name: string, jobArgs: JobArgs): Promise<Record<string, unknown>> {
  const job = new Job(name, jobArgs);
  await new Promise((resolve) => job.urn.apply(resolve));
  return registered.get(name)!;
}

function warnings(): { messages: string[]; resources: unknown[] } {
  const spy = vi.mocked(pulumi.log.warn);
  return { messages: spy.mock.calls.map((c) => String(c[0])), resources: spy.mock.calls.map((c) => c[1]) };
}

describe("Job: the paths of secret values", () => {
  it("lists them, sorted, at any depth and through Promises and Outputs", async () => {
    const inputs = await declare(
      "mixed",
      args(
        [
          { name: "MODE", value: "batch" },
          { name: "DB_PASSWORD", value: pulumi.secret("hunter2") },
          { name: "NESTED", value: Promise.resolve(pulumi.secret("p")) },
          { name: "PLAIN_OUTPUT", value: pulumi.output("x") },
        ],
        pulumi.output("busybox"),
      ),
    );
    expect(inputs[SECRET_PATHS]).toEqual([`${CONTAINER}.env[1].value`, `${CONTAINER}.env[2].value`]);
  });

  it("a whole list given as one secret is one path", async () => {
    const inputs = await declare("whole", {
      spec: { template: { spec: { template: { spec: { containers: pulumi.secret([{ image: "busybox" }]) } } } } },
    } as JobArgs);
    expect(inputs[SECRET_PATHS]).toEqual(["spec.template.spec.template.spec.containers"]);
  });

  it("is an empty list when Outputs are there but none is secret", async () => {
    const inputs = await declare("plain-outputs", args([{ name: "MODE", value: pulumi.output("batch") }]));
    expect(inputs[SECRET_PATHS]).toEqual([]);
  });

  it("is not registered when the args hold no Output or Promise (nothing in them can be secret)", async () => {
    const inputs = await declare("literal", args([{ name: "MODE", value: "batch" }]));
    expect(SECRET_PATHS in inputs).toBe(false);
  });
});

describe("Job: env vars that look secret and are plaintext", () => {
  it("warns once, on the resource, naming the env var and its container, never the value", async () => {
    vi.spyOn(pulumi.log, "warn").mockResolvedValue(undefined);
    await declare(
      "literal-password",
      args([
        { name: "DB_PASSWORD", value: "hunter2" },
        { name: "API_KEY", value: "k-123" },
      ]),
    );
    const { messages, resources } = warnings();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(new RegExp(`^env DB_PASSWORD \\(${CONTAINER.replace(/[.[\]]/g, "\\$&")}\\.env\\[0\\]\\), API_KEY \\(`));
    expect(messages[0]).toContain('valueFrom: { secretKeyRef: { name: "<secret>", key: "latest" } }');
    expect(messages[0]).toContain("pulumi.secret(...)");
    expect(messages[0]).not.toMatch(/hunter2|k-123/);
    expect(resources[0]).toBeInstanceOf(Job);
  });

  it("warns for a plaintext Output too, after resolving it", async () => {
    vi.spyOn(pulumi.log, "warn").mockResolvedValue(undefined);
    await declare("output-password", args([{ name: "DB_PASSWORD", value: pulumi.output("hunter2") }]));
    expect(warnings().messages).toHaveLength(1);
    expect(warnings().resources[0]).toBeInstanceOf(Job);
  });

  it("says nothing for a secret, a valueFrom, or a name that does not look secret", async () => {
    vi.spyOn(pulumi.log, "warn").mockResolvedValue(undefined);
    await declare(
      "quiet",
      args([
        { name: "DB_PASSWORD", value: pulumi.secret("hunter2") },
        { name: "API_KEY", valueFrom: { secretKeyRef: { name: "api", key: "latest" } } },
        { name: "KEY_ID", value: "k1" },
      ]),
    );
    await declare("quiet-literal", args([{ name: "MODE", value: "batch" }]));
    expect(warnings().messages).toEqual([]);
  });
});
