// The shape of the entries the emulator writes for a task (emulator/model/logging/entry.ts): Cloud
// Run's for cloud_run_job, as its log index and real entries show.
import { describe, expect, it } from "vitest";
import {
  containerLine,
  insertId,
  instanceId,
  logName,
  parseStructured,
  rfc3339,
  systemLine,
  truncateUtf8,
  type TaskLogContext,
} from "../../../emulator/model/logging/entry";
import { LogStore, microsOf } from "../../../emulator/state/logs";

const ctx: TaskLogContext = {
  project: "p",
  location: "europe-west1",
  job: "migrate",
  execution: "migrate-x7k2p",
  taskIndex: 2,
  attempt: 1,
  container: "worker",
};
const at = 1_736_956_086_716_662; // 2025-01-15T15:48:06.716662Z

describe("task log entries", () => {
  it("a stdout line: cloud_run_job resource, the execution/task/attempt labels, no severity (DEFAULT), textPayload", () => {
    const e = containerLine(ctx, "stdout", "git version 2.47.0", at);
    expect(e).toEqual({
      logName: "projects/p/logs/run.googleapis.com%2Fstdout",
      resource: { type: "cloud_run_job", labels: { project_id: "p", location: "europe-west1", job_name: "migrate" } },
      timestamp: "2025-01-15T15:48:06.716662Z",
      receiveTimestamp: "2025-01-15T15:48:06.720662000Z",
      insertId: expect.stringMatching(/^6787d8b6000aef76[0-9a-f]{8}$/),
      labels: {
        instanceId: instanceId(ctx),
        "run.googleapis.com/execution_name": "migrate-x7k2p",
        "run.googleapis.com/task_index": "2",
        "run.googleapis.com/task_attempt": "1",
      },
      textPayload: "git version 2.47.0",
    });
    expect(e.labels!.instanceId).toMatch(/^[0-9a-f]{130}$/);
    expect(containerLine(ctx, "stderr", "boom", at).logName).toBe("projects/p/logs/run.googleapis.com%2Fstderr");
    expect(containerLine(ctx, "stderr", "boom", at).severity).toBeUndefined();
  });

  it("a JSON line is structured: jsonPayload, its severity, labels, trace and time taken out, message kept", () => {
    const line = JSON.stringify({
      severity: "error",
      message: "migration failed",
      table: "users",
      "logging.googleapis.com/labels": { step: 3 },
      "logging.googleapis.com/trace": "projects/p/traces/abc",
      time: "2025-01-15T15:48:00.5Z",
    });
    const e = containerLine(ctx, "stdout", line, at);
    expect(e.severity).toBe("ERROR");
    expect(e.jsonPayload).toEqual({ message: "migration failed", table: "users" });
    expect(e.textPayload).toBeUndefined();
    expect(e.labels).toMatchObject({ step: "3", "run.googleapis.com/task_index": "2" });
    expect(e.trace).toBe("projects/p/traces/abc");
    expect(e.timestamp).toBe("2025-01-15T15:48:00.500000Z");
    expect(parseStructured('{"severity":"WARN"}')!.severity).toBe("WARNING");
    expect(parseStructured('{"severity":"LOUD"}')!.payload).toEqual({ severity: "LOUD" });
    expect(parseStructured("[1,2]")).toBeUndefined();
    expect(parseStructured("{not json}")).toBeUndefined();
    expect(containerLine(ctx, "stdout", "{not json}", at).textPayload).toBe("{not json}");
  });

  it("a system line: run.googleapis.com/varlog/system with its severity and the container's name", () => {
    const e = systemLine(ctx, "Container called exit(3).", "WARNING", at);
    expect(e.logName).toBe(logName("p", "run.googleapis.com/varlog/system"));
    expect(e.logName).toBe("projects/p/logs/run.googleapis.com%2Fvarlog%2Fsystem");
    expect(e.severity).toBe("WARNING");
    expect(e.labels).toMatchObject({ container_name: "worker", "run.googleapis.com/execution_name": "migrate-x7k2p" });
    expect(e.textPayload).toBe("Container called exit(3).");
  });

  it("timestamps, insert ids, payload bound", () => {
    expect(rfc3339(at, 9)).toBe("2025-01-15T15:48:06.716662000Z");
    expect(microsOf(rfc3339(at))).toBe(at);
    expect(insertId(at)).toMatch(/^6787d8b6000aef76[0-9a-f]{8}$/);
    expect(insertId(at)).not.toBe(insertId(at));
    expect(Buffer.byteLength(truncateUtf8("é".repeat(200_000)))).toBeLessThanOrEqual(256 * 1024);
    expect(truncateUtf8("é".repeat(200_000)).endsWith("é")).toBe(true);
  });
});

describe("log store", () => {
  it("keeps the last N entries per project, oldest dropped first, and stamps strictly increasing times", () => {
    const store = new LogStore(3);
    const stamps = [store.stamp(1000), store.stamp(1000), store.stamp(999), store.stamp(2000)];
    expect(stamps).toEqual([1_000_000, 1_000_001, 1_000_002, 2_000_000]);
    for (let i = 0; i < 5; i++) store.append("p", containerLine(ctx, "stdout", `line ${i}`, at + i));
    store.append("q", containerLine({ ...ctx, project: "q" }, "stdout", "other", at));
    expect(store.entries("p").map((e) => e.textPayload)).toEqual(["line 2", "line 3", "line 4"]);
    expect(store.dropped("p")).toBe(2);
    expect(store.entries("q")).toHaveLength(1);
    const copy = new LogStore(2);
    copy.load(JSON.parse(JSON.stringify(store.toJSON())));
    expect(copy.entries("p").map((e) => e.textPayload)).toEqual(["line 3", "line 4"]);
    expect(copy.dropped("p")).toBe(3);
    expect(copy.stamp(0)).toBeGreaterThan(at + 4);
  });
});
