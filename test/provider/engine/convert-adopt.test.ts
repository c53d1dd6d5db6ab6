// From gcp.cloudrunv2.Job to Job without recreating anything (issue 31, part 3), against the
// emulator: for each argument shape the converter is proven on (test/provider/core/convert/
// cases.ts), the job pulumi-gcp would have made (its v2 body, sent with the real JobsClient) is
// adopted with the converted manifest and the import id the converter gives: the job matches the
// manifest (only the owner annotation is written), keeps its uid, and then shows no diff, also
// after a refresh.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { closeClients } from "../../../provider/cloud/clients";
import { Gateway } from "../../../provider/cloud/gateway";
import { fromCloudRunV2Job } from "../../../provider/core/convert";
import { createProvider } from "../../../provider/provider";
import { CASES } from "../core/convert/cases";
import { gcpJob } from "../core/convert/helpers";
import { grpcClientOptions, runClients, type RunClients } from "../../shared/emulator-clients";
import { EngineDouble } from "./engine-double";

let emulator: RunningEmulator;
let cloud: RunClients;

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, taskDurationMs: 20, extraLocations: ["us-central1"] });
  cloud = runClients(grpcClientOptions(emulator.port));
});
afterAll(async () => {
  await cloud?.close();
  await closeClients();
  await emulator?.stop();
});

const shapes = Object.entries(CASES).map(([name, c], i) => [name, c, `gcp-job-${i}`] as const);

describe("a job pulumi-gcp made, adopted with the converted manifest", () => {
  it("has at least 10 shapes", () => expect(shapes.length).toBeGreaterThanOrEqual(10));

  it.each(shapes)("%s: same uid, only the owner annotation written, then no diff", async (_name, c, jobName) => {
    const args = gcpJob({ ...c.parts, job: { ...c.parts.job, name: jobName } });
    const converted = fromCloudRunV2Job(args);
    expect(converted.refusals).toEqual([]);
    const id = converted.importId!;
    const [, project, , region] = id.split("/");
    // What pulumi-gcp's provider sent when it created the job.
    const [op] = await cloud.jobs.createJob({
      parent: `projects/${project}/locations/${region}`,
      jobId: jobName,
      job: structuredClone(c.sends),
    });
    await op.promise();
    const before = emulator.store.jobs.get(id)!.job;

    const lines: string[] = [];
    const provider = createProvider(new Gateway({ emulatorHost: emulator.address }), { log: (l) => lines.push(l) });
    // The new stack's own settings: the converted Job carries its project and region itself.
    await provider.configure({
      config: { get: (k: string) => ({ "gcp:project": "new-stack", "gcp:region": "europe-west4" })[k] },
    } as never);
    const stack = new EngineDouble(provider, () => ({
      ...structuredClone(converted.manifest!),
      __owner: `dev::moved::${jobName}`,
      __adopt: id,
    }));
    await stack.up();
    expect(stack.state.id).toBe(id);
    // Nothing but the owner annotation changed: the same job (uid), its template and labels as pulumi-gcp left them.
    const after = emulator.store.jobs.get(id)!.job;
    expect(after.uid).toBe(before.uid);
    // One update applied (the owner annotation; a refused attempt while a run moved the etag is not one).
    expect(Number(after.generation)).toBe(Number(before.generation) + 1);
    // A Cloud SQL volume of another name becomes `cloudsql` (the converter's note says so): an update in place.
    if (!converted.notes.some((n) => /Cloud SQL/i.test(n) && /cloudsql/.test(n))) expect(after.template).toEqual(before.template);
    expect(after.labels).toEqual(before.labels);
    const { "pulumi-cloudrun-jobs/owner": owner, ...annotations } = after.annotations ?? {};
    expect(owner).toBe(`dev::moved::${jobName}`);
    expect(annotations).toEqual(before.annotations ?? {});
    // A token's execution pulumi-gcp started is found, not started again.
    expect(lines.filter((l) => l.includes("started execution"))).toEqual([]);
    expect(await stack.preview()).toMatchObject({ changes: false, replaces: [] });
    expect(await stack.refreshShowsNoChanges()).toBe(true);
  });
});
