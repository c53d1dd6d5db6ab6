// Lists the jobs of a region, for `pulumi-cloudrun-jobs export`, through the gateway, and words
// its failures for a terminal: the flags to check rather than the Pulumi commands to run.
import type { protos } from "@google-cloud/run";
import { CloudRunError, Code, codeOf, statusName, unwrapRetried } from "./errors";
import { closeClients, endpointFromEnv, Gateway, type Endpoint } from "./gateway";

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
  try {
    // The gateway is the one module that talks to Cloud Run; this only words its failures
    // for someone at a terminal.
    return await new Gateway(endpoint).listJobs(project, region);
  } catch (err) {
    if (err instanceof CloudRunError && err.cause === undefined) throw new ListJobsError(err.message);
    throw listError(parent, err instanceof CloudRunError ? err.cause : err);
  } finally {
    await closeClients();
  }
}

function listError(parent: string, err: unknown): ListJobsError {
  const { code, text: raw } = unwrapRetried(
    codeOf(err),
    (err as { details?: string; message?: string } | undefined)?.details || (err as Error)?.message || String(err),
  );
  const first = raw.replace(/^\d+ [A-Z_]+: /, "").split("\n").map((l) => l.trim()).filter(Boolean)[0] ?? "no detail";
  // grpc-js appends an empty "Resolution note" and nests "Error: " when it cannot connect.
  const what = first.replace(/\.?\s*Resolution note:.*$/, "").replace(/Last error: Error: /, "last error: ");
  // google-auth-library fails before any call when there are no credentials at all.
  const advice = code !== undefined ? ADVICE[code] : /credential/i.test(what) ? ADVICE[Code.UNAUTHENTICATED] : undefined;
  const status = code !== undefined ? ` (${statusName(code)})` : "";
  return new ListJobsError(`could not list the jobs of ${parent}: ${what}${status}${advice ? `\n${advice}` : ""}`);
}
