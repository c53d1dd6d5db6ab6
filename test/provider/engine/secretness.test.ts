// A change of which values are secret, in-process through the gateway seam: diff calls it a
// change (so the engine writes the outputs again, encrypted or not), update sends nothing that
// alters the job and gives the outputs back, the preview says why and, when a secret seals an
// array in the engine's display, which paths changed. A state from before `__secretPaths`
// shows no diff.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { closeClients } from "../../../provider/cloud/clients";
import { Gateway } from "../../../provider/cloud/gateway";
import { SECRET_PATHS } from "../../../provider/core/inputs";
import { createProvider, type JobProvider } from "../../../provider/provider";
import { manifest } from "../../e2e/corpus";
import { EngineDouble } from "./engine-double";

const T = 60_000;
const PROJECT = "secretness-project";
const REGION = "europe-west1";
const CONTAINER = "spec.template.spec.template.spec.containers[0]";
const VALUE = "hunter2-in-process";

let emulator: RunningEmulator;
let provider: JobProvider;
const lines: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, exec: true, taskDurationMs: 50 });
  provider = createProvider(new Gateway({ emulatorHost: emulator.address }), { log: (line) => void lines.push(line) });
  await provider.configure({ config: { get: (k: string) => ({ "gcp:project": PROJECT, "gcp:region": REGION })[k] } } as never);
});
afterAll(async () => {
  await closeClients();
  await emulator?.stop();
});

describe("a value that becomes secret, or stops being", () => {
  it(
    "is an update that alters nothing in Cloud Run and gives the outputs back",
    async () => {
      const job = "secretness";
      const desired: { secretPaths?: string[]; image: string } = { image: "busybox:1" };
      const engine = new EngineDouble(provider, () => ({
        ...manifest(job, { container: { image: desired.image, env: [{ name: "DB_PASSWORD", value: VALUE }] } }),
        __owner: `twin::secretness::${job}`,
        ...(desired.secretPaths ? { [SECRET_PATHS]: desired.secretPaths } : {}),
      }));
      const path = `${CONTAINER}.env[0].value`;
      try {
        // A state written before the list existed: no diff against an empty list.
        await engine.up();
        expect(engine.state.outputs?.[SECRET_PATHS]).toBeUndefined();
        desired.secretPaths = [];
        expect((await engine.preview()).changes).toBe(false);

        desired.secretPaths = [path];
        lines.length = 0;
        expect(await engine.preview()).toMatchObject({ changes: true, replaces: [] });
        expect(lines).toContain(
          `cloudrun job ${job}: secret-ness changed for ${path}: now secret; up rewrites the state so no plaintext of it remains`,
        );
        expect(lines.join("\n")).not.toContain(VALUE);

        const before = emulator.calls.snapshot();
        const reads = emulator.calls.count("GetJob");
        await engine.up();
        const after = emulator.calls.snapshot();
        const altering = Object.keys(after).filter((rpc) => !/Get|List|Wait/.test(rpc) && after[rpc] !== before[rpc]);
        expect(altering).toEqual([]);
        expect(emulator.calls.count("GetJob")).toBeGreaterThan(reads); // update ran: it read the job
        expect(engine.state.outputs?.[SECRET_PATHS]).toEqual([path]);
        expect(engine.state.outputs?.status).toBeDefined();
        expect((await engine.preview()).changes).toBe(false);

        // A manifest change while a value is secret: the preview names the changed paths.
        desired.image = "busybox:2";
        lines.length = 0;
        await engine.preview();
        expect(lines).toContain(`cloudrun job ${job}: changed: ${CONTAINER}.image`);

        // And back: plain again is an update too.
        desired.image = "busybox:1";
        desired.secretPaths = [];
        lines.length = 0;
        expect((await engine.preview()).changes).toBe(true);
        expect(lines).toContain(
          `cloudrun job ${job}: secret-ness changed for ${path}: no longer secret; up rewrites the state with it in plaintext`,
        );
        await engine.up();
        expect(engine.state.outputs?.[SECRET_PATHS]).toEqual([]);
        expect((await engine.preview()).changes).toBe(false);
      } finally {
        await engine.destroy();
      }
    },
    T,
  );
});
