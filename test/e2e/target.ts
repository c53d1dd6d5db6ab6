// Where the end-to-end suites run: the in-process emulator (default), or real Cloud Run in
// live acceptance mode, when CLOUD_RUN_JOBS_LIVE_PROJECT names a project (and Application
// Default Credentials can act in it). Suites that need emulator-only powers (fault injection,
// local processes) skip those cases when live.
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator";
import { cloudClients, emulatorClients } from "./clients";

export const LIVE_PROJECT = process.env.CLOUD_RUN_JOBS_LIVE_PROJECT?.trim() || undefined;
export const LIVE_REGION = process.env.CLOUD_RUN_JOBS_LIVE_REGION?.trim() || "us-central1";
export const IS_LIVE = LIVE_PROJECT !== undefined;

/** The transports the lifecycle and run-on-deploy suites run over, once each (CLOUD_RUN_TRANSPORT). */
export const TRANSPORTS = ["grpc", "rest"] as const;

export interface Target {
  live: boolean;
  project: string;
  region: string;
  /** Another region, for the replacement tests. */
  otherRegion: string;
  /** `host:port` of the emulator; undefined when live. */
  emulatorHost?: string;
  emulator?: RunningEmulator;
  cloud: ReturnType<typeof emulatorClients>;
  /** Stack config for this target. */
  config: Record<string, string>;
  stop(): Promise<void>;
}

export async function startTarget(options: EmulatorOptions = {}): Promise<Target> {
  if (LIVE_PROJECT) {
    if (process.env.CLOUD_RUN_EMULATOR_HOST) throw new Error("live mode: unset CLOUD_RUN_EMULATOR_HOST");
    const cloud = cloudClients();
    return {
      live: true,
      project: LIVE_PROJECT,
      region: LIVE_REGION,
      otherRegion: LIVE_REGION === "us-central1" ? "europe-west1" : "us-central1",
      cloud,
      config: { "gcp:project": LIVE_PROJECT, "gcp:region": LIVE_REGION },
      stop: () => cloud.close(),
    };
  }
  const emulator = await startEmulator({ quiet: true, ...options });
  const cloud = emulatorClients(emulator.port);
  return {
    live: false,
    project: "e2e-project",
    region: "europe-west1",
    otherRegion: "us-central1",
    emulatorHost: emulator.address,
    emulator,
    cloud,
    config: { "gcp:project": "e2e-project", "gcp:region": "europe-west1" },
    stop: async () => {
      await cloud.close();
      await emulator.stop();
    },
  };
}
