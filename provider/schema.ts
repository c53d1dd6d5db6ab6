// zod schemas of the resource's inputs: the Cloud Run Admin API v1 Job (namespaces.jobs) plus
// `project` and `region`. The single source of truth for types and check failures.
// WALKING SKELETON: only the fields the first end-to-end test needs; issue 4 widens it to the
// whole v1 tree of ../shared/reference/run-v1-discovery.json.
import { z } from "zod";

export const containerSchema = z.strictObject({
  name: z.string().optional(),
  image: z.string().min(1, "is required: the container image, e.g. us-docker.pkg.dev/cloudrun/container/job"),
  command: z.array(z.string()).optional(),
  args: z.array(z.string()).optional(),
});

export const taskSpecSchema = z.strictObject({
  containers: z.array(containerSchema).min(1, "needs at least one container"),
});

export const jobSpecSchema = z.strictObject({
  template: z.strictObject({
    spec: z.strictObject({
      template: z.strictObject({
        spec: taskSpecSchema,
      }),
    }),
  }),
});

export const objectMetaSchema = z.strictObject({
  name: z.string().optional(),
  namespace: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});

export const jobArgsSchema = z.strictObject({
  project: z.string().optional(),
  region: z.string().optional(),
  apiVersion: z.literal("run.googleapis.com/v1").optional(),
  kind: z.literal("Job").optional(),
  metadata: objectMetaSchema.optional(),
  spec: jobSpecSchema,
});

export type JobManifestInput = z.input<typeof jobArgsSchema>;
export type JobManifest = z.output<typeof jobArgsSchema>;
export type ContainerManifest = z.output<typeof containerSchema>;

export interface CheckFailure {
  property: string;
  reason: string;
}

/** zod issue paths become Pulumi property paths: `spec.template.spec.template.spec.containers[0].image`. */
export function propertyPath(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`))
    .join("");
}

/** Validates raw inputs; returns the canonical manifest or the failures, each naming its property. */
export function checkJobManifest(raw: unknown): { manifest?: JobManifest; failures: CheckFailure[] } {
  const result = jobArgsSchema.safeParse(raw);
  if (result.success) return { manifest: result.data, failures: [] };
  return {
    failures: result.error.issues.map((issue) => ({
      property: propertyPath(issue.path) || "(root)",
      reason: issue.message,
    })),
  };
}
