// The Job class sends the logical name inside `__owner` (one hidden input instead of two); check
// reads it from there for autonames and stores it as `__logicalName`, as states always had it.
import { describe, expect, it } from "vitest";
import { check } from "../../../provider/provider";

const manifest = (extra: Record<string, unknown>) => ({
  apiVersion: "run.googleapis.com/v1",
  kind: "Job",
  project: "ln-project",
  region: "europe-west1",
  spec: { template: { spec: { template: { spec: { containers: [{ image: "img" }] } } } } },
  ...extra,
});

describe("logical name", () => {
  it("comes from the owner when the Job class sends no __logicalName", async () => {
    const first = await check({}, manifest({ __owner: "dev::infra::nightly-report" }));
    expect(first.failures ?? []).toEqual([]);
    expect(first.inputs.__logicalName).toBe("nightly-report");
    expect(first.inputs.name).toMatch(/^nightly-report-[a-z0-9]+$/);
    expect(first.inputs.__owner).toBe("dev::infra::nightly-report");

    // The autoname survives the next check (same logical name), from a state of either shape.
    const again = await check(first.inputs, manifest({ __owner: "dev::infra::nightly-report" }));
    expect(again.inputs.name).toBe(first.inputs.name);
    const { __owner: _o, ...oldShape } = first.inputs;
    const fromOldState = await check(oldShape, manifest({ __owner: "dev::infra::nightly-report" }));
    expect(fromOldState.inputs.name).toBe(first.inputs.name);

    // A resource renamed through `aliases` (the only way check sees old inputs of another
    // logical name) keeps its job: a new name would replace it and run its token again.
    const renamed = await check(first.inputs, manifest({ __owner: "dev::infra::weekly-report" }));
    expect(renamed.inputs.name).toBe(first.inputs.name);
    // A new resource (no old inputs) draws its own.
    expect((await check({}, manifest({ __owner: "dev::infra::weekly-report" }))).inputs.name).toMatch(/^weekly-report-/);
  });

  it("keeps a resource name that itself holds '::'", async () => {
    const r = await check({}, manifest({ __owner: "dev::infra::a::b", metadata: { name: "fixed" } }));
    expect(r.inputs.__logicalName).toBe("a::b");
    expect(r.inputs.name).toBe("fixed");
  });
});
