// `gcp.cloudrunv2.Job` arguments → the v1 manifest this package's Job takes, with notes on what
// has no v1 counterpart and refusals, each naming the pulumi-gcp property. The manifest is
// checked as `new Job` would check it (checkJobManifest): a failure there is a refusal too.
// The job-level fields (sources: the Terraform `google_cloud_run_v2_job` reference, and this
// package's mapping, mapping/to-api.ts):
//   name → metadata.name
//   project, location → the Job's own `project` and `region` arguments, beside the manifest: like
//     pulumi-gcp's, they are deliberate and win over the stack's gcp:project/gcp:region, where
//     `metadata.namespace` or the location label naming another project or region than the
//     stack's is refused (core/placement.ts)
//   labels, annotations → metadata.labels/annotations (user keys only: user-keys.ts)
//   launchStage → annotation run.googleapis.com/launch-stage
//   binaryAuthorization → run.googleapis.com/binary-authorization (`default` or the policy),
//                         run.googleapis.com/binary-authorization-breakglass
//   startExecutionToken, runExecutionToken → spec.*
//   client, clientVersion, deletionProtection, deletionPolicy, tags → notes (nothing this package sends)
import { ANNOTATION, classifyAnnotation, classifyLabel } from "../annotations";
import { LAUNCH_STAGES } from "../annotation-rules";
import { checkJobManifest } from "../check/manifest";
import { failuresOf } from "../check/issues";
import { jobPath } from "../names";
import type { JobManifestInput } from "../public-types";
import { pulumiPathOf } from "./paths";
import type { ConversionOptions, ConversionResult } from "./result";
import { COMPUTED_KEYS, COMPUTED_LABEL_SETS, type GcpJob, gcpJobSchema } from "./schema";
import { toV1ExecutionTemplate } from "./template";
import { keyAt, newTrail, note, refuse, setAnnotation, setOwn, type StringMap, type Trail } from "./trail";
import { userMap } from "./user-keys";
import { withoutUnset } from "./unset";

/** Converts pulumi-gcp `cloudrunv2.Job` arguments (or one's inputs from a stack's state) to a v1 manifest. */
export function fromCloudRunV2Job(args: unknown, options: ConversionOptions = {}): ConversionResult {
  const t = newTrail();
  const output = outputPath(args, "");
  if (output !== undefined) {
    refuse(
      t,
      output || "(root)",
      "is a Pulumi Output: convert the resolved arguments, e.g. `pulumi.output(args).apply(fromCloudRunV2Job)`",
    );
    return result(t);
  }
  if (args === null || typeof args !== "object" || Array.isArray(args)) {
    refuse(t, "(root)", "expected the arguments of a gcp.cloudrunv2.Job (an object with `template`)");
    return result(t);
  }
  const { computed, raw } = splitComputed(withoutUnset(args) as Record<string, unknown>);
  const parsed = gcpJobSchema.safeParse(raw);
  if (!parsed.success) {
    for (const f of failuresOf(parsed.error.issues, raw, gcpJobSchema)) refuse(t, f.property, f.reason);
    return result(t);
  }
  noteAddedKeys(parsed.data, computed, t);
  const manifest = toV1Manifest(parsed.data, options, t);
  if (t.refusals.length) return result(t);
  const { failures } = checkJobManifest(manifest);
  for (const f of failures) refuse(t, pulumiPathOf(f.property, t), f.reason);
  const project = parsed.data.project ?? options.project;
  const location = parsed.data.location ?? options.location;
  const name = parsed.data.name;
  return result(t, manifest, project && location && name ? jobPath(project, location, name) : undefined);
}

function result(t: Trail, manifest?: JobManifestInput, importId?: string): ConversionResult {
  if (t.refusals.length) return { notes: t.notes, refusals: t.refusals };
  return { manifest, ...(importId ? { importId } : {}), notes: t.notes, refusals: [] };
}

function splitComputed(all: Record<string, unknown>): { computed: Record<string, unknown>; raw: Record<string, unknown> } {
  const computed: Record<string, unknown> = {};
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(all)) setOwn(COMPUTED_KEYS.has(key) ? computed : raw, key, value);
  return { computed, raw };
}

/** The path of the first Pulumi Output in `value` (`""` for `value` itself), if any. */
function outputPath(value: unknown, at: string, seen = new Set<object>()): string | undefined {
  if (value === null || typeof value !== "object" || seen.has(value)) return undefined;
  if ((value as { __pulumiOutput?: unknown }).__pulumiOutput === true) return at;
  seen.add(value);
  for (const [key, child] of Object.entries(value)) {
    const found = outputPath(child, Array.isArray(value) ? `${at}[${key}]` : at ? `${at}${keyAt(key)}` : key, seen);
    if (found !== undefined) return found;
  }
  return undefined;
}

function toV1Manifest(job: GcpJob, options: ConversionOptions, t: Trail): JobManifestInput {
  const project = job.project ?? options.project;
  const location = job.location ?? options.location;
  noteWhereabouts(job, project, location, t);
  noteDropped(job, t);
  const labels = userMap(job.labels, "labels", "label", t);
  const annotations = userMap(job.annotations, "annotations", "job", t);
  setJobAnnotations(job, annotations, t);
  return {
    ...(project !== undefined ? { project } : {}),
    ...(location !== undefined ? { region: location } : {}),
    apiVersion: "run.googleapis.com/v1",
    kind: "Job",
    metadata: {
      ...(job.name !== undefined ? { name: job.name } : {}),
      ...(Object.keys(labels).length ? { labels } : {}),
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
    spec: {
      template: toV1ExecutionTemplate(job.template, t),
      ...(job.startExecutionToken !== undefined ? { startExecutionToken: job.startExecutionToken } : {}),
      ...(job.runExecutionToken !== undefined ? { runExecutionToken: job.runExecutionToken } : {}),
    },
  };
}

function setJobAnnotations(job: GcpJob, annotations: StringMap, t: Trail): void {
  const stage = job.launchStage?.trim().toUpperCase();
  if (stage && stage !== "LAUNCH_STAGE_UNSPECIFIED") {
    if ((LAUNCH_STAGES as readonly string[]).includes(stage)) {
      setAnnotation(t, "job", annotations, ANNOTATION.launchStage, stage, "launchStage");
    } else {
      // The reference lists UNIMPLEMENTED, PRELAUNCH and DEPRECATED too, and says "Cloud Run supports ALPHA, BETA, and GA".
      refuse(t, "launchStage", `\`${job.launchStage}\` is not a launch stage a job can ask for: use one of ${LAUNCH_STAGES.join(", ")}`);
    }
  }
  const binauthz = job.binaryAuthorization;
  if (binauthz?.useDefault && binauthz.policy !== undefined) {
    refuse(t, "binaryAuthorization", "set `useDefault` or `policy`, not both");
  } else if (binauthz?.useDefault) {
    setAnnotation(t, "job", annotations, ANNOTATION.binaryAuthorization, "default", "binaryAuthorization.useDefault");
  } else if (binauthz?.policy !== undefined) {
    setAnnotation(t, "job", annotations, ANNOTATION.binaryAuthorization, binauthz.policy, "binaryAuthorization.policy");
  }
  if (binauthz?.breakglassJustification !== undefined) {
    const source = "binaryAuthorization.breakglassJustification";
    setAnnotation(t, "job", annotations, ANNOTATION.breakglass, binauthz.breakglassJustification, source);
  }
}

function noteWhereabouts(job: GcpJob, project: string | undefined, location: string | undefined, t: Trail): void {
  if (job.name === undefined) {
    note(t, "name", "not given (pulumi-gcp named the job itself): set metadata.name to the live job's name, or Pulumi names a new job");
  }
  if (project === undefined) note(t, "project", "not given: the Job's `project` is left out, so the stack's `gcp:project` is used");
  if (location === undefined) note(t, "location", "not given: the Job's `region` is left out, so the stack's `gcp:region` is used");
}

/** Fields this package does not send as pulumi-gcp did, and why. */
function noteDropped(job: GcpJob, t: Trail): void {
  if (job.deletionProtection !== false) {
    note(
      t,
      "deletionProtection",
      "pulumi-gcp's own guard against deleting the job (true unless set false); Cloud Run has no such field: set the `protect: true` resource option on the new Job instead",
    );
  }
  if (job.deletionPolicy !== undefined && job.deletionPolicy !== "DELETE") {
    note(
      t,
      "deletionPolicy",
      `pulumi-gcp's own handling of a delete (${job.deletionPolicy}); Cloud Run has no such field: set the \`protect: true\` (PREVENT) or \`retainOnDelete: true\` (ABANDON) resource option on the new Job instead`,
    );
  }
  if (job.tags !== undefined && Object.keys(job.tags).length) {
    note(
      t,
      "tags",
      "Resource Manager tags, which pulumi-gcp binds through the Resource Manager API, not Cloud Run's: the move leaves the bindings on the job as they are, and this package does not manage them (keep them with `gcp.tags.TagBinding`, or gcloud)",
    );
  }
  for (const field of ["client", "clientVersion"] as const) {
    if (job[field] === undefined) continue;
    note(
      t,
      field,
      `left out: v1 spells it as the annotation \`run.googleapis.com/client-${field === "client" ? "name" : "version"}\`, which this package never sends (clients rewrite it on every deploy; core/annotations.ts)`,
    );
  }
  for (const field of ["startExecutionToken", "runExecutionToken"] as const) {
    if (job[field] === undefined) continue;
    note(
      t,
      field,
      `kept: adopting finds the execution \`<name>-${job[field]}\` pulumi-gcp started and ${field === "runExecutionToken" ? "awaits it (a failed one fails the deploy)" : "starts none"}; if that execution was deleted, the first \`up\` runs the job once; a new value runs the job, as before`,
    );
  }
}

/**
 * Labels and annotations the job carries that the user did not set (pulumi-gcp's own
 * `goog-pulumi-provisioned` label, another client's keys), as the state's computed maps show them.
 * This package reads them back as the user's (mapping/from-api.ts keeps every user key), so the
 * first `up` would remove them.
 */
function noteAddedKeys(job: GcpJob, computed: Record<string, unknown>, t: Trail): void {
  const added = (given: Record<string, string> | undefined, sets: readonly string[], isUser: (key: string) => boolean) => {
    const extra = new Set<string>();
    for (const set of sets) {
      const value = computed[set];
      if (!value || typeof value !== "object") continue;
      for (const key of Object.keys(value)) if (!Object.hasOwn(given ?? {}, key) && isUser(key)) extra.add(key);
    }
    return [...extra];
  };
  const labels = added(job.labels, COMPUTED_LABEL_SETS, (k) => classifyLabel(k).kind === "user");
  const annotations = added(job.annotations, ["effectiveAnnotations"], (k) => classifyAnnotation(k, "job").kind === "user");
  for (const [property, keys, where] of [
    ["effectiveLabels", labels, "metadata.labels"],
    ["effectiveAnnotations", annotations, "metadata.annotations"],
  ] as const) {
    if (!keys.length) continue;
    const them = keys.length > 1 ? "them" : "it";
    note(
      t,
      property,
      `${keys.map((k) => `\`${k}\``).join(", ")} ${keys.length > 1 ? "were" : "was"} set on the job by pulumi-gcp or another client, not in the arguments: left out, so the first \`up\` removes ${them} (an update in place); add ${them} to ${where} to keep ${them}`,
    );
  }
}
