// Jobs RPCs through the real JobsClient: defaults echoed, output-only fields maintained,
// paging, allow_missing, etag conflicts, validate_only, soft delete, IAM.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FAST, PARENT, createJob, jobBody, jobName, plainJob, rejection, startHarness, type Harness, type IJob } from "../harness";

const Code = { INVALID_ARGUMENT: 3, NOT_FOUND: 5, ALREADY_EXISTS: 6, ABORTED: 10, UNIMPLEMENTED: 12 };

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());
beforeEach(() => h.emulator.reset());

async function update(job: IJob, extra: { allowMissing?: boolean; validateOnly?: boolean } = {}): Promise<IJob> {
  const [op] = await h.jobs.updateJob({ job, ...extra }, FAST);
  const [result] = await op.promise();
  return plainJob(result);
}

describe("CreateJob", () => {
  it("fills and echoes Cloud Run's defaults (§3.3) on the LRO response and on GetJob", async () => {
    const created = await createJob(h, "defaults");
    const [got] = await h.jobs.getJob({ name: jobName("defaults") });
    for (const job of [created, got]) {
      expect(job.launchStage).toBe("GA");
      expect(job.template?.taskCount).toBe(1);
      expect(job.template?.parallelism).toBe(0);
      const tt = job.template!.template!;
      expect(tt.maxRetries).toBe(3);
      expect(tt.timeout).toEqual({ seconds: "600", nanos: 0 });
      expect(tt.serviceAccount).toMatch(/^\d+-compute@developer\.gserviceaccount\.com$/);
      expect(tt.executionEnvironment).toBe("EXECUTION_ENVIRONMENT_GEN2");
      expect(tt.containers![0]!.resources!.limits).toEqual({ cpu: "1000m", memory: "512Mi" });
    }
  });

  it("keeps an explicit maxRetries: 0 (oneof presence) and user limits", async () => {
    const job = await createJob(
      h,
      "zero",
      jobBody({ maxRetries: 0, containers: [{ image: "busybox", resources: { limits: { cpu: "2", memory: "1Gi" } } }] }),
    );
    expect(job.template!.template!.maxRetries).toBe(0);
    expect(job.template!.template!.containers![0]!.resources!.limits).toEqual({ cpu: "2", memory: "1Gi" });
  });

  it("fills probe, VPC egress, secret volume and empty-dir defaults", async () => {
    const job = await createJob(
      h,
      "nested",
      jobBody({
        containers: [
          {
            image: "busybox",
            ports: [{ containerPort: 9000 }],
            startupProbe: { httpGet: {} },
            livenessProbe: { tcpSocket: {} },
            volumeMounts: [
              { name: "s", mountPath: "/secrets" },
              { name: "tmp", mountPath: "/tmp/x" },
            ],
          },
        ],
        vpcAccess: { connector: "projects/p/locations/us-central1/connectors/c" },
        volumes: [
          { name: "s", secret: { secret: "my-secret" } },
          { name: "tmp", emptyDir: {} },
        ],
      }),
    );
    const tt = job.template!.template!;
    expect(tt.containers![0]!.startupProbe).toMatchObject({
      timeoutSeconds: 1,
      periodSeconds: 10,
      failureThreshold: 3,
      httpGet: { path: "/", port: 9000 },
    });
    expect(tt.containers![0]!.livenessProbe).toMatchObject({ tcpSocket: { port: 9000 } });
    expect(tt.vpcAccess!.egress).toBe("PRIVATE_RANGES_ONLY");
    expect(tt.volumes![0]!.secret!.defaultMode).toBe(0o444);
    expect(tt.volumes![1]!.emptyDir!.medium).toBe("MEMORY");
  });

  it("maintains output-only fields (§3.4) and ignores client-sent ones", async () => {
    const job = await createJob(h, "outputs", { ...jobBody(), uid: "mine", generation: 42, etag: "x", creator: "me" });
    expect(job.name).toBe(jobName("outputs"));
    expect(job.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(job.generation).toBe("1");
    expect(job.observedGeneration).toBe("1");
    expect(job.creator).toBe("emulator@cloudrun.local");
    expect(job.lastModifier).toBe("emulator@cloudrun.local");
    expect(job.createTime?.seconds).toBeTruthy();
    expect(job.updateTime).toEqual(job.createTime);
    expect(job.reconciling).toBe(false);
    expect(job.terminalCondition).toMatchObject({ type: "Ready", state: "CONDITION_SUCCEEDED" });
    expect(job.conditions).toEqual([]);
    expect(job.executionCount).toBe(0);
    expect(job.latestCreatedExecution).toBeNull();
    expect(job.etag).toMatch(/^".+"$/);
  });

  it("refuses an existing id with ALREADY_EXISTS", async () => {
    await createJob(h, "twice");
    const r = await rejection(h.jobs.createJob({ parent: PARENT, jobId: "twice", job: jobBody() }));
    expect(r.code).toBe(Code.ALREADY_EXISTS);
    expect(r.message).toBe(`Job ${jobName("twice")} already exists.`);
  });

  it("validate_only returns the defaulted job in a done operation and persists nothing", async () => {
    const [op] = await h.jobs.createJob({ parent: PARENT, jobId: "dry", job: jobBody(), validateOnly: true });
    expect(op.done).toBe(true);
    const job = plainJob((await op.promise())[0]);
    expect(job.template!.template!.maxRetries).toBe(3);
    expect((await rejection(h.jobs.getJob({ name: jobName("dry") }))).code).toBe(Code.NOT_FOUND);
  });

  it("answers an unknown region with UNIMPLEMENTED, like Cloud Run (§3.6)", async () => {
    const r = await rejection(h.jobs.createJob({ parent: "projects/p/locations/moon-base1", jobId: "x", job: jobBody() }));
    expect(r.code).toBe(Code.UNIMPLEMENTED);
  });
});

describe("GetJob / ListJobs", () => {
  it("NOT_FOUND names the job, kind and region", async () => {
    const r = await rejection(h.jobs.getJob({ name: jobName("ghost") }));
    expect(r.code).toBe(Code.NOT_FOUND);
    expect(r.message).toBe("Resource 'ghost' of kind 'JOB' in region 'us-central1' in project 'emu-project' does not exist.");
  });

  it("lists newest first, page by page, with an empty token at the end", async () => {
    for (const id of ["a1", "a2", "a3", "a4", "a5"]) await createJob(h, id);
    const [page1, next1] = await h.jobs.listJobs({ parent: PARENT, pageSize: 2 }, { autoPaginate: false });
    expect(page1.map((j) => j.name!.split("/").pop())).toEqual(["a5", "a4"]);
    const [page2, next2] = await h.jobs.listJobs({ parent: PARENT, pageSize: 2, pageToken: next1!.pageToken }, { autoPaginate: false });
    expect(page2.map((j) => j.name!.split("/").pop())).toEqual(["a3", "a2"]);
    const [page3, next3, raw3] = await h.jobs.listJobs(
      { parent: PARENT, pageSize: 2, pageToken: next2!.pageToken },
      { autoPaginate: false },
    );
    expect(page3.map((j) => j.name!.split("/").pop())).toEqual(["a1"]);
    expect(next3).toBeNull();
    expect(raw3!.nextPageToken).toBe("");
    const [all] = await h.jobs.listJobs({ parent: PARENT, pageSize: 2 });
    expect(all).toHaveLength(5);
    expect(all[0]!.template!.template!.maxRetries).toBe(3);
  });

  it("only lists the parent's jobs and rejects a foreign page token", async () => {
    await createJob(h, "here");
    const [other] = await h.jobs.listJobs({ parent: "projects/emu-project/locations/europe-west1" });
    expect(other).toEqual([]);
    const r = await rejection(h.jobs.listJobs({ parent: PARENT, pageToken: "garbage" }, { autoPaginate: false }));
    expect(r.code).toBe(Code.INVALID_ARGUMENT);
  });
});

describe("UpdateJob", () => {
  it("replaces the desired state, bumps generation, changes etag and update time", async () => {
    const created = await createJob(h, "upd");
    await new Promise((r) => setTimeout(r, 5));
    const updated = await update({ ...jobBody({ maxRetries: 1 }), name: jobName("upd"), labels: { team: "a" } });
    expect(updated.generation).toBe("2");
    expect(updated.observedGeneration).toBe("2");
    expect(updated.uid).toBe(created.uid);
    expect(updated.createTime).toEqual(created.createTime);
    expect(updated.etag).not.toBe(created.etag);
    expect(updated.labels).toEqual({ team: "a" });
    expect(updated.template!.template!.maxRetries).toBe(1);
  });

  it("NOT_FOUND without allow_missing, creates with it", async () => {
    const body = { ...jobBody(), name: jobName("missing") };
    expect((await rejection(h.jobs.updateJob({ job: body }))).code).toBe(Code.NOT_FOUND);
    const created = await update(body, { allowMissing: true });
    expect(created.generation).toBe("1");
  });

  it("ABORTED on a stale etag; the current etag succeeds", async () => {
    const created = await createJob(h, "etag");
    await update({ ...jobBody({ maxRetries: 1 }), name: jobName("etag") });
    const r = await rejection(h.jobs.updateJob({ job: { ...jobBody(), name: jobName("etag"), etag: created.etag } }));
    expect(r.code).toBe(Code.ABORTED);
    const [current] = await h.jobs.getJob({ name: jobName("etag") });
    const ok = await update({ ...jobBody({ maxRetries: 2 }), name: jobName("etag"), etag: current.etag });
    expect(ok.generation).toBe("3");
  });

  it("validate_only leaves the stored job alone", async () => {
    await createJob(h, "vo");
    const preview = await update({ ...jobBody({ maxRetries: 7 }), name: jobName("vo") }, { validateOnly: true });
    expect(preview.template!.template!.maxRetries).toBe(7);
    const [got] = await h.jobs.getJob({ name: jobName("vo") });
    expect(got.generation).toBe("1");
    expect(got.template!.template!.maxRetries).toBe(3);
  });
});

describe("DeleteJob", () => {
  it("deletes, returns the job with delete and expire times, and keeps it for show_deleted", async () => {
    await createJob(h, "del");
    const [op] = await h.jobs.deleteJob({ name: jobName("del") }, FAST);
    const deleted = plainJob((await op.promise())[0]);
    expect(deleted.deleteTime?.seconds).toBeTruthy();
    expect(deleted.expireTime?.seconds).toBeTruthy();
    expect((await rejection(h.jobs.getJob({ name: jobName("del") }))).code).toBe(Code.NOT_FOUND);
    expect((await h.jobs.listJobs({ parent: PARENT }))[0]).toEqual([]);
    const [withDeleted] = await h.jobs.listJobs({ parent: PARENT, showDeleted: true });
    expect(withDeleted.map((j) => j.name)).toEqual([jobName("del")]);
    // The id is free again.
    await createJob(h, "del");
  });

  it("ABORTED on a stale etag, NOT_FOUND when absent, validate_only keeps the job", async () => {
    await createJob(h, "del2");
    expect((await rejection(h.jobs.deleteJob({ name: jobName("del2"), etag: '"stale"' }))).code).toBe(Code.ABORTED);
    expect((await rejection(h.jobs.deleteJob({ name: jobName("nope") }))).code).toBe(Code.NOT_FOUND);
    const [op] = await h.jobs.deleteJob({ name: jobName("del2"), validateOnly: true });
    expect(op.done).toBe(true);
    await h.jobs.getJob({ name: jobName("del2") });
  });
});

describe("IAM", () => {
  it("stores a policy with read-modify-write etags and grants every tested permission", async () => {
    await createJob(h, "iam");
    const resource = jobName("iam");
    const [empty] = await h.jobs.getIamPolicy({ resource });
    expect(empty.bindings).toEqual([]);
    const policy = { bindings: [{ role: "roles/run.invoker", members: ["user:a@example.com"] }], etag: empty.etag };
    const [set] = await h.jobs.setIamPolicy({ resource, policy });
    expect(set.bindings).toEqual(policy.bindings.map((b) => ({ ...b, condition: null })));
    const [got] = await h.jobs.getIamPolicy({ resource });
    expect(got.bindings![0]!.members).toEqual(["user:a@example.com"]);
    expect((await rejection(h.jobs.setIamPolicy({ resource, policy }))).code).toBe(Code.ABORTED);
    const [tested] = await h.jobs.testIamPermissions({ resource, permissions: ["run.jobs.run", "run.jobs.get"] });
    expect(tested.permissions).toEqual(["run.jobs.run", "run.jobs.get"]);
    expect((await rejection(h.jobs.getIamPolicy({ resource: jobName("nope") }))).code).toBe(Code.NOT_FOUND);
  });
});
