// Secrets stay secret: an env value given as pulumi.secret(...) never appears in plaintext in
// the state file, preview and up output (with diffs), provider logs, error messages or outputs.
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

/** Every file under a folder, as text (the file backend: state, history, backups). */
function allText(dir: string): string {
  return readdirSync(dir).map((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? allText(p) : readFileSync(p, "utf8");
  }).join("\n");
}

describe("secrets", () => {
  let emulator: RunningEmulator;
  let cloud: ReturnType<typeof emulatorClients>;
  let ts: TestStack;
  let image = "busybox:1";
  const seen: string[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ quiet: true, exec: true, taskDurationMs: 50 });
    cloud = emulatorClients(emulator.port);
    ts = await testStack(
      async () => {
        const pulumi = requireFromRoot("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
        const { Job } = built();
        const job = new Job("secretive", manifest("secretive", {
          container: {
            image,
            command: ["/bin/sh", "-c"],
            args: ["exit 0"],
            env: [{ name: "DB_PASSWORD", value: pulumi.secret(PLAINTEXT) }, { name: "MODE", value: "batch" }],
          },
          spec: { runExecutionToken: image.replace(/[^a-z0-9]/g, "") },
        }) as never);
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

  it("reaches Cloud Run in plaintext (that is where it is used)", async () => {
    const preview = await ts.stack.preview({ diff: true });
    seen.push(preview.stdout, preview.stderr);
    const up = await ts.stack.up({ diff: true });
    seen.push(up.stdout, up.stderr);
    // The Automation API hands the program's owner decrypted outputs, flagged secret.
    expect(up.outputs.spec?.secret).toBe(true);
    const [job] = await cloud.jobs.getJob({ name: `${PARENT}/jobs/secretive` });
    expect(job.template?.template?.containers?.[0]?.env?.[0]?.value).toBe(PLAINTEXT);
  }, T);

  it("keeps the outputs that carry it secret", async () => {
    const outputs = await ts.stack.outputs();
    expect(outputs.spec?.secret).toBe(true);
    expect(outputs.status?.secret).toBe(false);
    // (The Automation API's exportStack decrypts for the stack's owner; the state files on
    // disk are what is checked below.)
  }, T);

  it("shows no plaintext in an update's preview, diff, logs, or in an error", async () => {
    image = "busybox:2";
    const preview = await ts.stack.preview({ diff: true });
    seen.push(preview.stdout, preview.stderr);
    emulator.faults.add({ rpc: "UpdateJob", kind: "operation", code: "INVALID_ARGUMENT", message: "rejected the new revision" });
    const failed = await ts.stack.up({ diff: true }).then(() => "passed?!", (err: Error) => err.message);
    emulator.faults.clear();
    expect(failed).toContain("rejected the new revision");
    seen.push(failed);
    const up = await ts.stack.up({ diff: true });
    seen.push(up.stdout, up.stderr);
    const refresh = await ts.stack.refresh();
    seen.push(refresh.stdout, refresh.stderr);
    const destroyed = await ts.stack.destroy();
    seen.push(destroyed.stdout, destroyed.stderr);
  }, T);

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
