// Test-only verbs over the gateway: a create or update waited for to the end (no token, so the
// operation finishes at once). The provider itself always goes through reconcile's waits.
import type { Gateway } from "../../../provider/cloud/gateway";
import type { JobOperation } from "../../../provider/engine/gateway-contract";
import type { ApiJob } from "../../../provider/core/api";

/** Waits without a limit for an operation that is expected to finish quickly. */
export async function finished(gateway: Gateway, op: JobOperation): Promise<ApiJob> {
  while (!op.done && !(await gateway.waitOperation(op.name, Date.now() + 15_000)).done) {
    /* keep waiting */
  }
  return op.result();
}

export async function createJob(gateway: Gateway, project: string, region: string, jobId: string, job: ApiJob): Promise<ApiJob> {
  return finished(gateway, await gateway.startCreateJob(project, region, jobId, job));
}

export async function updateJob(gateway: Gateway, job: ApiJob): Promise<ApiJob> {
  return finished(gateway, await gateway.startUpdateJob(job));
}
