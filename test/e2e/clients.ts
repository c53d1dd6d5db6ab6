// The real @google-cloud/run clients pointed at an emulator: the tests' independent view of
// the "cloud", never our own gateway.
import { v2 } from "@google-cloud/run";
import { grpc } from "google-gax";

export function emulatorClients(port: number) {
  return clientsWith({
    apiEndpoint: "127.0.0.1",
    port,
    sslCreds: grpc.credentials.createInsecure(),
    universeDomain: "googleapis.com",
  });
}

/** The same clients against real Cloud Run, with Application Default Credentials (live mode). */
export function cloudClients() {
  return clientsWith({});
}

function clientsWith(opts: ConstructorParameters<typeof v2.JobsClient>[0]) {
  const jobs = new v2.JobsClient(opts);
  const executions = new v2.ExecutionsClient(opts);
  return {
    jobs,
    executions,
    /** The same fast polling the tests use everywhere (docs/cloud-run-facts.md §4.4). */
    fast: { longrunning: { initialRetryDelayMillis: 20, retryDelayMultiplier: 1, maxRetryDelayMillis: 20 } },
    close: async () => {
      await jobs.close();
      await executions.close();
    },
  };
}
