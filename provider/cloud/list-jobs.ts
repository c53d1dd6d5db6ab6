// Lists the jobs of a region, for `pulumi-cloudrun-jobs export`, through the gateway. Its
// failures are CloudRunErrors like every other; the CLI renders them for a terminal
// (errors.ts, renderForTerminal): the flags to check rather than the Pulumi commands to run.
import type { ApiJob } from "../core/api";
import { closeClients, type Endpoint } from "./clients";
import { Gateway } from "./gateway";

/** Every job of `projects/{project}/locations/{region}`, all pages, in the server's order. */
export async function listJobs(project: string, region: string, endpoint: Endpoint): Promise<ApiJob[]> {
  try {
    return await new Gateway(endpoint).listJobs(project, region);
  } finally {
    await closeClients();
  }
}
