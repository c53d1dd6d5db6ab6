// A reused execution token (v1 → v2 → v1), in-process through the gateway seam. Cloud Run names
// a token's execution `{job}-{token}` and answers ALREADY_EXISTS when it exists already
// (docs/cloud-run-facts.md §3.1, §3.8; the emulator does the same, test/emulator/services/tokens.test.ts).
// The provider's answer: it starts nothing, and reports the existing execution's result instead
// (provider/engine/reconcile.ts, resumeExistingRun): a reused run token whose execution failed
// fails the deploy with that execution's reason; one that succeeded succeeds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { closeClients } from "../../../provider/cloud/clients";
import { Gateway } from "../../../provider/cloud/gateway";
import { createProvider, type JobProvider } from "../../../provider/provider";
import { manifest } from "../../e2e/corpus";
import { EngineDouble } from "./engine-double";

const T = 60_000;
const PROJECT = "reuse-project";
const REGION = "europe-west1";
const parent = `projects/${PROJECT}/locations/${REGION}`;

let emulator: RunningEmulator;
let provider: JobProvider;

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, exec: true, taskDurationMs: 50 });
  provider = createProvider(new Gateway({ emulatorHost: emulator.address }), { log: () => undefined });
  await provider.configure({ config: { get: (k: string) => ({ "gcp:project": PROJECT, "gcp:region": REGION })[k] } } as never);
});
afterAll(async () => {
  await closeClients();
  await emulator?.stop();
});

type TokenField = "runExecutionToken" | "startExecutionToken";

function engineFor(job: string, desired: { token: string; script: string; field: TokenField }): EngineDouble {
  return new EngineDouble(provider, () => ({
    ...manifest(job, {
      container: { image: "busybox:1", command: ["/bin/sh", "-c"], args: [desired.script] },
      task: { maxRetries: 0 },
      spec: { [desired.field]: desired.token },
    }),
    __owner: `twin::reuse::${job}`,
  }));
}

const executions = (job: string) =>
  emulator.store
    .executionsOf(`${parent}/jobs/${job}`)
    .map((e) => e.execution.name?.split("/").pop())
    .sort();

describe("a reused execution token (v1 → v2 → v1)", () => {
  for (const field of ["runExecutionToken", "startExecutionToken"] as const) {
    it(
      `${field}: succeeds without starting a third execution`,
      async () => {
        const job = `reuse-ok-${field === "runExecutionToken" ? "run" : "start"}`;
        const desired = { token: "v1", script: "exit 0", field };
        const engine = engineFor(job, desired);
        try {
          await engine.up();
          desired.token = "v2";
          await engine.up();
          desired.token = "v1";
          await engine.up();
          expect(executions(job)).toEqual([`${job}-v1`, `${job}-v2`]);
          expect(engine.state.initErrors).toBeUndefined();
        } finally {
          await engine.destroy().catch(() => undefined);
        }
      },
      T,
    );
  }

  it(
    "runExecutionToken: a reused token whose execution failed fails the deploy with that execution's reason",
    async () => {
      const job = "reuse-failed-run";
      const desired = { token: "v1", script: "exit 3", field: "runExecutionToken" as const };
      const engine = engineFor(job, desired);
      try {
        await expect(engine.up()).rejects.toThrow(/reuse-failed-run-v1.*failed/s);
        desired.token = "v2";
        desired.script = "exit 0";
        await engine.up();
        desired.token = "v1";
        await expect(engine.up()).rejects.toThrow(/reuse-failed-run-v1.*failed/s);
        expect(executions(job)).toEqual([`${job}-v1`, `${job}-v2`]);
      } finally {
        await engine.destroy().catch(() => undefined);
      }
    },
    T,
  );
});
