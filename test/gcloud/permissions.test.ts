// A refused permission as gcloud meets it (issue 30): with run.jobs.runWithOverrides refused,
// `gcloud run jobs execute --args …` fails with Cloud Run's 403 and creates no execution, while
// `gcloud run jobs execute` without overrides (run.jobs.run) still runs. The emulator's IAM is
// what the provider's permission check asks; gcloud shows the calls it gates answer alike.
// Skipped, with one line, where gcloud is not on PATH.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gcloudOnPath, startGcloudHarness, type GcloudHarness } from "./harness";

const hasGcloud = !!gcloudOnPath();
if (!hasGcloud) console.log("gcloud not on PATH: the gcloud permissions test is skipped");

const PROJECT = "gcloud-iam";
const EU = "europe-west1";
const T = 180_000;

let h: GcloudHarness;
const executions = () =>
  [...h.emulator.store.executions.keys()].filter((n) => n.includes(`/projects/${PROJECT}/`) || n.startsWith(`projects/${PROJECT}/`));

describe.skipIf(!hasGcloud)("gcloud run jobs execute with a refused permission", () => {
  beforeAll(async () => {
    h = await startGcloudHarness(PROJECT, { taskDurationMs: 50 });
    await h.ok(["run", "jobs", "create", "nightly", "--image", "us-docker.pkg.dev/cloudrun/container/job:latest", "--region", EU]);
  }, T);
  afterAll(async () => {
    await h?.close();
  }, T);

  it(
    "refuses a run with overrides (403, the permission named) and runs one without",
    async () => {
      h.emulator.permissions.set(["run.jobs.runWithOverrides"]);
      const refused = await h.gcloud(["run", "jobs", "execute", "nightly", "--region", EU, "--args=--date=2026-11-30"]);
      expect(refused.code).not.toBe(0);
      expect(refused.text).toContain("Permission 'run.jobs.runWithOverrides' denied on resource");
      expect(executions()).toHaveLength(0);
      await h.ok(["run", "jobs", "execute", "nightly", "--region", EU, "--wait"]);
      expect(executions()).toHaveLength(1);
      h.emulator.permissions.set([]);
      await h.ok(["run", "jobs", "execute", "nightly", "--region", EU, "--args=--date=2026-11-30", "--wait"]);
      expect(executions()).toHaveLength(2);
    },
    T,
  );
});
