// Migration on deploy: a job that runs the database migration once per image, and the app's
// job that is created (or updated) only after that run succeeded.
//
// runExecutionToken is derived from the image digest, so a new image runs the migration once
// and waits for it; the same image never runs it again. A failed run fails the deploy, and
// Pulumi then skips everything that depends on the migration's outputs.
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { Job } from "pulumi-cloudrun-jobs";

const config = new pulumi.Config();
const gcp = new pulumi.Config("gcp");
const project = gcp.get("project") ?? "migration-project";
const region = gcp.get("region") ?? "europe-west1";

const image = config.get("image") ?? "us-docker.pkg.dev/cloudrun/container/job:latest";
// CI passes the digest it pushed (`sha256:…`); without one, a hash of the image reference
// stands in, so the example runs as is.
const given = config.get("imageDigest");
const digest = (given ?? createHash("sha256").update(image).digest("hex")).replace(/^sha256:/, "");
if (!/^[0-9a-f]{12,64}$/.test(digest)) {
  // RunError: an expected failure, shown without a stack trace.
  throw new pulumi.RunError(
    `imageDigest must be a sha256 digest like sha256:3f1c…, got "${given}"; run \`pulumi config set imageDigest sha256:<hex>\``,
  );
}
// Pinning the image to the digest makes the job run exactly the image the token names.
const pinned = given && !image.includes("@") ? `${image}@sha256:${digest}` : image;
// Tokens are lowercase letters, digits and `-`, and `<job>-<token>` must stay under 63
// characters: 16 hex digits of the digest are plenty to tell images apart.
const token = `img-${digest.slice(0, 16)}`;
// The migration's command; tests against the emulator's --exec mode use a shell one-liner.
const command = config.getObject<string[]>("migrationCommand") ?? ["/app/migrate", "--up"];

const container = (extra: Record<string, unknown> = {}) => ({ image: pinned, ...extra });

const migration = new Job("migrate", {
  project,
  region,
  apiVersion: "run.googleapis.com/v1",
  kind: "Job",
  metadata: { name: "migrate" },
  spec: {
    runExecutionToken: token,
    template: {
      spec: {
        taskCount: 1,
        template: {
          spec: {
            // A migration is not safe to retry blindly: one attempt, and the deploy says why it failed.
            maxRetries: 0,
            timeoutSeconds: "900",
            containers: [container({ command: [command[0]!], args: command.slice(1) })],
          },
        },
      },
    },
  },
});

// The downstream resource reads the migration's outputs, so Pulumi orders it after the
// migration's `up` (which waits for the run) and does not touch it when the run failed.
// `tokenRun` is the execution this token started: a run started elsewhere (the console,
// Scheduler, `gcloud run jobs execute`) does not change it, where `status.latestCreatedExecution`
// would follow whatever ran last, cancelled runs included.
const migratedBy = migration.tokenRun.apply((run) => run?.execution ?? "");

const app = new Job(
  "app",
  {
    project,
    region,
    apiVersion: "run.googleapis.com/v1",
    kind: "Job",
    metadata: { name: "app", labels: { "migrated-by": migratedBy } },
    spec: {
      template: {
        spec: {
          template: {
            spec: {
              containers: [container({ env: [{ name: "MIGRATION_EXECUTION", value: migratedBy }] })],
            },
          },
        },
      },
    },
  },
  // Explicit as well as implied by the outputs above: the order is the point of the example.
  { dependsOn: [migration] },
);

export const migrationToken = token;
export const migrationExecution = migratedBy;
export const migrationStatus = migration.status;
export const migrationRun = migration.tokenRun;
export const appId = app.id;
