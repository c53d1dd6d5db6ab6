// The fault matrix in-process: the twin of test/e2e/faults.test.ts without the `pulumi` engine.
// The provider (createProvider over a gateway to an in-process emulator) is driven by an engine
// double; every fault kind the emulator injects, against create, update, run and delete. After
// the faulty `up` (which may fail) and up to three reruns, each scenario must converge: no
// orphaned job, no duplicate execution, a preview after refresh with no changes. A killed
// `pulumi` needs the real engine and stays in the e2e suite. The matrix runs once per transport
// (CLOUD_RUN_TRANSPORT), one file each (faults-grpc.test.ts, faults-rest.test.ts) so the two run
// side by side, each with its own emulator: over REST, the faults arrive as HTTP errors and
// dropped sockets.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { closeClients, type Transport } from "../../../provider/cloud/clients";
import { Gateway } from "../../../provider/cloud/gateway";
import { createProvider, type JobProvider } from "../../../provider/provider";
import { manifest } from "../../e2e/corpus";
import { EngineDouble } from "./engine-double";
import { FAULT_KINDS, faultFor, OPERATIONS, type FaultKind, type Operation } from "../../shared/fault-matrix";

const T = 120_000;
const PROJECT = "twin-project";
const REGION = "europe-west1";

let emulator: RunningEmulator;
let provider: JobProvider;
const lines: string[] = [];

const parent = `projects/${PROJECT}/locations/${REGION}`;

async function jobsInCloud(name: string, transport: Transport): Promise<number> {
  const gateway = new Gateway({ emulatorHost: emulator.address, transport });
  return (await gateway.listJobs(PROJECT, REGION)).filter((j) => j.name === `${parent}/jobs/${name}`).length;
}

async function executionsOf(name: string): Promise<number> {
  return emulator.store.executionsOf(`${parent}/jobs/${name}`).length;
}

interface Desired {
  image: string;
  token?: string;
  script: string;
  present: boolean;
}

async function scenario(kind: FaultKind, op: Operation, transport: Transport) {
  const job = `t-${transport}-${op}-${kind.toLowerCase().replace(/_/g, "")}`.slice(0, 40);
  const desired: Desired = { image: "busybox:1", script: "exit 0", present: true };
  const engine = new EngineDouble(provider, () => ({
    ...manifest(job, {
      container: { image: desired.image, command: ["/bin/sh", "-c"], args: [desired.script] },
      task: { maxRetries: 0 },
      spec: desired.token ? { runExecutionToken: desired.token } : {},
    }),
    __owner: `twin::faults::${job}`,
  }));
  let tokens = 0;
  let reruns = 0;
  try {
    if (op !== "create") await engine.up();
    if (op === "create") {
      desired.token = "c1";
      tokens = 1;
    } else if (op === "update") {
      desired.image = "busybox:2";
    } else if (op === "run") {
      desired.token = "r1";
      desired.script = "sleep 3; exit 0";
      tokens = 1;
    } else {
      desired.present = false;
    }
    const fault = emulator.faults.add(faultFor(kind, op));
    const action = () => (desired.present ? engine.up() : engine.destroy());
    const firstUp = await action().then(
      () => "ok",
      (err: Error) => `failed: ${err.message}`,
    );
    const fired = fault.fired;
    emulator.faults.clear();
    for (let i = 0; i < 3; i++) {
      reruns++;
      try {
        await action();
        break;
      } catch (err) {
        // A failed run keeps failing every up by design (its token is applied); that is converged.
        if (/execution .* failed/.test((err as Error).message)) break;
      }
    }
    const inCloud = await jobsInCloud(job, transport);
    if (!desired.present) return { fired, firstUp, reruns, converged: inCloud === 0 && !engine.state.id, orphans: inCloud, duplicates: 0 };
    return {
      fired,
      firstUp,
      reruns,
      converged: inCloud === 1 && !!engine.state.id && (await engine.refreshShowsNoChanges()),
      orphans: inCloud - (engine.state.id ? 1 : 0),
      duplicates: Math.max(0, (await executionsOf(job)) - tokens),
    };
  } finally {
    emulator.faults.clear();
    await engine.destroy().catch(() => undefined);
  }
}

/** The whole matrix over one transport: its own emulator and provider, one test per fault and operation. */
export function faultMatrixOver(transport: Transport): void {
  beforeAll(async () => {
    emulator = await startEmulator({ quiet: true, exec: true, taskDurationMs: 50 });
    provider = createProvider(new Gateway({ emulatorHost: emulator.address, transport }), { log: (line) => lines.push(line) });
    await provider.configure({ config: { get: (k: string) => ({ "gcp:project": PROJECT, "gcp:region": REGION })[k] } } as never);
  });
  afterAll(async () => {
    await closeClients();
    await emulator?.stop();
  });

  describe(`fault matrix over ${transport}, in-process through the gateway seam`, () => {
    for (const op of OPERATIONS) {
      for (const kind of FAULT_KINDS) {
        it(
          `${kind} during ${op} converges`,
          async () => {
            emulator.calls.reset();
            const row = await scenario(kind, op, transport);
            expect(row, JSON.stringify(row)).toMatchObject({ converged: true, orphans: 0, duplicates: 0 });
            // The fault was hit: a scenario whose fault never fired would prove nothing.
            expect(row.fired, JSON.stringify(row)).toBeGreaterThan(0);
            // Every call of the scenario went over this transport.
            expect(emulator.calls.faces()[transport]).toBe(emulator.calls.count("*"));
          },
          T,
        );
      }
    }
  });
}
