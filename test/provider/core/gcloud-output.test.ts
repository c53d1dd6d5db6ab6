// What gcloud prints passes check unchanged (issue 27, item 3): the fixtures the real gcloud
// printed (test/fixtures/gcloud, `describe --format export | yaml | json`), the body gcloud sends
// (`--log-http`), the server's label `run.googleapis.com/lastUpdatedTime`, and the empty strings
// gcloud sends for fields it leaves unset. Adoption of each fixture: test/provider/engine/gcloud-fixtures.test.ts.
import { describe, expect, it } from "vitest";
import { checkInputs } from "../../../provider/core/check";
import { checkJobManifest } from "../../../provider/core/check";
import { EMPTY_MEANS_UNSET } from "../../../provider/core/schema/empty-strings";
import { FIXTURE_PROJECT, loadFixtures } from "../../gcloud/fixtures";

const fixtures = loadFixtures();

function canonical(raw: unknown) {
  const { manifest, failures } = checkJobManifest(raw);
  expect(failures).toEqual([]);
  return manifest!;
}

/** Every key of every `labels`/`annotations` map in a manifest. */
function metadataKeys(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) metadataKeys(v, out);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if ((k === "labels" || k === "annotations") && v && typeof v === "object") out.push(...Object.keys(v));
      metadataKeys(v, out);
    }
  }
  return out;
}

describe.each(fixtures.map((f) => [f.file, f] as const))("%s", (_file, f) => {
  it("passes check as printed, and its canonical form is canonical", () => {
    const manifest = canonical(f.manifest);
    expect(checkJobManifest(manifest).manifest).toEqual(manifest);
  });

  it("keeps none of the server's or gcloud's stamps, and the project number and region from the file", () => {
    const manifest = canonical(f.manifest);
    expect(
      metadataKeys(manifest).filter((k) =>
        /run\.googleapis\.com\/(creator|lastModifier|lastUpdatedTime|client-|operation-id)|client\.knative\.dev|cloud\.googleapis\.com/.test(
          k,
        ),
      ),
    ).toEqual([]);
    expect(manifest).toMatchObject({ project: f.manifest.metadata.namespace, region: f.job.region, metadata: { name: f.job.name } });
    expect(manifest.project).toMatch(/^\d+$/);
  });

  it("passes check in a stack that names the project by id: the number is handed on to be verified", () => {
    const r = checkInputs(
      {},
      { ...f.manifest, __owner: "dev::p::job" },
      { project: FIXTURE_PROJECT, region: f.job.region, projectFrom: "gcp:project", regionFrom: "gcp:region" },
    );
    expect(r.failures).toBeUndefined();
    expect(r.inputs).toMatchObject({ project: FIXTURE_PROJECT, region: f.job.region, __projectNumber: f.manifest.metadata.namespace });
  });
});

const base = () => ({
  apiVersion: "run.googleapis.com/v1",
  kind: "Job",
  metadata: { name: "job", namespace: "my-project", labels: { "cloud.googleapis.com/location": "europe-west1" } },
  spec: {
    template: {
      metadata: {} as Record<string, unknown>,
      spec: { template: { spec: { containers: [{ image: "busybox" } as Record<string, unknown>] } } },
    },
  },
});

describe("gcloud's stamps and empty strings", () => {
  it("accepts the body `gcloud run jobs create` sends (--log-http, SDK 528): name '', empty maps, an empty status", () => {
    const sent = {
      apiVersion: "run.googleapis.com/v1",
      kind: "Job",
      metadata: {
        annotations: { "run.googleapis.com/client-name": "gcloud", "run.googleapis.com/client-version": "528.0.0" },
        labels: {},
        name: "loghttp",
        namespace: "my-project",
      },
      spec: {
        template: {
          metadata: {
            annotations: { "run.googleapis.com/client-name": "gcloud", "run.googleapis.com/client-version": "528.0.0" },
            labels: { "client.knative.dev/nonce": "hof_miz_ziq" },
          },
          spec: {
            template: { spec: { containers: [{ image: "us-docker.pkg.dev/cloudrun/container/job:latest", name: "" }], nodeSelector: {} } },
          },
        },
      },
      status: { latestCreatedExecution: {} },
    };
    expect(canonical(sent)).toEqual({
      project: "my-project",
      metadata: { name: "loghttp" },
      spec: { template: { spec: { template: { spec: { containers: [{ image: "us-docker.pkg.dev/cloudrun/container/job:latest" }] } } } } },
    });
  });

  it("a secret of another project: the alias form gcloud sends means the resolved form the emulator answers (deployed.format-export.yaml)", () => {
    const alias = "tok-014d9a04-f1c9-11f1-a564-37dd0bfbc500";
    const sent = base();
    sent.spec.template.metadata.annotations = { "run.googleapis.com/secrets": `${alias}:projects/987654321/secrets/tok` };
    sent.spec.template.spec.template.spec.containers[0]!.env = [
      { name: "TOKEN", valueFrom: { secretKeyRef: { key: "latest", name: alias } } },
    ];
    const answered = base();
    answered.spec.template.spec.template.spec.containers[0]!.env = [
      { name: "TOKEN", valueFrom: { secretKeyRef: { key: "latest", name: "projects/987654321/secrets/tok" } } },
    ];
    expect(canonical(sent)).toEqual(canonical(answered));
  });

  it("drops the label run.googleapis.com/lastUpdatedTime on the job and on the execution template", () => {
    const m = base();
    (m.metadata.labels as Record<string, string>)["run.googleapis.com/lastUpdatedTime"] = "2026-01-02T03:04:05.678Z";
    m.spec.template.metadata.labels = { "run.googleapis.com/lastUpdatedTime": "2026-01-02T03:04:05.678Z", team: "data" };
    const out = canonical(m);
    expect(out.metadata).toEqual({ name: "job" });
    expect(out.spec.template.metadata).toEqual({ labels: { team: "data" } });
  });

  const set = (m: ReturnType<typeof base>, path: ReadonlyArray<string>, value: unknown) => {
    let at: any = m;
    for (const key of path.slice(0, -1)) {
      if (key === "*") at = at[0];
      else at = at[key] ??= key === "ports" ? [{ containerPort: 8080 }] : {};
    }
    at[path[path.length - 1]!] = value;
  };

  it.each(EMPTY_MEANS_UNSET.map((p) => [p.join(".")] as const))("%s: '' is the field left out", (joined) => {
    const path = joined.split(".");
    const withEmpty = base();
    set(withEmpty, path, "");
    const without = base();
    if (path.includes("ports")) set(without, [...path.slice(0, -1), "containerPort"], 8080);
    expect(canonical(withEmpty)).toEqual(canonical(without));
  });

  it("keeps refusing the empty strings that are mistakes (image, service account, job name, tokens)", () => {
    const image = base();
    image.spec.template.spec.template.spec.containers[0]!.image = "";
    const account = base();
    (account.spec.template.spec.template.spec as Record<string, unknown>).serviceAccountName = "";
    const name = base();
    name.metadata.name = "";
    const token = { ...base(), spec: { ...base().spec, runExecutionToken: "" } };
    for (const m of [image, account, name, token]) expect(checkJobManifest(m).failures.length).toBe(1);
  });

  it("does not change the manifest it is given", () => {
    const m = base();
    m.spec.template.spec.template.spec.containers[0]!.name = "";
    const before = structuredClone(m);
    canonical(m);
    expect(m).toEqual(before);
  });
});
