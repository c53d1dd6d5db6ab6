// What gcloud reads of the v1 face and what it sends through the emulator as its proxy, on the
// wire (no gcloud needed; test/gcloud/ runs the real one): one project by id and number, the
// lastUpdatedTime label, executions and tasks that carry their template's annotations, v1
// tasks and IAM, resourceVersion checked with the write, v1 field paths in refusals, the
// proxy that answers only the emulator's hosts and refuses CONNECT.
import * as http from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GCLOUD_APIS, startEmulator, type RunningEmulator } from "../../../emulator";
import { PROJECT, until } from "../harness";

let emulator: RunningEmulator;
const V1 = "/apis/run.googleapis.com/v1";

interface Answer {
  status: number;
  body: Record<string, any>;
}

/** A request to the emulator; with `via`, in absolute form as gcloud sends it to its proxy. */
function request(method: string, path: string, body?: unknown, via?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? "" : JSON.stringify(body);
    const req = http.request(
      {
        host: "127.0.0.1",
        port: emulator.port,
        method,
        path: via ? `http://${via}${path}` : path,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(data), ...(via ? { host: via } : {}) },
      },
      (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c.toString()));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            body: text && res.headers["content-type"]?.includes("json") ? JSON.parse(text) : { text },
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}
const regional = (region: string) => `${region}-${GCLOUD_APIS.run}`;

/** A job as gcloud 528 sends it (`gcloud run jobs create … --set-cloudsql-instances --vpc-connector`). */
const gcloudJob = (name: string, namespace = PROJECT) => ({
  apiVersion: "run.googleapis.com/v1",
  kind: "Job",
  metadata: {
    annotations: { "run.googleapis.com/client-name": "gcloud", "run.googleapis.com/client-version": "528.0.0" },
    labels: { team: "data" },
    name,
    namespace,
  },
  spec: {
    template: {
      metadata: {
        annotations: {
          "run.googleapis.com/client-name": "gcloud",
          "run.googleapis.com/client-version": "528.0.0",
          "run.googleapis.com/cloudsql-instances": "p:europe-west1:db",
          "run.googleapis.com/vpc-access-connector": "c1",
          "run.googleapis.com/vpc-access-egress": "all-traffic",
        },
        labels: { "client.knative.dev/nonce": "yum_niw_fum" },
      },
      spec: {
        taskCount: 2,
        template: { spec: { containers: [{ env: [{ name: "A", value: "1" }], image: "gcr.io/x/y", name: "" }], nodeSelector: {} } },
      },
    },
  },
  status: { latestCreatedExecution: {} },
});

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, taskDurationMs: 20, projectNumbers: { "numbered-project": "424242424242" } });
});
afterAll(() => emulator.stop());
beforeEach(() => {
  emulator.reset();
  emulator.proxy.reset();
});

describe("v1 as gcloud reads it", () => {
  it("knows a project by id and number: namespace answers the number, either reaches the same jobs", async () => {
    const number = emulator.projects.numberOf(PROJECT);
    expect(number).toMatch(/^\d{12}$/);
    const created = await request("POST", `${V1}/namespaces/${PROJECT}/jobs`, gcloudJob("hello"), regional("europe-west1"));
    expect(created.status).toBe(200);
    expect(created.body.metadata).toMatchObject({
      namespace: number,
      selfLink: `${V1}/namespaces/${number}/jobs/hello`,
      labels: { "cloud.googleapis.com/location": "europe-west1" },
    });
    // The job is stored under the id; by number it is the same job.
    expect([...emulator.store.jobs.keys()]).toEqual([`projects/${PROJECT}/locations/europe-west1/jobs/hello`]);
    const byNumber = await request("GET", `${V1}/namespaces/${number}/jobs/hello`, undefined, regional("europe-west1"));
    expect(byNumber.body.metadata.uid).toBe(created.body.metadata.uid);
    // A manifest whose namespace is the number replaces the job (what an export carries).
    const replaced = await request(
      "PUT",
      `${V1}/namespaces/${number}/jobs/hello`,
      { ...created.body, metadata: { ...created.body.metadata } },
      regional("europe-west1"),
    );
    expect(replaced.status).toBe(200);
    expect(replaced.body.metadata.generation).toBe(2);
    // A given number; the default service account carries it.
    const given = await request("POST", `${V1}/namespaces/424242424242/jobs`, gcloudJob("given", "numbered-project"), regional("us-east1"));
    expect(given.status).toBe(200);
    expect(given.body.metadata.namespace).toBe("424242424242");
    expect(given.body.spec.template.spec.template.spec.serviceAccountName).toBe("424242424242-compute@developer.gserviceaccount.com");
    expect(emulator.store.jobs.has("projects/numbered-project/locations/us-east1/jobs/given")).toBe(true);
    // Another project's namespace is refused, naming the field.
    const other = await request(
      "POST",
      `${V1}/namespaces/${PROJECT}/jobs`,
      gcloudJob("moved", "another-project"),
      regional("europe-west1"),
    );
    expect(other).toMatchObject({ status: 400, body: { error: { details: [{ fieldViolations: [{ field: "metadata.namespace" }] }] } } });
  });

  it("labels lastUpdatedTime, keeps the template's client, drops the empty container name", async () => {
    const created = await request("POST", `${V1}/namespaces/${PROJECT}/jobs`, gcloudJob("hello"), regional("europe-west1"));
    const meta = created.body.metadata;
    expect(meta.labels["run.googleapis.com/lastUpdatedTime"]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(meta.annotations).toMatchObject({
      "run.googleapis.com/client-name": "gcloud",
      "run.googleapis.com/client-version": "528.0.0",
      "run.googleapis.com/creator": expect.any(String),
      "run.googleapis.com/lastModifier": expect.any(String),
    });
    const template = created.body.spec.template;
    expect(template.metadata.annotations).toMatchObject({
      "run.googleapis.com/client-name": "gcloud",
      "run.googleapis.com/client-version": "528.0.0",
      "run.googleapis.com/cloudsql-instances": "p:europe-west1:db",
      "run.googleapis.com/vpc-access-egress": "all-traffic",
    });
    expect(template.spec.template.spec.containers[0]).not.toHaveProperty("name");
    const got = await request("GET", `${V1}/namespaces/${PROJECT}/jobs/hello`, undefined, regional("europe-west1"));
    expect(got.body.spec.template.metadata.annotations["run.googleapis.com/client-name"]).toBe("gcloud");
  });

  it("runs: the execution and its tasks carry the template's annotations; v1 tasks list and get", async () => {
    await request("POST", `${V1}/namespaces/${PROJECT}/jobs`, gcloudJob("hello"), regional("europe-west1"));
    const number = emulator.projects.numberOf(PROJECT);
    const ran = await request(
      "POST",
      `${V1}/namespaces/${PROJECT}/jobs/hello:run`,
      { overrides: { taskCount: 2, timeoutSeconds: 30, containerOverrides: [{ args: ["a"] }] } },
      regional("europe-west1"),
    );
    expect(ran.status).toBe(200);
    const execution = ran.body.metadata.name as string;
    expect(ran.body.metadata.namespace).toBe(number);
    // gcloud polls the execution by the namespace the answer gave: the number.
    const done = await until(
      () => request("GET", `${V1}/namespaces/${number}/executions/${execution}`, undefined, regional("europe-west1")),
      (e) => !!e.body.status?.completionTime,
    );
    expect(done.body.metadata.annotations).toMatchObject({
      "run.googleapis.com/cloudsql-instances": "p:europe-west1:db",
      "run.googleapis.com/vpc-access-egress": "all-traffic",
    });
    expect(done.body.metadata.labels).toMatchObject({ "run.googleapis.com/job": "hello" });
    expect(done.body.status.conditions.find((c: { type: string }) => c.type === "Completed")).toMatchObject({ status: "True" });
    const tasks = await request(
      "GET",
      `${V1}/namespaces/${PROJECT}/tasks?labelSelector=${encodeURIComponent(`run.googleapis.com/execution = ${execution}`)}&limit=100`,
      undefined,
      regional("europe-west1"),
    );
    expect(tasks.body.kind).toBe("TasksList");
    expect(tasks.body.items.map((t: { metadata: { name: string } }) => t.metadata.name)).toEqual([
      `${execution}-task0`,
      `${execution}-task1`,
    ]);
    const [task] = tasks.body.items;
    expect(task).toMatchObject({
      kind: "Task",
      metadata: {
        namespace: number,
        labels: {
          "run.googleapis.com/execution": execution,
          "run.googleapis.com/job": "hello",
          "run.googleapis.com/runningState": "Succeeded",
        },
        annotations: { "run.googleapis.com/cloudsql-instances": "p:europe-west1:db" },
      },
      spec: { containers: [{ image: "gcr.io/x/y", args: ["a"] }], timeoutSeconds: "30" },
      status: { index: 0, retried: 0, startTime: expect.any(String), completionTime: expect.any(String) },
    });
    const selected = await request(
      "GET",
      `${V1}/namespaces/${PROJECT}/tasks?labelSelector=${encodeURIComponent(`run.googleapis.com/execution = ${execution},run.googleapis.com/runningState in (Failed)`)}`,
      undefined,
      regional("europe-west1"),
    );
    expect(selected.body.items).toEqual([]);
    const one = await request("GET", `${V1}/namespaces/${number}/tasks/${execution}-task1`, undefined, regional("europe-west1"));
    expect(one.body.status.index).toBe(1);
    expect((await request("GET", `${V1}/namespaces/${PROJECT}/tasks/nope-task0`, undefined, regional("europe-west1"))).status).toBe(404);
  });

  it("checks resourceVersion in the same step as the write: of two replaces from one read, one wins", async () => {
    const created = await request("POST", `${V1}/namespaces/${PROJECT}/jobs`, gcloudJob("hello"), regional("europe-west1"));
    const edit = (tasks: number) => ({
      ...created.body,
      spec: {
        ...created.body.spec,
        template: { ...created.body.spec.template, spec: { ...created.body.spec.template.spec, taskCount: tasks } },
      },
    });
    const [a, b] = await Promise.all([
      request("PUT", `${V1}/namespaces/${PROJECT}/jobs/hello`, edit(3), regional("europe-west1")),
      request("PUT", `${V1}/namespaces/${PROJECT}/jobs/hello`, edit(4), regional("europe-west1")),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.status === 409)!.body).toMatchObject({ reason: "Conflict", error: { status: "ABORTED" } });
  });

  it("refuses invalid manifests in v1 field paths, a named execution template included", async () => {
    const named = gcloudJob("named");
    (named.spec.template.metadata as Record<string, unknown>).name = "my-execution";
    const refused = await request("POST", `${V1}/namespaces/${PROJECT}/jobs`, named, regional("europe-west1"));
    expect(refused).toMatchObject({
      status: 400,
      body: { error: { details: [{ fieldViolations: [{ field: "spec.template.metadata.name" }] }] } },
    });
    const bad = gcloudJob("bad");
    bad.spec.template.spec.template.spec.containers[0]!.image = "";
    (bad.spec.template.spec as Record<string, unknown>).taskCount = 20000;
    const invalid = await request("POST", `${V1}/namespaces/${PROJECT}/jobs`, bad, regional("europe-west1"));
    const fields = (invalid.body.error.details[0].fieldViolations as Array<{ field: string }>).map((v) => v.field);
    expect(fields).toEqual(
      expect.arrayContaining(["spec.template.spec.template.spec.containers[0].image", "spec.template.spec.taskCount"]),
    );
    expect(invalid.body.error.message).toContain("spec.template.spec.template.spec.containers[0].image: ");
    expect(emulator.store.jobs.size).toBe(0);
  });

  it("answers the jobs' v1 IAM methods (read-modify-write with the etag)", async () => {
    await request("POST", `${V1}/namespaces/${PROJECT}/jobs`, gcloudJob("hello"), regional("europe-west1"));
    const resource = `/v1/projects/${PROJECT}/locations/europe-west1/jobs/hello`;
    const empty = await request("GET", `${resource}:getIamPolicy?alt=json`, undefined, GCLOUD_APIS.run);
    expect(empty).toMatchObject({ status: 200, body: { etag: expect.any(String) } });
    const policy = { bindings: [{ role: "roles/run.invoker", members: ["user:a@example.com"] }], etag: empty.body.etag };
    const set = await request("POST", `${resource}:setIamPolicy`, { policy }, GCLOUD_APIS.run);
    expect(set.body).toMatchObject({ version: 1, bindings: policy.bindings });
    const stale = await request("POST", `${resource}:setIamPolicy`, { policy }, GCLOUD_APIS.run);
    expect(stale).toMatchObject({ status: 409, body: { error: { status: "ABORTED" } } });
    // By project number too.
    const byNumber = await request(
      "GET",
      `/v1/projects/${emulator.projects.numberOf(PROJECT)}/locations/europe-west1/jobs/hello:getIamPolicy`,
      undefined,
      GCLOUD_APIS.run,
    );
    expect(byNumber.body.bindings).toEqual(policy.bindings);
    const tested = await request("POST", `${resource}:testIamPermissions`, { permissions: ["run.jobs.run"] }, GCLOUD_APIS.run);
    expect(tested.body).toEqual({ permissions: ["run.jobs.run"] });
    expect(
      (await request("GET", `/v1/projects/${PROJECT}/locations/europe-west1/jobs/nope:getIamPolicy`, undefined, GCLOUD_APIS.run)).status,
    ).toBe(404);
  });
});

describe("the emulator as gcloud's proxy", () => {
  it("answers its own hosts (run in the region the host names, Resource Manager, Service Usage)", async () => {
    await request("POST", `${V1}/namespaces/${PROJECT}/jobs`, gcloudJob("hello"), regional("asia-east1"));
    expect(emulator.store.jobs.has(`projects/${PROJECT}/locations/asia-east1/jobs/hello`)).toBe(true);
    const project = await request("GET", `/v1/projects/${PROJECT}`, undefined, GCLOUD_APIS.cloudresourcemanager);
    expect(project.body).toMatchObject({
      projectId: PROJECT,
      projectNumber: emulator.projects.numberOf(PROJECT),
      lifecycleState: "ACTIVE",
    });
    const v3 = await request("GET", `/v3/projects/${emulator.projects.numberOf(PROJECT)}`, undefined, GCLOUD_APIS.cloudresourcemanager);
    expect(v3.body).toMatchObject({ projectId: PROJECT, name: `projects/${emulator.projects.numberOf(PROJECT)}` });
    const service = await request("GET", `/v1/projects/${PROJECT}/services/sqladmin.googleapis.com`, undefined, GCLOUD_APIS.serviceusage);
    expect(service.body).toMatchObject({ state: "ENABLED" });
    expect(emulator.proxy.hosts()).toEqual({
      [regional("asia-east1")]: 1,
      [GCLOUD_APIS.cloudresourcemanager]: 2,
      [GCLOUD_APIS.serviceusage]: 1,
    });
    expect(emulator.proxy.refused()).toEqual([]);
  });

  it("refuses any other host, and every CONNECT: nothing is forwarded", async () => {
    const google = await request("GET", `${V1}/namespaces/${PROJECT}/jobs`, undefined, "europe-west1-run.googleapis.com");
    expect(google.status).toBe(403);
    const connect = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port: emulator.port, method: "CONNECT", path: "oauth2.googleapis.com:443" });
      req.on("connect", (res, socket) => {
        socket.destroy();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
    expect(connect).toBe(403);
    expect(emulator.proxy.refused()).toEqual([
      `GET http://europe-west1-run.googleapis.com${V1}/namespaces/${PROJECT}/jobs`,
      "CONNECT oauth2.googleapis.com:443",
    ]);
    expect(emulator.proxy.hosts()).toEqual({});
  });
});
