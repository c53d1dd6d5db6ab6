// The `gcp:cloudrunv2/job:Job` resources of a `pulumi stack export`, and each one's conversion.
// An export is `{version, deployment: {resources: [{urn, type, id, inputs, outputs, protect…}]}}`
// (https://www.pulumi.com/docs/iac/concepts/state-and-backends/, "pulumi stack export"). A
// resource's `inputs` are what the program gave pulumi-gcp (after its provider's check), so they
// are converted; its `outputs` only fill in where the job lives when the inputs do not say. A
// secret is stored as `{"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
// ciphertext | plaintext}` (the Pulumi engine's secret signature; `plaintext`, JSON-encoded, with
// `--show-secrets`).
import { parseJobPath } from "../names";
import { fromCloudRunV2Job } from "./from-cloudrunv2";
import type { ConversionOptions, ConversionResult, StackJobResource } from "./result";
import { COMPUTED_LABEL_SETS } from "./schema";
import { keyAt, newTrail, note, refuse, setOwn, type Trail } from "./trail";

export const CLOUDRUNV2_JOB_TYPE = "gcp:cloudrunv2/job:Job";
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** The cloudrunv2 Job resources of an export (the whole file, its `deployment`, or its `resources` list). */
export function cloudRunV2JobsInStackExport(exported: unknown): { jobs: StackJobResource[]; problem?: string } {
  const resources = Array.isArray(exported)
    ? exported
    : isObject(exported) && isObject(exported.deployment)
      ? exported.deployment.resources
      : isObject(exported)
        ? exported.resources
        : undefined;
  if (!Array.isArray(resources)) {
    return {
      jobs: [],
      problem: "not a `pulumi stack export`: expected `deployment.resources` (run `pulumi stack export --file state.json`)",
    };
  }
  const jobs = resources.filter((r): r is Obj => isObject(r) && r.type === CLOUDRUNV2_JOB_TYPE).map(stackJobResource);
  return { jobs };
}

function stackJobResource(r: Obj): StackJobResource {
  const urn = typeof r.urn === "string" ? r.urn : "";
  return {
    urn,
    resourceName: urn.split("::").pop() ?? urn,
    ...(typeof r.id === "string" && r.id ? { id: r.id } : {}),
    ...(isObject(r.inputs) ? { inputs: r.inputs } : {}),
    ...(isObject(r.outputs) ? { outputs: r.outputs } : {}),
    ...(r.protect === true ? { protect: true } : {}),
  };
}

/** Converts one exported resource: its inputs, placed by its outputs (or its id) where they do not say. */
export function fromStackExportResource(resource: StackJobResource, options: ConversionOptions = {}): ConversionResult {
  const t = newTrail();
  const source = resource.inputs ?? resource.outputs;
  if (!source) {
    refuse(t, "(root)", `${resource.urn} has neither inputs nor outputs in this export`);
    return { notes: t.notes, refusals: t.refusals };
  }
  const args = revealed(source, "", t);
  if (t.refusals.length) return { notes: t.notes, refusals: t.refusals };
  if (!isObject(args)) {
    refuse(t, "(root)", `${resource.urn}'s ${resource.inputs ? "inputs" : "outputs"} are not an object`);
    return { notes: t.notes, refusals: t.refusals };
  }
  // Only where the job lives and the labels pulumi-gcp added come from the outputs: a secret there is not needed.
  const shown = resource.outputs ? revealed(resource.outputs, "", newTrail()) : undefined;
  const outputs = isObject(shown) ? shown : {};
  const fromId = resource.id ? parseJobPath(resource.id) : undefined;
  const whereabouts: Obj = {
    name: args.name ?? outputs.name ?? fromId?.name,
    project: args.project ?? outputs.project ?? fromId?.project,
    location: args.location ?? outputs.location ?? fromId?.region,
  };
  for (const [key, value] of Object.entries(whereabouts)) if (value !== undefined && value !== null) setOwn<unknown>(args, key, value);
  // The labels pulumi-gcp added (effectiveLabels, pulumiLabels) are in the outputs only.
  for (const set of COMPUTED_LABEL_SETS) if (args[set] === undefined && outputs[set] !== undefined) args[set] = outputs[set];
  if (resource.protect) note(t, "(resource option) protect", "the old resource was protected: set `protect: true` on the new Job too");
  const converted = fromCloudRunV2Job(args, options);
  return { ...converted, notes: [...t.notes, ...converted.notes], refusals: converted.refusals };
}

/** `value` with its secrets revealed (`plaintext`), noting each; an encrypted one is refused. */
function revealed(value: unknown, at: string, t: Trail): unknown {
  if (Array.isArray(value)) return value.map((v, i) => revealed(v, `${at}[${i}]`, t));
  if (!isObject(value)) return value;
  if (value[SIG_KEY] === SECRET_SIG) {
    const where = at || "(root)";
    if (typeof value.plaintext === "string") {
      let plain: unknown;
      try {
        plain = JSON.parse(value.plaintext);
      } catch {
        refuse(t, where, "is a secret whose `plaintext` is not JSON: export the stack again");
        return undefined;
      }
      note(t, where, "is a secret in the old stack: the manifest holds it in plain text; wrap it in `pulumi.secret()` in the new program");
      return revealed(plain, at, t);
    }
    refuse(t, where, "is encrypted in this export: export again with `pulumi stack export --show-secrets`");
    return undefined;
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revealed(v, at ? `${at}${keyAt(k)}` : k, t)]));
}
