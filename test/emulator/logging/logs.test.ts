// The emulator's Cloud Logging face: what tasks write becomes LogEntries in Cloud Run's shape,
// served by google.logging.v2.LoggingServiceV2/ListLogEntries over gRPC (the real
// @google-cloud/logging client, getEntries and its generated v2 client) and POST /v2/entries:list
// over REST, with filters, ordering and paging; refusals, injected faults, the bound and the
// state file.
import { Logging, v2 as loggingV2 } from "@google-cloud/logging";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAST, PROJECT, REGION, createJob, exitWith, jobBody, jobName, plainExecution, startHarness, type Harness } from "../harness";
import { grpcClientOptions } from "../../shared/emulator-clients";

const dir = mkdtempSync(path.join(tmpdir(), "cloudrun-emulator-logs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Google's Node client for Logging, pointed at the emulator the way the Run clients are. */
function loggingClient(port: number): Logging {
  return new Logging({ projectId: PROJECT, ...grpcClientOptions(port) } as ConstructorParameters<typeof Logging>[0]);
}

type Json = Record<string, any>;

async function rest(port: number, body: unknown): Promise<{ status: number; body: Json }> {
  const res = await fetch(`http://127.0.0.1:${port}/v2/entries:list`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

/** Runs the job to its end and gives the execution's short name. */
async function run(h: Harness, id: string): Promise<string> {
  const [op] = await h.jobs.runJob({ name: jobName(id) }, FAST);
  const execution = plainExecution(op.metadata).name!;
  await op.promise().catch(() => undefined);
  return execution.split("/").pop()!;
}

const ODD = [1, 3, 5, 7, 9].map((i) => `line ${i} of the migration`);
const EVEN = [2, 4, 6, 8, 10].map((i) => `line ${i} of the migration`);
const byStream = (entries: Json[], stream: string) => entries.filter((e) => e.logName.endsWith(`%2F${stream}`)).map((e) => e.textPayload);

const TEN_LINES = [
  "for (let i = 1; i <= 10; i++) (i % 2 ? process.stdout : process.stderr).write(`line ${i} of the migration\\n`);",
  "process.exitCode = 3;",
].join("\n");

describe("task logs as Cloud Logging keeps them", () => {
  let h: Harness;
  let execution: string;
  let simulated: string;

  beforeAll(async () => {
    h = await startHarness({ exec: true, taskDurationMs: 20 });
    await createJob(h, "migrate", jobBody({ containers: [{ name: "worker", image: "img", ...exitWith(TEN_LINES) }], maxRetries: 0 }));
    await createJob(h, "sim", jobBody({}, { taskCount: 2 }));
    execution = await run(h, "migrate");
    simulated = await run(h, "sim");
  });
  afterAll(() => h.close());

  it("a --exec task that prints ten lines and exits 3: ten stdout/stderr entries with the task's labels, then the exit", async () => {
    const { body } = await rest(h.emulator.port, {
      resourceNames: [`projects/${PROJECT}`],
      filter: `resource.type="cloud_run_job" AND labels."run.googleapis.com/execution_name"="${execution}"`,
    });
    const entries = body.entries as Json[];
    // Two pipes: each stream keeps its order; how they interleave depends on when the emulator reads them.
    expect(entries).toHaveLength(11);
    expect(byStream(entries, "stdout")).toEqual(ODD);
    expect(byStream(entries, "stderr")).toEqual(EVEN);
    expect(entries.map((e) => e.timestamp)).toEqual(entries.map((e) => e.timestamp).sort());
    for (const e of entries.slice(0, 10)) {
      const n = Number(/line (\d+)/.exec(e.textPayload)![1]);
      expect(e.logName).toBe(`projects/${PROJECT}/logs/run.googleapis.com%2F${n % 2 ? "stdout" : "stderr"}`);
      expect(e.severity).toBeUndefined();
      expect(e.resource).toEqual({ type: "cloud_run_job", labels: { project_id: PROJECT, location: REGION, job_name: "migrate" } });
      expect(e.labels).toEqual({
        instanceId: expect.stringMatching(/^[0-9a-f]+$/),
        "run.googleapis.com/execution_name": execution,
        "run.googleapis.com/task_index": "0",
        "run.googleapis.com/task_attempt": "0",
      });
      expect(e.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      expect(e.receiveTimestamp > e.timestamp).toBe(true);
      expect(e.insertId).toMatch(/^[0-9a-f]{24}$/);
    }
    const exit = entries[10]!;
    expect(exit.logName).toBe(`projects/${PROJECT}/logs/run.googleapis.com%2Fvarlog%2Fsystem`);
    expect(exit.severity).toBe("WARNING");
    expect(exit.labels.container_name).toBe("worker");
    const [e] = await h.executions.getExecution({ name: `${jobName("migrate")}/executions/${execution}` });
    expect(e.failedCount).toBe(1);
  });

  it("simulated tasks log a start line and an exit line each, and the platform's exit(0)", async () => {
    const { body } = await rest(h.emulator.port, {
      resourceNames: [`projects/${PROJECT}`],
      filter: `labels."run.googleapis.com/execution_name"="${simulated}" labels."run.googleapis.com/task_index"="1"`,
    });
    expect((body.entries as Json[]).map((e) => [e.logName.split("/").pop(), e.severity, e.textPayload])).toEqual([
      ["run.googleapis.com%2Fstdout", undefined, expect.stringMatching(/simulated task 1, attempt 0 of .* started/)],
      ["run.googleapis.com%2Fstdout", undefined, "cloudrun-emulator: simulated task 1, attempt 0 exits with code 0"],
      ["run.googleapis.com%2Fvarlog%2Fsystem", "INFO", "Container called exit(0)."],
    ]);
  });

  it("REST: filters on logName, severity, time and text; ordering; paging with tokens", async () => {
    const port = h.emulator.port;
    const base = { resourceNames: [`projects/${PROJECT}`] };
    const text = (b: Json) => ((b.entries ?? []) as Json[]).map((e) => e.textPayload);
    expect(
      text((await rest(port, { ...base, filter: `log_id("run.googleapis.com/stderr") resource.labels.job_name=migrate` })).body),
    ).toEqual(EVEN);
    expect(text((await rest(port, { ...base, filter: "severity>=WARNING" })).body)).toEqual(["Container called exit(3)."]);
    expect(text((await rest(port, { ...base, filter: 'textPayload:"LINE 7" OR textPayload:"line 9"' })).body)).toEqual([
      "line 7 of the migration",
      "line 9 of the migration",
    ]);
    expect((await rest(port, { ...base, filter: 'timestamp>="2100-01-01T00:00:00Z"' })).body).toEqual({});
    const all = text((await rest(port, { ...base, filter: "resource.labels.job_name=migrate" })).body);
    const desc = text((await rest(port, { ...base, filter: "resource.labels.job_name=migrate", orderBy: "timestamp desc" })).body);
    expect(desc).toEqual([...all].reverse());
    // Pages of 4, newest first, collected with the tokens.
    const pages: string[][] = [];
    let token: string | undefined;
    do {
      const { body } = await rest(port, {
        ...base,
        filter: "resource.labels.job_name=migrate",
        orderBy: "timestamp desc",
        pageSize: 4,
        ...(token ? { pageToken: token } : {}),
      });
      pages.push(text(body));
      token = body.nextPageToken;
    } while (token);
    expect(pages.map((p) => p.length)).toEqual([4, 4, 3]);
    expect(pages.flat()).toEqual(desc);
    // Another project's entries are not this one's; a project named by number is the same project.
    expect((await rest(port, { resourceNames: ["projects/elsewhere"] })).body).toEqual({});
    const byNumber = (
      await rest(port, { resourceNames: [`projects/${h.emulator.projects.numberOf(PROJECT)}`], filter: "resource.labels.job_name=migrate" })
    ).body;
    expect(text(byNumber)).toEqual(all);
  });

  it("INVALID_ARGUMENT naming what the emulator does not understand, on both faces", async () => {
    const port = h.emulator.port;
    const refused = await rest(port, { resourceNames: [`projects/${PROJECT}`], filter: 'SEARCH("migration")' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.status).toBe("INVALID_ARGUMENT");
    expect(refused.body.error.message).toContain("the function SEARCH() is not supported");
    expect(refused.body.error.details[0].fieldViolations[0].field).toBe("filter");
    expect((await rest(port, { resourceNames: [`projects/${PROJECT}`], orderBy: "severity" })).body.error.message).toContain(
      'order_by "severity" is not supported',
    );
    expect((await rest(port, { resourceNames: [`projects/${PROJECT}`], pageSize: 5000 })).body.error.message).toContain("page_size");
    expect((await rest(port, { resourceNames: [`projects/${PROJECT}`], pageToken: "bogus" })).body.error.message).toContain("page_token");
    expect((await rest(port, { filter: "" })).body.error.message).toContain("resource_names");
    expect((await rest(port, { resourceNames: ["projects/p"], bogus: 1 })).body.error.message).toContain('Unknown name "bogus"');
    const client = new loggingV2.LoggingServiceV2Client(grpcClientOptions(port) as never);
    try {
      const err = await client
        .listLogEntries({ resourceNames: [`projects/${PROJECT}`], filter: "jsonPayload.x=1 AND foo=bar" }, { autoPaginate: false })
        .then(
          () => undefined,
          (e: { code: number; details: string }) => e,
        );
      expect(err?.code).toBe(3);
      expect(err?.details).toContain('unknown field "foo"');
    } finally {
      await client.close();
    }
  });

  it("@google-cloud/logging getEntries with the issue's filter returns the task's lines, paged", async () => {
    const logging = loggingClient(h.emulator.port);
    const filter = `resource.type="cloud_run_job" AND labels."run.googleapis.com/execution_name"="${execution}"`;
    const [all] = await logging.getEntries({ filter, orderBy: "timestamp asc" });
    const rows = all.map((e) => ({ logName: e.metadata.logName!, textPayload: e.data }));
    expect(byStream(rows, "stdout")).toEqual(ODD);
    expect(byStream(rows, "stderr")).toEqual(EVEN);
    expect(all.at(-1)!.data).toBe("Container called exit(3).");
    expect(all[0]!.metadata.labels).toMatchObject({ "run.googleapis.com/execution_name": execution, "run.googleapis.com/task_index": "0" });
    expect(all[0]!.metadata.resource?.type).toBe("cloud_run_job");
    expect(all[10]!.metadata.severity).toBe("WARNING");
    const newestFirst = [...all].reverse().map((e) => e.data);
    const [first, next] = await logging.getEntries({ filter, orderBy: "timestamp desc", pageSize: 3, autoPaginate: false });
    expect(first.map((e) => e.data)).toEqual(newestFirst.slice(0, 3));
    expect(next?.pageToken).toBeTruthy();
    // The next query carries the filter getEntries sent (with its added one-day time bound).
    const [second] = await logging.getEntries({ ...(next as object), autoPaginate: false } as Parameters<Logging["getEntries"]>[0] &
      object);
    expect(second.map((e) => e.data)).toEqual(newestFirst.slice(3, 6));
    expect(h.emulator.calls.faces().grpc).toBeGreaterThan(0);
    expect(h.emulator.calls.count("ListLogEntries")).toBeGreaterThanOrEqual(3);
  });

  it("structured (JSON) lines become jsonPayload with their severity, on gRPC too", async () => {
    const script = `console.log(JSON.stringify({ severity: "ERROR", message: "cannot connect", attempt: 2 })); console.log("plain")`;
    await createJob(h, "structured", jobBody({ containers: [{ image: "img", ...exitWith(script) }], maxRetries: 0 }));
    const exec = await run(h, "structured");
    const [entries] = await loggingClient(h.emulator.port).getEntries({
      filter: `labels."run.googleapis.com/execution_name"="${exec}" severity>=ERROR`,
      orderBy: "timestamp asc",
    });
    expect(entries).toHaveLength(1);
    expect(entries[0]!.data).toEqual({ message: "cannot connect", attempt: 2 });
    expect(entries[0]!.metadata.severity).toBe("ERROR");
  });

  it("TailLogEntries (@google-cloud/logging tailEntries) streams the matching entries written after it opened", async () => {
    await createJob(
      h,
      "tailed",
      jobBody({ containers: [{ image: "img", ...exitWith("console.log('tail me'); console.error('and me')") }], maxRetries: 0 }),
    );
    const stream = loggingClient(h.emulator.port).tailEntries({
      filter: 'resource.labels.job_name="tailed" AND NOT log_id("run.googleapis.com/varlog/system")',
    });
    const seen: unknown[] = [];
    stream.on("data", (chunk: { entries: Array<{ data: unknown }> }) => seen.push(...chunk.entries.map((e) => e.data)));
    // The stream opens asynchronously: the call is counted once the emulator tails for it.
    const deadline = Date.now() + 5000;
    while (h.emulator.calls.count("TailLogEntries") === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await run(h, "tailed");
    while (seen.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    (stream as unknown as { abort(): void }).abort();
    stream.on("error", () => undefined);
    expect(new Set(seen)).toEqual(new Set(["tail me", "and me"]));
  });

  it("a PERMISSION_DENIED fault on ListLogEntries reaches gRPC and REST", async () => {
    h.emulator.faults.add({
      rpc: "ListLogEntries",
      kind: "error",
      code: "PERMISSION_DENIED",
      times: 2,
      message: "Permission 'logging.logEntries.list' denied",
    });
    const denied = await rest(h.emulator.port, { resourceNames: [`projects/${PROJECT}`] });
    expect(denied.status).toBe(403);
    expect(denied.body.error.status).toBe("PERMISSION_DENIED");
    const err = await loggingClient(h.emulator.port)
      .getEntries({ filter: "severity>=DEFAULT" })
      .then(
        () => undefined,
        (e: { code: number; details: string }) => e,
      );
    expect(err?.code).toBe(7);
    expect(err?.details).toContain("logging.logEntries.list");
    expect((await rest(h.emulator.port, { resourceNames: [`projects/${PROJECT}`] })).status).toBe(200);
  });
});

describe("task logs: bound and persistence", () => {
  it("keeps the last maxLogEntries per project, and the state file keeps them across a restart", async () => {
    const stateFile = path.join(dir, "state.json");
    const first = await startHarness({ exec: true, stateFile, maxLogEntries: 6 });
    await createJob(
      first,
      "chatty",
      jobBody({ containers: [{ image: "img", ...exitWith("for (let i = 1; i <= 20; i++) console.log(`n${i}`)") }] }),
    );
    const exec = await run(first, "chatty");
    const texts = (h: Harness) => h.emulator.store.logs.entries(PROJECT).map((e) => e.textPayload);
    expect(texts(first)).toEqual(["n16", "n17", "n18", "n19", "n20", "Container called exit(0)."]);
    expect(first.emulator.store.logs.dropped(PROJECT)).toBe(15);
    await first.close();

    const second = await startHarness({ exec: true, stateFile, maxLogEntries: 6 });
    const { body } = await rest(second.emulator.port, {
      resourceNames: [`projects/${PROJECT}`],
      filter: `labels."run.googleapis.com/execution_name"="${exec}"`,
      orderBy: "timestamp desc",
      pageSize: 2,
    });
    expect((body.entries as Json[]).map((e) => e.textPayload)).toEqual(["Container called exit(0).", "n20"]);
    // New entries come after the restored ones, and push them out.
    const again = await run(second, "chatty");
    expect(texts(second)).toEqual(["n16", "n17", "n18", "n19", "n20", "Container called exit(0)."]);
    expect(new Set(second.emulator.store.logs.entries(PROJECT).map((e) => e.labels!["run.googleapis.com/execution_name"]))).toEqual(
      new Set([again]),
    );
    second.emulator.reset();
    expect(second.emulator.store.logs.size()).toBe(0);
    await second.close();
  });
});
