// No silent change of project (issue 27, item 4): a manifest's namespace or location label that
// names another project or region than the stack's is refused at check, naming both and the fix;
// the Job's own `project`/`region` are deliberate and win; a project number is handed on to `up`.
import { describe, expect, it } from "vitest";
import { checkInputs } from "../../../provider/core/check";
import { placementOf, stackSettingsOf } from "../../../provider/core/placement";
import { UNKNOWN } from "../../../provider/core/unknown";

const job = (metadata: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  apiVersion: "run.googleapis.com/v1",
  kind: "Job",
  metadata: { name: "exported", ...metadata },
  spec: { template: { spec: { template: { spec: { containers: [{ image: "busybox" }] } } } } },
  ...extra,
});
const PROD = { project: "prod-project", region: "europe-west1", projectFrom: "gcp:project", regionFrom: "gcp:region" };

describe("placement", () => {
  it("refuses a namespace that names another project than the stack's, naming both and the fix", () => {
    const r = checkInputs({}, job({ namespace: "staging-project" }), PROD);
    expect(r.failures).toEqual([
      {
        property: "metadata.namespace",
        reason:
          'names project `staging-project`, but this stack deploys to `prod-project` (gcp:project): remove `metadata.namespace` (or set it to `prod-project`) to deploy here, or set `project: "staging-project"` on the Job to deploy there deliberately',
      },
    ]);
  });

  it("refuses a location label that names another region than the stack's", () => {
    const r = checkInputs({}, job({ labels: { "cloud.googleapis.com/location": "us-central1" } }), PROD);
    expect(r.failures?.map((f) => f.property)).toEqual(['metadata.labels["cloud.googleapis.com/location"]']);
    expect(r.failures?.[0]?.reason).toContain("`us-central1`, but this stack deploys to `europe-west1` (gcp:region)");
  });

  it("accepts the same project and region, and the Job's own project/region over the manifest's", () => {
    expect(
      checkInputs({}, job({ namespace: "prod-project", labels: { "cloud.googleapis.com/location": "europe-west1" } }), PROD).failures,
    ).toBeUndefined();
    const deliberate = checkInputs({}, job({ namespace: "staging-project" }, { project: "staging-project" }), PROD);
    expect(deliberate.failures).toBeUndefined();
    expect(deliberate.inputs.project).toBe("staging-project");
  });

  it("takes a project number as the stack's project and hands it on for up to verify", () => {
    const r = checkInputs({}, job({ namespace: "123456789012" }), PROD);
    expect(r.failures).toBeUndefined();
    expect(r.inputs.project).toBe("prod-project");
    expect(r.inputs.__projectNumber).toBe("123456789012");
    expect(r.inputs.name).toBe("exported");
  });

  it("keeps a project number a job was deployed to by an earlier version (no replacement for a spelling)", () => {
    const r = checkInputs({ project: "123456789012", name: "exported" }, job({ namespace: "123456789012" }), PROD);
    expect(r.failures).toBeUndefined();
    expect(r.inputs.project).toBe("123456789012");
    expect(r.inputs.__projectNumber).toBeUndefined();
  });

  it("uses the manifest's namespace where the stack names no project, as before", () => {
    const r = checkInputs({}, job({ namespace: "staging-project" }), { region: "europe-west1" });
    expect(r.failures).toBeUndefined();
    expect(r.inputs.project).toBe("staging-project");
  });

  it("a value still unknown in a preview is no conflict", () => {
    expect(placementOf(job({ namespace: UNKNOWN }), PROD).failures).toEqual([]);
  });

  it("names where the setting came from: stack config, else the environment variable", () => {
    expect(stackSettingsOf(() => undefined, { GOOGLE_CLOUD_PROJECT: "p", CLOUDSDK_RUN_REGION: "r" })).toEqual({
      project: "p",
      projectFrom: "GOOGLE_CLOUD_PROJECT",
      region: "r",
      regionFrom: "CLOUDSDK_RUN_REGION",
    });
    const r = checkInputs(
      {},
      job({ namespace: "other" }),
      stackSettingsOf(() => undefined, { GOOGLE_CLOUD_PROJECT: "p", CLOUDSDK_RUN_REGION: "r" }),
    );
    expect(r.failures?.[0]?.reason).toContain("(GOOGLE_CLOUD_PROJECT)");
  });
});

describe("check failures and secrets", () => {
  it("never show a value the program marked secret", () => {
    const secret = "hunter2-s3cret";
    const news = {
      ...job({}),
      spec: {
        template: {
          spec: { template: { spec: { containers: [{ image: "busybox", env: [{ name: "DB_PASSWORD", valueFrom: secret }] }] } } },
        },
      },
      __secretPaths: ["spec.template.spec.template.spec.containers[0].env[0].valueFrom"],
    };
    const r = checkInputs({}, news, PROD);
    expect(r.failures?.length).toBeGreaterThan(0);
    expect(JSON.stringify(r.failures)).not.toContain(secret);
    expect(JSON.stringify(r.failures)).toContain("****");
    // Not secret: the value is quoted, which helps.
    const plain = checkInputs({}, { ...news, __secretPaths: [] }, PROD);
    expect(JSON.stringify(plain.failures)).toContain(secret);
  });
});
