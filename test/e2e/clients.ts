// The real @google-cloud/run clients pointed at an emulator: the tests' independent view of
// the "cloud", never our own gateway. Built by test/shared/emulator-clients.ts, as the emulator
// harness builds its own.
import { grpcClientOptions, runClients } from "../shared/emulator-clients";

export function emulatorClients(port: number) {
  return withFastPolling(runClients(grpcClientOptions(port)));
}

/** The same clients against real Cloud Run, with Application Default Credentials (live mode). */
export function cloudClients() {
  return withFastPolling(runClients({}));
}

function withFastPolling<T extends object>(clients: T) {
  return {
    ...clients,
    /** The same fast polling the tests use everywhere (docs/cloud-run-facts.md §4.4). */
    fast: { longrunning: { initialRetryDelayMillis: 20, retryDelayMultiplier: 1, maxRetryDelayMillis: 20 } },
  };
}
