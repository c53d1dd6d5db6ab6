// Credentials and defaults as @pulumi/gcp reads them, on the real engine (issue 31's acceptance):
// with gcp:impersonateServiceAccount the job's creator in the emulator is that service account;
// with gcp:accessToken, that token's identity; a refused identity fails `up` naming the account
// and what to grant; gcp:defaultLabels land on the job, and `preview --expect-no-changes` holds
// after up and after refresh. Stack config set through the Automation API, as `pulumi config set`.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { manifest } from "./corpus";
import { built, testStack, type TestStack } from "./harness";

const T = 300_000;
const PARENT = "projects/e2e-project/locations/europe-west1/jobs";
const DEPLOYER = "deployer@e2e-project.iam.gserviceaccount.com";
const REFUSED = "refused@e2e-project.iam.gserviceaccount.com";
const TOKEN = "ya29.e2e-token-given-directly-42";
const TOKEN_OWNER = "ci@e2e-project.iam.gserviceaccount.com";

let emulator: RunningEmulator;
const stacks: TestStack[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, taskDurationMs: 20, tokens: { [TOKEN]: TOKEN_OWNER }, deniedIdentities: [REFUSED] });
});
afterAll(async () => {
  for (const ts of stacks) {
    await ts.stack.destroy().catch(() => undefined);
    await ts.cleanup();
  }
  await emulator?.stop();
}, T);

async function stackWith(job: string, config: Record<string, string>, secrets: Record<string, string> = {}): Promise<TestStack> {
  const ts = await testStack(
    async () => {
      const { Job } = built();
      new Job(job, manifest(job, { metadata: { labels: { owner: "app" } } }) as never);
    },
    { emulatorHost: emulator.address, config },
  );
  for (const [key, value] of Object.entries(secrets)) await ts.stack.setConfig(key, { value, secret: true });
  stacks.push(ts);
  return ts;
}

const live = (job: string) => emulator.store.jobs.get(`${PARENT}/${job}`)?.job;

describe("credentials as @pulumi/gcp reads them (pulumi engine)", () => {
  it(
    "gcp:impersonateServiceAccount: the job is created and changed by that service account",
    async () => {
      const ts = await stackWith("as-deployer", { "gcp:impersonateServiceAccount": DEPLOYER });
      await ts.stack.up();
      expect(live("as-deployer")).toMatchObject({ creator: DEPLOYER, lastModifier: DEPLOYER });
      // Where gcloud reads it: the v1 job's annotations (`gcloud run jobs describe`).
      const v1 = (await (
        await fetch(`http://${emulator.address}/apis/run.googleapis.com/v1/namespaces/e2e-project/jobs/as-deployer`)
      ).json()) as {
        metadata: { annotations: Record<string, string> };
      };
      expect(v1.metadata.annotations).toMatchObject({
        "run.googleapis.com/creator": DEPLOYER,
        "run.googleapis.com/lastModifier": DEPLOYER,
      });
      expect(emulator.calls.count("GenerateAccessToken")).toBeGreaterThan(0);
      await ts.stack.preview({ expectNoChanges: true });
    },
    T,
  );

  it(
    "gcp:accessToken: the job is created by that token's identity; the token is in no output",
    async () => {
      const ts = await stackWith("as-token", {}, { "gcp:accessToken": TOKEN });
      const up = await ts.stack.up();
      expect(live("as-token")).toMatchObject({ creator: TOKEN_OWNER });
      expect(up.stdout).not.toContain(TOKEN);
      // The state file as the backend holds it (the Automation API's export shows secrets): the
      // token is there only encrypted, as the secret config the provider was configured with.
      const files = readdirSync(ts.stateDir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".json"));
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) expect(readFileSync(path.join(ts.stateDir, f), "utf8")).not.toContain(TOKEN);
    },
    T,
  );

  it(
    "a refused identity fails up naming the account and what to grant; nothing is created",
    async () => {
      const ts = await stackWith("as-refused", { "gcp:impersonateServiceAccount": REFUSED });
      const failed = await ts.stack.up().then(
        () => "",
        (err: Error) => err.message,
      );
      expect(failed).toContain(REFUSED);
      expect(failed).toContain("roles/iam.serviceAccountTokenCreator");
      expect(failed).toContain("PERMISSION_DENIED");
      expect(live("as-refused")).toBeUndefined();
    },
    T,
  );

  it(
    "a gcp:credentials that cannot be used fails the preview naming the key, before any API call",
    async () => {
      const ts = await stackWith("bad-key", { "gcp:credentials": "/nonexistent/deployer-key.json" });
      emulator.calls.reset();
      const failed = await ts.stack.preview().then(
        () => "",
        (err: Error) => err.message,
      );
      expect(failed).toContain("gcp:credentials");
      expect(failed).toContain("/nonexistent/deployer-key.json");
      expect(emulator.calls.snapshot()).toEqual({});
    },
    T,
  );

  it(
    "gcp:defaultLabels land on the job under its own; no change after up, nor after refresh",
    async () => {
      const ts = await stackWith("labelled", { "gcp:defaultLabels": JSON.stringify({ team: "data", owner: "platform" }) });
      await ts.stack.up();
      // The job's own label wins over a default of the same key.
      expect(live("labelled")?.labels).toMatchObject({ team: "data", owner: "app" });
      await ts.stack.preview({ expectNoChanges: true });
      await ts.stack.refresh();
      await ts.stack.preview({ expectNoChanges: true });
    },
    T,
  );
});
