// What gcloud prints, unchanged, adopted (issue 27, item 3): each fixture of test/fixtures/gcloud
// (the real gcloud's `describe --format export | yaml | json` of jobs it made with many flags)
// is loaded as a program loads it (the `yaml` package) and declared as a Job with the `import`
// option. The job is put into an in-process emulator from that same file, as `gcloud run jobs
// replace` would (v1 REST); then check accepts the file, adopting it sends no update (the job
// already is what the file says) and the preview after it, and after a refresh, shows no diff.
import * as http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { closeClients } from "../../../provider/cloud/clients";
import { Gateway } from "../../../provider/cloud/gateway";
import { createProvider } from "../../../provider/provider";
import { FIXTURE_PROJECT, loadFixtures, type Fixture } from "../../gcloud/fixtures";
import { EngineDouble } from "./engine-double";

const fixtures = loadFixtures();
/** The project number the fixtures' namespace names (Cloud Run answers with the number). */
const NUMBER = String(fixtures[0]?.manifest.metadata.namespace);

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, taskDurationMs: 20, projectNumbers: { [FIXTURE_PROJECT]: NUMBER } });
});
afterAll(async () => {
  await closeClients();
  await emulator?.stop();
});

/** A v1 request to the emulator's REST face, in the job's region. */
function v1(method: string, region: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? "" : JSON.stringify(body);
    const req = http.request(
      {
        host: "127.0.0.1",
        port: emulator.port,
        method,
        path: `/locations/${region}/apis/run.googleapis.com/v1/namespaces/${NUMBER}/${path}`,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(data) },
      },
      (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}

/** The job exactly as the file describes it, made afresh. */
async function putJob(f: Fixture): Promise<void> {
  await v1("DELETE", f.job.region, `jobs/${f.job.name}`);
  const created = await v1("POST", f.job.region, "jobs", f.manifest);
  if (created.status !== 200) throw new Error(`creating ${f.job.name} from ${f.file}: ${created.status} ${created.text}`);
}

describe("gcloud's output adopted unchanged (test/fixtures/gcloud)", () => {
  it("has the fixtures of every job in every format", () => {
    expect(fixtures.length).toBe(18);
    expect(NUMBER).toMatch(/^\d+$/);
  });

  it.each(fixtures.map((f) => [f.file, f] as const))(
    "%s: check accepts it, adopting it writes only the owner annotation, then no diff (also after a refresh)",
    async (_file, f) => {
      await putJob(f);
      const lines: string[] = [];
      const provider = createProvider(new Gateway({ emulatorHost: emulator.address }), { log: (line) => lines.push(line) });
      // The stack names its project by id; the file names it by number.
      await provider.configure({
        config: { get: (k: string) => ({ "gcp:project": FIXTURE_PROJECT, "gcp:region": f.job.region })[k] },
      } as never);
      const id = `projects/${FIXTURE_PROJECT}/locations/${f.job.region}/jobs/${f.job.name}`;
      const stack = new EngineDouble(provider, () => ({
        ...structuredClone(f.manifest),
        __owner: `dev::gcloud::${f.job.name}`,
        __adopt: id,
      }));

      const checked = await provider.check({}, { ...structuredClone(f.manifest), __owner: `dev::gcloud::${f.job.name}`, __adopt: id });
      expect(checked.failures ?? []).toEqual([]);

      const updates = emulator.calls.count("UpdateJob");
      await stack.up();
      expect(stack.state.id).toBe(id);
      // One update, for the owner annotation alone: the job matched the file (else it would be converged).
      expect(emulator.calls.count("UpdateJob")).toBe(updates + 1);
      expect(
        lines.some((l) => l.includes(`cloudrun job ${f.job.name}: the job matches the manifest: only the owner annotation is written`)),
        "the job differs from the file",
      ).toBe(true);
      expect(await stack.preview()).toMatchObject({ changes: false, replaces: [] });
      expect(await stack.refreshShowsNoChanges()).toBe(true);
      expect(lines.filter((l) => /warn|differ|drift/i.test(l))).toEqual([]);
    },
  );
});
