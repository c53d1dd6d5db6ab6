import { describe, expect, it } from "vitest";
import { diffJob } from "../../../provider/core/diff";
import { UNKNOWN } from "../../../provider/core/unknown";

const spec = (image: string, extra: Record<string, unknown> = {}) => ({
  ...extra,
  template: { spec: { template: { spec: { containers: [{ image }] } } } },
});

const applied = {
  project: "p",
  region: "europe-west1",
  name: "job-a",
  metadata: { name: "job-a", labels: { team: "data" }, uid: "u-1", generation: 3, resourceVersion: '"e1"' },
  spec: spec("busybox"),
  status: { observedGeneration: 3, executionCount: 7, conditions: [] },
};
const inputs = {
  project: "p",
  region: "europe-west1",
  name: "job-a",
  metadata: { name: "job-a", labels: { team: "data" } },
  spec: spec("busybox"),
};

describe("diffJob", () => {
  it("reports nothing when only server-reported fields differ", () => {
    expect(diffJob(applied, inputs)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false, paths: [], tokens: [] });
  });

  it("an image change is an in-place update of that field", () => {
    const d = diffJob(applied, { ...inputs, spec: spec("alpine") });
    expect(d).toMatchObject({ changes: true, replaces: [] });
    expect(d.paths).toEqual(["spec.template.spec.template.spec.containers[0].image"]);
  });

  it.each(["project", "region", "name"])("a changed %s replaces, deleting first when the name is fixed", (key) => {
    const d = diffJob(applied, { ...inputs, [key]: "other" });
    expect(d.replaces).toEqual([key]);
    expect(d.deleteBeforeReplace).toBe(true);
  });

  it("an autonamed job is replaced create-before-delete", () => {
    const { metadata: _m, ...unnamed } = inputs;
    const d = diffJob({ ...applied, metadata: {} }, { ...unnamed, region: "us-central1" });
    expect(d).toMatchObject({ replaces: ["region"], deleteBeforeReplace: false });
  });

  it("a label change is an update", () => {
    const d = diffJob(applied, { ...inputs, metadata: { name: "job-a", labels: { team: "web" } } });
    expect(d).toMatchObject({ changes: true, replaces: [], paths: ["metadata.labels.team"] });
  });

  it("a value unknown during preview is a change", () => {
    const d = diffJob(applied, { ...inputs, spec: spec(UNKNOWN) });
    expect(d.changes).toBe(true);
    expect(d.replaces).toEqual([]);
  });

  it("an unknown name is a possible replacement", () => {
    expect(diffJob(applied, { ...inputs, name: UNKNOWN }).replaces).toEqual(["name"]);
  });

  it("a new token is an update that will run the job", () => {
    const d = diffJob(applied, { ...inputs, spec: spec("busybox", { runExecutionToken: "v2" }) });
    expect(d).toMatchObject({ changes: true, replaces: [], tokens: ["runExecutionToken"] });
  });

  it("removing a token is a change but starts nothing", () => {
    const withToken = { ...applied, spec: spec("busybox", { startExecutionToken: "v1" }) };
    const d = diffJob(withToken, inputs);
    expect(d).toMatchObject({ changes: true, tokens: [] });
  });
});

describe("replaceOnChanges patterns", () => {
  it.each([
    ["metadata.labels.team", "metadata.labels", true],
    ["metadata.labels", "metadata.labels", true],
    ["metadata.labelsx", "metadata.labels", false],
    ["spec.template.spec.template.spec.containers[0].image", "spec.template.spec.template.spec.containers[*].image", true],
    ["spec.template.spec.template.spec.containers[0].args", "spec.template.spec.template.spec.containers[*].image", false],
    ["spec.runExecutionToken", "*", true],
  ])("%s under %s: %s", async (path, pattern, expected) => {
    const { matchesPattern } = await import("../../../provider/core/diff");
    expect(matchesPattern(path, pattern)).toBe(expected);
  });

  it("a matching change becomes a replacement of its top-level key", () => {
    const d = diffJob(applied, { ...inputs, metadata: { name: "job-a", labels: { team: "web" } } }, ["metadata.labels"]);
    expect(d.replaces).toEqual(["metadata"]);
  });
});
