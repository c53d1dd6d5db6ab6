// Lists the jobs of a region, for `pulumi-cloudrun-jobs export`. Kept apart from the gateway
// (which serves the provider) but made the same way: the endpoint from CLOUD_RUN_EMULATOR_HOST
// (an insecure channel, no credentials) or Cloud Run with Application Default Credentials.
import type { protos } from "@google-cloud/run";
import { Code, codeOf, statusName } from "./errors";
import { endpointFromEnv, type Endpoint } from "./gateway";

export type ApiJob = protos.google.cloud.run.v2.IJob;

/** A failure the CLI prints as is: one or two lines that say what to do. */
export class ListJobsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ListJobsError";
  }
}

/** What to do about a failed list, for someone at a terminal (not inside `pulumi up`). */
const ADVICE: Partial<Record<number, string>> = {
  [Code.UNAUTHENTICATED]: "run `gcloud auth application-default login`, or set GOOGLE_APPLICATION_CREDENTIALS",
  [Code.PERMISSION_DENIED]: "the caller needs roles/run.viewer on the project",
  [Code.NOT_FOUND]: "check --project (the project id) and --region",
  [Code.INVALID_ARGUMENT]: "check --project (the project id) and --region",
  [Code.UNIMPLEMENTED]: "the region may not offer Cloud Run jobs; check --region",
  [Code.UNAVAILABLE]: "Cloud Run could not be reached: check the network, or CLOUD_RUN_EMULATOR_HOST when using the emulator",
  [Code.DEADLINE_EXCEEDED]: "Cloud Run did not answer in time; try again",
};

/** Every job of `projects/{project}/locations/{region}`, all pages, in the server's order. */
export async function listJobs(project: string, region: string, endpoint: Endpoint = endpointFromEnv()): Promise<ApiJob[]> {
  const parent = `projects/${project}/locations/${region}`;
  const run = require("@google-cloud/run") as typeof import("@google-cloud/run");
  const client = new run.v2.JobsClient(clientOptions(endpoint));
  try {
    const jobs: ApiJob[] = [];
    // autoPaginate off: the async iterator pages by itself, and gax warns when it is on.
    for await (const job of client.listJobsAsync({ parent }, { autoPaginate: false })) jobs.push(job);
    return jobs;
  } catch (err) {
    throw listError(parent, err);
  } finally {
    await client.close().catch(() => undefined);
  }
}

type ClientOptions = ConstructorParameters<typeof import("@google-cloud/run").v2.JobsClient>[0];

function clientOptions(endpoint: Endpoint): ClientOptions {
  const host = endpoint.emulatorHost;
  if (!host) return {};
  const idx = host.lastIndexOf(":");
  const port = Number(host.slice(idx + 1));
  if (idx <= 0 || !Number.isInteger(port) || port <= 0) {
    throw new ListJobsError(`CLOUD_RUN_EMULATOR_HOST must be host:port (e.g. 127.0.0.1:8090), got "${host}"`);
  }
  const { grpc } = require("google-gax") as typeof import("google-gax");
  // An explicit universe domain keeps the client from asking the GCE metadata server for one.
  return { apiEndpoint: host.slice(0, idx), port, sslCreds: grpc.credentials.createInsecure(), universeDomain: "googleapis.com" };
}

function listError(parent: string, err: unknown): ListJobsError {
  const code = codeOf(err);
  const raw = (err as { details?: string; message?: string } | undefined)?.details || (err as Error)?.message || String(err);
  const first = raw.replace(/^\d+ [A-Z_]+: /, "").split("\n").map((l) => l.trim()).filter(Boolean)[0] ?? "no detail";
  // grpc-js appends an empty "Resolution note" and nests "Error: " when it cannot connect.
  const what = first.replace(/\.?\s*Resolution note:.*$/, "").replace(/Last error: Error: /, "last error: ");
  // google-auth-library fails before any call when there are no credentials at all.
  const advice = code !== undefined ? ADVICE[code] : /credential/i.test(what) ? ADVICE[Code.UNAUTHENTICATED] : undefined;
  const status = code !== undefined ? ` (${statusName(code)})` : "";
  return new ListJobsError(`could not list the jobs of ${parent}: ${what}${status}${advice ? `\n${advice}` : ""}`);
}
