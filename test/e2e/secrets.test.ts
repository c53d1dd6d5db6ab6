// Secrets stay secret: an env value given as pulumi.secret(...) never appears in plaintext in
// the state file, preview and up output (with diffs), provider logs, error messages or outputs.
// A value that becomes secret is encrypted by the next up (the Job's __secretPaths); a literal
// value of an env var that looks secret is warned about; a preview names the paths that changed
// inside an array a secret seals.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { emulatorClients } from "./clients";
import { manifest } from "./corpus";
import { built, requireFromRoot, testStack, type TestStack } from "./harness";

const T = 240_000;
const PLAINTEXT = "hunter2-s3cret-value";
const PARENT = "projects/e2e-project/locations/europe-west1";
/** A value given in plaintext first, then wrapped in pulumi.secret (REPLICA_DB_PASSWORD of job `later`). */
const LATER_SECRET = "r3plica-pl4in-then-secret";
const CONTAINER = "spec.template.spec.template.spec.containers[0]";
/** The mark of a secret in `pulumi stack export --show-secrets` (sdk/go/common/resource/sig). */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

const count = (text: string, needle: string) => text.split(needle).length - 1;

/** The stack's current checkpoint on the file backend (not its history or `.bak` copies). */
function stateFileText(dir: string): string {
  const stacks = path.join(dir, ".pulumi", "stacks");
  const files = (d: string): string[] =>
    readdirSync(d).flatMap((f) =>
      statSync(path.join(d, f)).isDirectory() ? files(path.join(d, f)) : f.endsWith(".json") ? [path.join(d, f)] : [],
    );
  const found = files(stacks);
  expect(found.length).toBe(1);
  return readFileSync(found[0]!, "utf8");
}

/** The exported deployment with every secret (shown decrypted by the Automation API) masked: what is stored in plaintext. */
function plaintextOfExport(deployment: unknown): string {
  return JSON.stringify(deployment, (_k, v: unknown) => (v && typeof v === "object" && SECRET_SIG in v ? "[secret]" : v));
}

/** Every file under a folder, as text (the file backend: state, history, backups). */
function allText(dir: string): string {
  return readdirSync(dir)
    .map((f) => {
      const p = path.join(dir, f);
      return statSync(p).isDirectory() ? allText(p) : readFileSync(p, "utf8");
    })
    .join("\n");
}

describe("secrets", () => {
  let emulator: RunningEmulator;
  let cloud: ReturnType<typeof emulatorClients>;
  let ts: TestStack;
  let image = "busybox:1";
  let replicaSecret = false;
  const seen: string[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ quiet: true, exec: true, taskDurationMs: 50 });
    cloud = emulatorClients(emulator.port);
    ts = await testStack(
      async () => {
        const pulumi = requireFromRoot("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
        const { Job } = built();
        const job = new Job(
          "secretive",
          manifest("secretive", {
            container: {
              image,
              command: ["/bin/sh", "-c"],
              args: ["exit 0"],
              env: [
                { name: "DB_PASSWORD", value: pulumi.secret(PLAINTEXT) },
                { name: "MODE", value: "batch" },
              ],
            },
            spec: { runExecutionToken: image.replace(/[^a-z0-9]/g, "") },
          }) as never,
        );
        // Its own job: a secret beside it would seal the whole `containers` list from the start.
        new Job(
          "later",
          manifest("later", {
            container: {
              image: "busybox:1",
              env: [
                { name: "MODE", value: "batch" },
                { name: "REPLICA_DB_PASSWORD", value: replicaSecret ? pulumi.secret(LATER_SECRET) : LATER_SECRET },
              ],
            },
          }) as never,
        );
        return { spec: job.spec, status: job.status };
      },
      { emulatorHost: emulator.address },
    );
  }, T);
  afterAll(async () => {
    await ts?.cleanup();
    await cloud?.close();
    await emulator?.stop();
  }, T);

  it(
    "reaches Cloud Run in plaintext (that is where it is used)",
    async () => {
      const preview = await ts.stack.preview({ diff: true });
      seen.push(preview.stdout, preview.stderr);
      // A literal value of an env var that looks secret is warned about (the Automation API
      // writes the program's warnings to stderr); a secret one is not.
      const printed = `${preview.stdout}\n${preview.stderr}`;
      expect(count(printed, `warning: env REPLICA_DB_PASSWORD (${CONTAINER}.env[1]) looks like a secret but its value is plaintext`)).toBe(
        1,
      );
      expect(printed).toContain('valueFrom: { secretKeyRef: { name: "<secret>", key: "latest" } }');
      expect(printed).not.toContain("env DB_PASSWORD (");
      const up = await ts.stack.up({ diff: true });
      seen.push(up.stdout, up.stderr);
      // The Automation API hands the program's owner decrypted outputs, flagged secret.
      expect(up.outputs.spec?.secret).toBe(true);
      const [job] = await cloud.jobs.getJob({ name: `${PARENT}/jobs/secretive` });
      expect(job.template?.template?.containers?.[0]?.env?.[0]?.value).toBe(PLAINTEXT);
    },
    T,
  );

  it(
    "keeps the outputs that carry it secret",
    async () => {
      const outputs = await ts.stack.outputs();
      expect(outputs.spec?.secret).toBe(true);
      expect(outputs.status?.secret).toBe(false);
      // (The Automation API's exportStack decrypts for the stack's owner; the state files on
      // disk are what is checked below.)
    },
    T,
  );

  it(
    "encrypts a value made secret with the next up, leaving the job in Cloud Run as it was",
    async () => {
      const stateBefore = stateFileText(ts.stateDir);
      expect(count(stateBefore, LATER_SECRET)).toBeGreaterThan(0); // inputs and outputs, in plaintext
      replicaSecret = true;
      const preview = await ts.stack.preview({ diff: true });
      seen.push(preview.stdout, preview.stderr);
      expect(preview.changeSummary.update).toBe(1);
      expect(`${preview.stdout}\n${preview.stderr}`).toContain(
        `cloudrun job later: secret-ness changed for ${CONTAINER}.env[1].value: now secret; up rewrites the state so no plaintext of it remains`,
      );
      expect(`${preview.stdout}\n${preview.stderr}`).not.toContain("warning: env REPLICA_DB_PASSWORD");
      const jobBefore = (await cloud.jobs.getJob({ name: `${PARENT}/jobs/later` }))[0];
      const up = await ts.stack.up();
      seen.push(up.stdout, up.stderr);
      expect(up.summary.resourceChanges?.update).toBe(1);
      // No plaintext left in the checkpoint, nor outside the secrets of the export.
      expect(count(stateFileText(ts.stateDir), LATER_SECRET)).toBe(0);
      expect(count(plaintextOfExport(await ts.stack.exportStack()), LATER_SECRET)).toBe(0);
      // Cloud Run's job was not changed for it.
      const [job] = await cloud.jobs.getJob({ name: `${PARENT}/jobs/later` });
      expect(job.template?.template?.containers?.[0]?.env?.[1]?.value).toBe(LATER_SECRET);
      expect(job.generation).toEqual(jobBefore.generation);
      expect(job.etag).toEqual(jobBefore.etag);
    },
    T,
  );

  it(
    "shows no plaintext in an update's preview, diff, logs, or in an error",
    async () => {
      image = "busybox:2";
      const preview = await ts.stack.preview({ diff: true });
      seen.push(preview.stdout, preview.stderr);
      // The engine shows the sealed list as `containers: [secret]`; the provider says what changed in it.
      expect(`${preview.stdout}\n${preview.stderr}`).toMatch(
        /cloudrun job secretive: changed: .*spec\.template\.spec\.template\.spec\.containers\[0\]\.image/,
      );
      emulator.faults.add({ rpc: "UpdateJob", kind: "operation", code: "INVALID_ARGUMENT", message: "rejected the new revision" });
      const failed = await ts.stack.up({ diff: true }).then(
        () => "passed?!",
        (err: Error) => err.message,
      );
      emulator.faults.clear();
      expect(failed).toContain("rejected the new revision");
      seen.push(failed);
      const up = await ts.stack.up({ diff: true });
      seen.push(up.stdout, up.stderr);
      // And back: no longer secret is an update too, which stores it in plaintext again.
      replicaSecret = false;
      const plain = await ts.stack.up();
      expect(plain.summary.resourceChanges?.update).toBe(1);
      expect(`${plain.stdout}\n${plain.stderr}`).toContain(
        `cloudrun job later: secret-ness changed for ${CONTAINER}.env[1].value: no longer secret`,
      );
      expect(count(stateFileText(ts.stateDir), LATER_SECRET)).toBeGreaterThan(0);
      const refresh = await ts.stack.refresh();
      seen.push(refresh.stdout, refresh.stderr);
      const destroyed = await ts.stack.destroy();
      seen.push(destroyed.stdout, destroyed.stderr);
    },
    T,
  );

  it("leaves no plaintext anywhere it was looked for, nor in the state files", () => {
    seen.push(allText(ts.stateDir));
    const haystack = seen.join("\n");
    expect(haystack.length).toBeGreaterThan(10_000); // we did look at something
    expect(haystack).toContain("[secret]"); // the diffs did show the field, masked
    const at = haystack.indexOf(PLAINTEXT);
    // On failure, show where it leaked rather than the whole haystack.
    expect(at < 0 ? "" : haystack.slice(Math.max(0, at - 300), at + 100)).toBe("");
  });
});
