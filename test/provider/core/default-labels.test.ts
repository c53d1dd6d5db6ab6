// gcp:defaultLabels as @pulumi/gcp applies them (core/default-labels.ts): read from the stack
// config, refused when they could not be labels, and merged by check under the job's own
// `metadata.labels` (a job label wins), so the inputs, the outputs and a refresh agree.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkInputs } from "../../../provider/core/check";
import { defaultLabelsOf, withDefaultLabels } from "../../../provider/core/default-labels";
import { UNKNOWN } from "../../../provider/core/unknown";
import { jobManifest } from "../../fixtures/manifests";

const config = (value: string | undefined) => (key: string) => (key === "gcp:defaultLabels" ? value : undefined);
const SETTINGS = { project: "my-project", region: "us-central1" };

describe("defaultLabelsOf", () => {
  it.each([
    ["unset", undefined, {}],
    ["a map (its JSON text, as the engine sends a map)", '{"team":"platform","env":"dev"}', { labels: { team: "platform", env: "dev" } }],
    ["numbers and booleans as text", '{"tier":1,"managed":true}', { labels: { tier: "1", managed: "true" } }],
    ["an empty map", "{}", {}],
  ])("%s", (_title, value, expected) => {
    expect(defaultLabelsOf(config(value))).toEqual(expected);
  });

  it.each([
    [
      "not JSON",
      "team=platform",
      "gcp:defaultLabels is not a map of labels: set them as a map of label keys to values: `pulumi config set --path 'gcp:defaultLabels.team' platform`",
    ],
    [
      "a list",
      '["a"]',
      "gcp:defaultLabels is not a map of labels: set them as a map of label keys to values: `pulumi config set --path 'gcp:defaultLabels.team' platform`",
    ],
    ["a value that is a map", '{"a":{"b":1}}', /^gcp:defaultLabels\.a must be a label value \(text\), got \{"b":1\}/],
    ["an upper-case key", '{"Team":"x"}', /^gcp:defaultLabels\.Team: `Team` is not a Google Cloud label key/],
    ["an upper-case value", '{"team":"X"}', /^gcp:defaultLabels\.team: `X` is not a Google Cloud label value/],
    [
      "a key Cloud Run reserves",
      '{"run.googleapis.com/x":"y"}',
      /^gcp:defaultLabels\.run\.googleapis\.com\/x: `run\.googleapis\.com\/x` is in a namespace reserved for Cloud Run/,
    ],
    [
      "the location label",
      '{"cloud.googleapis.com/location":"us-central1"}',
      /^gcp:defaultLabels\.cloud\.googleapis\.com\/location: `cloud\.googleapis\.com\/location` is set by Cloud Run itself/,
    ],
  ])("refuses %s", (_title, value, message) => {
    const { problem } = defaultLabelsOf(config(value));
    if (typeof message === "string") expect(problem).toBe(message);
    else expect(problem).toMatch(message);
  });
});

describe("withDefaultLabels", () => {
  const defaults = { team: "platform", env: "dev" };

  it("puts them under the job's own labels: a job label wins", () => {
    expect(withDefaultLabels({ metadata: { name: "x", labels: { env: "prod" } } }, defaults)).toEqual({
      metadata: { name: "x", labels: { team: "platform", env: "prod" } },
    });
  });

  it("gives a manifest without metadata or labels the defaults", () => {
    expect(withDefaultLabels({ spec: {} }, defaults)).toEqual({ spec: {}, metadata: { labels: defaults } });
    expect(withDefaultLabels({ metadata: { name: "x" } }, defaults)).toEqual({ metadata: { name: "x", labels: defaults } });
  });

  it("leaves alone what is not a map, or labels still unknown in a preview", () => {
    for (const raw of [{ metadata: UNKNOWN }, { metadata: { labels: UNKNOWN } }, { metadata: [] }, { metadata: { labels: "x" } }]) {
      expect(withDefaultLabels(raw, defaults)).toBe(raw);
    }
  });

  it("keeps a job label whose value is still unknown", () => {
    expect(withDefaultLabels({ metadata: { labels: { env: UNKNOWN } } }, defaults)).toEqual({
      metadata: { labels: { team: "platform", env: UNKNOWN } },
    });
  });
});

describe("check with default labels", () => {
  it("returns inputs whose labels carry them, under the job's", () => {
    const manifest = jobManifest();
    const checked = checkInputs(
      {},
      { ...manifest, metadata: { ...(manifest.metadata as object), labels: { env: "prod" } } },
      {
        ...SETTINGS,
        defaultLabels: { team: "platform", env: "dev" },
      },
    );
    expect(checked.failures).toBeUndefined();
    expect((checked.inputs.metadata as { labels?: unknown }).labels).toEqual({ team: "platform", env: "prod" });
  });

  it("never throws, whatever the metadata", () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (metadata, labels) => {
        const news = { ...jobManifest(), metadata: metadata === undefined ? { labels } : metadata };
        const checked = checkInputs({}, news as Record<string, unknown>, { ...SETTINGS, defaultLabels: { team: "platform" } });
        expect(checked.inputs ?? checked.failures).toBeDefined();
      }),
      { numRuns: 300 },
    );
  });
});
