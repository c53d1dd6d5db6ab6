// Builders and checks the conversion tests share: pulumi-gcp arguments in the shape a program
// writes them (`gcpJob({ container: { envs } })`), and what a converted manifest must satisfy.
import { expect } from "vitest";
import type { ApiJob } from "../../../../provider/core/api";
import type { CanonicalManifest } from "../../../../provider/core/canonical";
import { checkJobManifest } from "../../../../provider/core/check";
import { type ConversionResult, fromCloudRunV2Job } from "../../../../provider/core/convert";
import { fromApiJob, toApiJob } from "../../../../provider/core/mapping";
import { describedParts } from "../helpers/round-trip";
import { serverEcho } from "../helpers/server-echo";

export const IMAGE = "us-docker.pkg.dev/cloudrun/container/job:latest";

type Obj = Record<string, unknown>;

export interface GcpParts {
  /** Merged into the first container. */
  container?: Obj;
  containers?: Obj[];
  /** Merged into `template.template` (the TaskTemplate). */
  task?: Obj;
  /** Merged into `template` (the ExecutionTemplate). */
  execution?: Obj;
  /** Merged into the arguments. */
  job?: Obj;
}

/** `gcp.cloudrunv2.Job` arguments: a name, a place, one container, deletionProtection off. */
export function gcpJob(parts: GcpParts = {}): Obj {
  const containers = parts.containers ?? [{ image: IMAGE, ...parts.container }];
  return {
    name: "my-job",
    location: "europe-west1",
    project: "my-project",
    deletionProtection: false,
    template: { ...parts.execution, template: { containers, ...parts.task } },
    ...parts.job,
  };
}

export interface Converted {
  result: ConversionResult;
  canonical: CanonicalManifest;
  /** What this package sends for the converted manifest. */
  api: ApiJob;
}

/** Converts, expecting no refusal, and checks the manifest as `new Job` would. */
export function convertOk(args: unknown): Converted {
  const result = fromCloudRunV2Job(args);
  expect(result.refusals).toEqual([]);
  expect(result.manifest).toBeDefined();
  const { manifest, failures } = checkJobManifest(result.manifest);
  expect(failures).toEqual([]);
  const canonical = manifest as CanonicalManifest;
  return { result, canonical, api: toApiJob(canonical) };
}

/**
 * The job pulumi-gcp made from `sent`, as this package reads it back (what an adopting `up`
 * compares with the manifest): equal to the converted manifest means the adoption changes nothing.
 */
export function expectAdoptionUnchanged(sent: ApiJob, canonical: CanonicalManifest): void {
  const back = fromApiJob(serverEcho(sent));
  expect({ ...back.metadata, spec: back.spec }).toEqual(describedParts(canonical));
}
