// A backfill on deploy: the `etl` job runs nightly with its own defaults (a Scheduler trigger,
// not shown); a JobRun runs it once more, now, for one date, with per-run overrides, the way
// `gcloud run jobs execute etl --args=--date=<d> --update-env-vars=MODE=backfill --tasks=<n>
// --task-timeout=<t> --wait` would, but declared in the program.
//
// `pulumi config set backfillDate 2026-11-30` starts a run for that date on the next `up` (the
// date is the run's trigger); the same date never runs again; a failed run fails the deploy with
// its reason and its task's last log lines. Without `backfillDate`, no run is declared.
import * as pulumi from "@pulumi/pulumi";
import { Job, JobRun } from "pulumi-cloudrun-jobs";

const config = new pulumi.Config();
const gcp = new pulumi.Config("gcp");
const project = gcp.get("project") ?? "backfill-project";
const region = gcp.get("region") ?? "europe-west1";

const image = config.get("image") ?? "us-docker.pkg.dev/cloudrun/container/job:latest";
// The ETL's command; tests against the emulator's --exec mode use a shell one-liner.
const command = config.getObject<string[]>("etlCommand") ?? ["/app/etl"];

const etl = new Job("etl", {
  project,
  region,
  apiVersion: "run.googleapis.com/v1",
  kind: "Job",
  metadata: { name: "etl" },
  spec: {
    template: {
      spec: {
        taskCount: 1,
        template: {
          spec: {
            maxRetries: 1,
            timeoutSeconds: "600",
            containers: [
              { image, command: [command[0]!], args: [...command.slice(1), "--date=yesterday"], env: [{ name: "MODE", value: "nightly" }] },
            ],
          },
        },
      },
    },
  },
});

const date = config.get("backfillDate");
if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
  throw new pulumi.RunError(
    `backfillDate must be a date like 2026-11-30, got "${date}"; run \`pulumi config set backfillDate <yyyy-mm-dd>\``,
  );
}

const backfill =
  date === undefined
    ? undefined
    : new JobRun("backfill", {
        job: etl,
        overrides: {
          // The args replace the job's; the env is set on top of the job's.
          containerOverrides: [{ args: [...command.slice(1), `--date=${date}`], env: [{ name: "MODE", value: "backfill" }] }],
          taskCount: config.getNumber("backfillTasks") ?? 1,
          timeoutSeconds: 1800,
        },
        // A new date is a new run; the same date again is the same run.
        triggers: [date],
      });

export const jobId = etl.id;
export const backfillExecution = backfill?.execution;
export const backfillStatus = backfill?.completionStatus;
export const backfillSucceededTasks = backfill?.succeededCount;
