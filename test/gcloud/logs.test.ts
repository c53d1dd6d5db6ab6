// The real gcloud reads the logs of a job run by the emulator with `--exec`: `gcloud run jobs
// logs read <job>` (googlecloudsdk surface/run/jobs/logs/read.py: a filter on resource.type,
// job_name, location, severity >= DEFAULT and a freshness bound, newest first, printed oldest
// first as "YYYY-MM-DD HH:MM:SS <textPayload>" for stdout/stderr entries) and `gcloud logging
// read '<filter>'`, both through POST /v2/entries:list on the Logging host the emulator's
// environment names (CLOUDSDK_API_ENDPOINT_OVERRIDES_LOGGING). Nothing else is reached.
// Skipped, with one line, where gcloud is not on PATH.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GCLOUD_APIS } from "../../emulator";
import { gcloudOnPath, startGcloudHarness, type GcloudHarness } from "./harness";

const hasGcloud = !!gcloudOnPath();
if (!hasGcloud) console.log("gcloud not on PATH: the gcloud logs suite is skipped");

const PROJECT = "gcloud-logs";
const EU = "europe-west1";
const SLOW = 180_000;
const LOGGING = { CLOUDSDK_API_ENDPOINT_OVERRIDES_LOGGING: `http://${GCLOUD_APIS.logging}/` };
const SCRIPT =
  "for (let i = 1; i <= 10; i++) (i % 2 ? process.stdout : process.stderr).write(`migration step ${i}\\n`); process.exitCode = 3";

describe.skipIf(!hasGcloud)("gcloud reads the logs of the emulator's tasks", () => {
  let h: GcloudHarness;
  let execution: string;
  const gcloud = (args: string[]) => h.gcloud(args, { extraEnv: LOGGING });

  beforeAll(async () => {
    h = await startGcloudHarness(PROJECT, { exec: true, taskDurationMs: 50 });
    expect(h.emulator.gcloudEnv({ logging: true })).toMatchObject(LOGGING);
    const created = await gcloud([
      "run",
      "jobs",
      "create",
      "migrate",
      "--image",
      "us-docker.pkg.dev/cloudrun/container/job:latest",
      "--region",
      EU,
      "--command",
      process.execPath,
      "--args",
      `-e,${SCRIPT}`,
      "--max-retries",
      "0",
      "--quiet",
    ]);
    expect(created.code, created.text).toBe(0);
    const executed = await gcloud(["run", "jobs", "execute", "migrate", "--region", EU, "--wait", "--format", "value(metadata.name)"]);
    expect(executed.code).not.toBe(0); // the task exits 3
    const [record] = [...h.emulator.store.executions.values()];
    execution = record!.execution.name!.split("/").pop()!;
  }, SLOW);
  afterAll(async () => {
    await h?.close();
  });

  it(
    "gcloud run jobs logs read <job> prints the task's lines, oldest first",
    async () => {
      const read = await gcloud(["run", "jobs", "logs", "read", "migrate", "--region", EU]);
      expect(read.code, read.text).toBe(0);
      const lines = read.stdout.trim().split("\n");
      expect(lines).toHaveLength(10); // stdout and stderr; the system log's exit line is not printed
      for (const line of lines) expect(line).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d migration step \d+$/);
      const steps = (parity: number) => lines.map((l) => Number(/step (\d+)$/.exec(l)![1])).filter((n) => n % 2 === parity);
      expect(steps(1)).toEqual([1, 3, 5, 7, 9]);
      expect(steps(0)).toEqual([2, 4, 6, 8, 10]);
      // Another job has no lines; --limit keeps the newest.
      expect((await gcloud(["run", "jobs", "logs", "read", "other", "--region", EU])).stdout.trim()).toBe("");
      const limited = await gcloud([
        "run",
        "jobs",
        "logs",
        "read",
        "migrate",
        "--region",
        EU,
        "--limit",
        "3",
        "--log-filter",
        'logName:"stdout"',
      ]);
      expect(
        limited.stdout
          .trim()
          .split("\n")
          .map((l) => l.slice(20)),
      ).toEqual(["migration step 5", "migration step 7", "migration step 9"]);
    },
    SLOW,
  );

  it(
    "gcloud logging read with the execution's filter prints its entries, the exit among them",
    async () => {
      const filter = `resource.type="cloud_run_job" AND labels."run.googleapis.com/execution_name"="${execution}"`;
      const read = await gcloud(["logging", "read", filter, "--format", "json"]);
      expect(read.code, read.text).toBe(0);
      const entries = JSON.parse(read.stdout) as Array<Record<string, any>>;
      expect(entries).toHaveLength(11);
      expect(entries[0]).toMatchObject({
        logName: `projects/${PROJECT}/logs/run.googleapis.com%2Fvarlog%2Fsystem`,
        severity: "WARNING",
        textPayload: "Container called exit(3).",
        resource: { type: "cloud_run_job", labels: { project_id: PROJECT, location: EU, job_name: "migrate" } },
        labels: {
          "run.googleapis.com/execution_name": execution,
          "run.googleapis.com/task_index": "0",
          "run.googleapis.com/task_attempt": "0",
        },
      });
      const values = await gcloud([
        "logging",
        "read",
        `${filter} AND severity>=DEFAULT AND log_id("run.googleapis.com/stderr")`,
        "--order",
        "asc",
        "--format",
        "value(textPayload)",
      ]);
      expect(values.stdout.trim().split("\n")).toEqual([2, 4, 6, 8, 10].map((i) => `migration step ${i}`));
      const refused = await gcloud(["logging", "read", 'SEARCH("migration")']);
      expect(refused.code).not.toBe(0);
      expect(refused.text).toContain("SEARCH() is not supported");
    },
    SLOW,
  );

  it("reached nothing but the emulator", () => {
    expect(Object.keys(h.emulator.proxy.hosts())).toContain(GCLOUD_APIS.logging);
    expect(h.emulator.proxy.refused()).toEqual([]);
  });
});
