// A manifest that names its project by number (an export's metadata.namespace, as Cloud Run
// answers it) in a stack that names the project by id (issue 27, item 4): up asks Resource
// Manager once whether the number is the stack's project; the emulator answers it as Cloud
// Resource Manager does. The same project deploys; another project's number is refused before
// any change.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { closeClients } from "../../../provider/cloud/clients";
import { Gateway } from "../../../provider/cloud/gateway";
import { createProvider, type JobProvider } from "../../../provider/provider";
import { manifest } from "../../e2e/corpus";
import { EngineDouble } from "./engine-double";

const PROJECT = "number-project";
const NUMBER = "123456789012";
const REGION = "europe-west1";

let emulator: RunningEmulator;
let provider: JobProvider;
const lines: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, projectNumbers: { [PROJECT]: NUMBER } });
  provider = createProvider(new Gateway({ emulatorHost: emulator.address }), { log: (line) => lines.push(line) });
  await provider.configure({ config: { get: (k: string) => ({ "gcp:project": PROJECT, "gcp:region": REGION })[k] } } as never);
});
afterAll(async () => {
  await closeClients();
  await emulator?.stop();
});

const exported = (name: string, namespace: string) => () => ({
  ...manifest(name, { metadata: { namespace } }),
  __owner: `dev::numbers::${name}`,
});

describe("metadata.namespace as a project number", () => {
  it("deploys into the stack's project when the number is that project's", async () => {
    const engine = new EngineDouble(provider, exported("by-number", NUMBER));
    await engine.up();
    expect(engine.state.id).toBe(`projects/${PROJECT}/locations/${REGION}/jobs/by-number`);
    expect(await engine.refreshShowsNoChanges()).toBe(true);
  });

  it("refuses another project's number before any change, naming both", async () => {
    const engine = new EngineDouble(provider, exported("other-number", "999999999999"));
    await expect(engine.up()).rejects.toThrow(
      `check job other-number: metadata.namespace 999999999999 is not project ${PROJECT} (whose number is ${NUMBER}): the manifest comes from another project (FAILED_PRECONDITION)`,
    );
    expect([...emulator.store.jobs.keys()].some((n) => n.endsWith("/jobs/other-number"))).toBe(false);
  });
});
