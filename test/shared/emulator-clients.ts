// The real @google-cloud/run clients pointed at an emulator, the way the provider points them
// (docs/cloud-run-facts.md §4.1). One construction for every test helper that needs them
// (test/emulator/harness.ts, test/e2e/clients.ts): the tests' independent view of the "cloud",
// never our own gateway.
import { v2 } from "@google-cloud/run";
import { PassThroughClient } from "google-auth-library";
import { grpc } from "google-gax";

export type RunClientOptions = ConstructorParameters<typeof v2.JobsClient>[0];

/** gRPC in plain text to the emulator's port. */
export function grpcClientOptions(port: number) {
  return { apiEndpoint: "127.0.0.1", port, sslCreds: grpc.credentials.createInsecure(), universeDomain: "googleapis.com" };
}

/**
 * The same clients over REST (`fallback: true`) on the same port: gax builds
 * `${protocol}://${apiEndpoint}:${port}/v2/…`, so `protocol: "http"` is needed, and an auth
 * client that adds no credentials (the fallback transport insists on one).
 */
export function restClientOptions(port: number) {
  return {
    fallback: true,
    apiEndpoint: "127.0.0.1",
    port,
    protocol: "http",
    authClient: new PassThroughClient(),
    universeDomain: "googleapis.com",
  };
}

export interface RunClients {
  jobs: v2.JobsClient;
  executions: v2.ExecutionsClient;
  tasks: v2.TasksClient;
  close(): Promise<void>;
}

/** Jobs, executions and tasks clients built with `options` (gax connects on the first call). */
export function runClients(options: RunClientOptions): RunClients {
  const jobs = new v2.JobsClient(options);
  const executions = new v2.ExecutionsClient(options);
  const tasks = new v2.TasksClient(options);
  return {
    jobs,
    executions,
    tasks,
    close: async () => {
      await Promise.all([jobs.close(), executions.close(), tasks.close()]);
    },
  };
}
