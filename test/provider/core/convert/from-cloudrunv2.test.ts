// gcp.cloudrunv2.Job arguments → v1 manifest: for each shape, the manifest passes check, this
// package sends the fields pulumi-gcp sent (`sends`: the v2 Job pulumi-gcp's provider makes from
// the arguments, per the Terraform google_cloud_run_v2_job reference), and the job pulumi-gcp made,
// read back by this package, is the converted manifest (so adopting it changes nothing).
import { describe, expect, it } from "vitest";
import { checkInputs } from "../../../../provider/core/check";
import { CASES } from "./cases";
import { convertOk, expectAdoptionUnchanged, gcpJob, IMAGE } from "./helpers";

describe("pulumi-gcp cloudrunv2.Job arguments convert to a v1 manifest", () => {
  it.each(Object.entries(CASES))("%s", (_, c) => {
    const { result, canonical, api } = convertOk(gcpJob(c.parts));
    expect(api).toMatchObject(c.ours ?? c.sends);
    expectAdoptionUnchanged(c.sends, canonical);
    for (const pattern of c.notes ?? []) expect(result.notes).toContainEqual(expect.stringMatching(pattern));
    expect(result.importId).toBe("projects/my-project/locations/europe-west1/jobs/my-job");
  });

  it("writes the manifest as v1 spells it, with the Job's project and region beside it", () => {
    const { result } = convertOk(
      gcpJob({
        job: { launchStage: "BETA", labels: { team: "data" } },
        task: { vpcAccess: { connector: "projects/my-project/locations/europe-west1/connectors/run-vpc", egress: "ALL_TRAFFIC" } },
        container: { envs: [{ name: "KEY", valueSource: { secretKeyRef: { secret: "k", version: "1" } } }] },
      }),
    );
    expect(result.manifest).toEqual({
      project: "my-project",
      region: "europe-west1",
      apiVersion: "run.googleapis.com/v1",
      kind: "Job",
      metadata: {
        name: "my-job",
        labels: { team: "data" },
        annotations: { "run.googleapis.com/launch-stage": "BETA" },
      },
      spec: {
        template: {
          metadata: {
            annotations: {
              "run.googleapis.com/vpc-access-connector": "projects/my-project/locations/europe-west1/connectors/run-vpc",
              "run.googleapis.com/vpc-access-egress": "all-traffic",
            },
          },
          spec: {
            template: {
              spec: { containers: [{ image: IMAGE, env: [{ name: "KEY", valueFrom: { secretKeyRef: { name: "k", key: "1" } } }] }] },
            },
          },
        },
      },
    });
  });

  it("places the job with the Job's own project and region, which a stack configured elsewhere accepts", () => {
    const { result } = convertOk(gcpJob());
    const { failures, inputs } = checkInputs({}, result.manifest as Record<string, unknown>, {
      project: "stack-project",
      region: "us-central1",
      projectFrom: "gcp:project",
      regionFrom: "gcp:region",
    });
    expect(failures ?? []).toEqual([]);
    expect(inputs).toMatchObject({ project: "my-project", region: "europe-west1" });
  });

  it("says where the job lives when the arguments do not, and leaves the import id out", () => {
    const { name: _n, project: _p, location: _l, ...args } = gcpJob();
    const { result } = convertOk(args);
    expect(result.importId).toBeUndefined();
    expect(result.notes).toEqual([
      expect.stringMatching(/^name: not given/),
      expect.stringMatching(/^project: not given: .*`gcp:project`/),
      expect.stringMatching(/^location: not given: .*`gcp:region`/),
    ]);
  });

  it("takes where the job lives from options when the arguments do not say", async () => {
    const { fromCloudRunV2Job } = await import("../../../../provider/core/convert");
    const { project: _p, location: _l, ...args } = gcpJob();
    const result = fromCloudRunV2Job(args, { project: "other-project", location: "us-central1" });
    expect(result.importId).toBe("projects/other-project/locations/us-central1/jobs/my-job");
    expect(result.manifest).toMatchObject({ project: "other-project", region: "us-central1" });
  });

  it("says nothing about deletionProtection when it is off, and notes it when left to pulumi-gcp's default", () => {
    expect(convertOk(gcpJob()).result.notes).toEqual([]);
    const { deletionProtection: _d, ...args } = gcpJob();
    expect(convertOk(args).result.notes).toEqual([expect.stringMatching(/^deletionProtection: pulumi-gcp's own guard/)]);
  });
});
