// Pure mapping between the v1 manifest (what users write) and the v2 Job (what
// `@google-cloud/run` sends). ../shared/reference/cloud-run-jobs-api.md §2.3–2.4.
// WALKING SKELETON: containers only; issue 4 covers every row of the mapping tables.
import type { ApiJob } from "./gateway";
import type { JobManifest } from "./schema";

export type JobSpecManifest = JobManifest["spec"];

export function toApiJob(manifest: Pick<JobManifest, "spec" | "metadata">): ApiJob {
  const task = manifest.spec.template.spec.template.spec;
  return {
    labels: manifest.metadata?.labels ?? {},
    annotations: manifest.metadata?.annotations ?? {},
    template: {
      template: {
        containers: task.containers.map((c) => ({
          ...(c.name !== undefined ? { name: c.name } : {}),
          image: c.image,
          ...(c.command ? { command: c.command } : {}),
          ...(c.args ? { args: c.args } : {}),
        })),
      },
    },
  };
}

export function fromApiJob(job: ApiJob): { spec: JobSpecManifest } {
  const containers = job.template?.template?.containers ?? [];
  return {
    spec: {
      template: {
        spec: {
          template: {
            spec: {
              containers: containers.map((c) => ({
                ...(c.name ? { name: c.name } : {}),
                image: c.image ?? "",
                ...(c.command?.length ? { command: c.command } : {}),
                ...(c.args?.length ? { args: c.args } : {}),
              })),
            },
          },
        },
      },
    },
  };
}
