// The dynamic provider's implementation: orchestration only. Loaded by package name
// (`pulumi-cloudrun-jobs/impl`) inside the provider process, so the serialized
// `__provider` stays a tiny shim (../shared/reference/pulumi-dynamic-providers.md §1).
import type * as pulumi from "@pulumi/pulumi";
import { Gateway, type ApiJob, jobPath } from "./gateway";
import { fromApiJob, toApiJob } from "./mapping";
import { checkJobManifest, type CheckFailure, type JobManifest } from "./schema";

type DynamicProvider = pulumi.dynamic.ResourceProvider;
type Inputs = Record<string, unknown>;

/** The value the engine sends for inputs not yet known during a preview (`runtime/rpc.ts`). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** Bumped when the shape of the outputs changes, so newer code can read older state. */
export const SCHEMA_VERSION = 1;

interface Settings {
  project?: string;
  region?: string;
}

const settings: Settings = {};

/** Stack config `gcp:project`/`gcp:region`, then the usual environment variables. */
export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  const env = process.env;
  settings.project =
    req.config.get("gcp:project") ?? env.GOOGLE_CLOUD_PROJECT ?? env.GCLOUD_PROJECT ?? env.CLOUDSDK_CORE_PROJECT;
  settings.region = req.config.get("gcp:region") ?? env.GOOGLE_CLOUD_REGION ?? env.CLOUDSDK_RUN_REGION;
}

function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

function randomSuffix(): string {
  return Math.random().toString(36).slice(2, 9).padEnd(7, "0");
}

/** An autoname from the resource's logical name: Cloud Run's job-id charset, with room for tokens. */
function autoname(logicalName: string): string {
  const base = logicalName
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^[^a-z]+/, "")
    .slice(0, 30)
    .replace(/-+$/, "");
  return `${base || "job"}-${randomSuffix()}`;
}

const withoutProvider = (inputs: Inputs): Inputs => {
  const { __provider: _p, __logicalName: _l, ...rest } = inputs;
  return rest;
};

export async function check(olds: Inputs, news: Inputs): Promise<pulumi.dynamic.CheckResult> {
  const { manifest, failures } = checkJobManifest(withoutProvider(news));
  if (!manifest) {
    // During a preview, a value that is still unknown must not fail check.
    const real = failures.filter((f) => !containsUnknown(news));
    return { failures: real.length ? real : undefined, inputs: news };
  }
  const resolved: CheckFailure[] = [];
  const project = manifest.project ?? manifest.metadata?.namespace ?? settings.project;
  const region = manifest.region ?? manifest.metadata?.labels?.["cloud.googleapis.com/location"] ?? settings.region;
  if (!project) {
    resolved.push({ property: "project", reason: "no project: set `project`, `metadata.namespace` or `pulumi config set gcp:project <id>`" });
  }
  if (!region) {
    resolved.push({ property: "region", reason: "no region: set `region`, the label `cloud.googleapis.com/location` or `pulumi config set gcp:region <region>`" });
  }
  if (resolved.length) return { failures: resolved, inputs: news };
  const logicalName = typeof news.__logicalName === "string" ? news.__logicalName : "job";
  const name =
    manifest.metadata?.name ??
    (typeof olds.name === "string" && olds.__logicalName === news.__logicalName ? olds.name : autoname(logicalName));
  return {
    inputs: {
      ...manifest,
      project,
      region,
      name,
      __logicalName: logicalName,
      __provider: news.__provider,
    },
  };
}

/** Outputs: the canonical inputs as applied, plus what the server reports. No `undefined` anywhere. */
function outputsOf(inputs: Inputs, job: ApiJob): Inputs {
  const manifest = inputs as unknown as JobManifest & { name: string };
  return stripUndefined({
    ...inputs,
    apiVersion: "run.googleapis.com/v1",
    kind: "Job",
    metadata: {
      ...(manifest.metadata ?? {}),
      name: manifest.name,
      namespace: manifest.project,
      uid: job.uid ?? "",
      generation: Number(job.generation ?? 0),
      creationTimestamp: timestampToRfc3339(job.createTime),
    },
    status: {
      observedGeneration: Number(job.observedGeneration ?? 0),
      executionCount: job.executionCount ?? 0,
      conditions: job.terminalCondition
        ? [{ type: job.terminalCondition.type ?? "Ready", status: conditionStatus(job.terminalCondition.state) }]
        : [],
    },
    schemaVersion: SCHEMA_VERSION,
  });
}

function conditionStatus(state: unknown): string {
  if (state === "CONDITION_SUCCEEDED") return "True";
  if (state === "CONDITION_FAILED") return "False";
  return "Unknown";
}

function timestampToRfc3339(ts: { seconds?: unknown; nanos?: number | null } | null | undefined): string {
  if (!ts || ts.seconds === undefined || ts.seconds === null) return "";
  return new Date(Number(ts.seconds) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6)).toISOString();
}

function stripUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

const INPUT_KEYS = ["project", "region", "name", "metadata", "spec"] as const;
const REPLACE_KEYS = new Set(["project", "region", "name"]);

function comparable(key: string, value: unknown): unknown {
  if (key !== "metadata" || !value || typeof value !== "object") return value;
  const { labels, annotations } = value as { labels?: unknown; annotations?: unknown };
  return { labels: labels ?? {}, annotations: annotations ?? {} };
}

export async function diff(_id: string, olds: Inputs, news: Inputs): Promise<pulumi.dynamic.DiffResult> {
  const changed = INPUT_KEYS.filter(
    (k) => JSON.stringify(comparable(k, olds[k])) !== JSON.stringify(comparable(k, news[k])) || containsUnknown(news[k]),
  );
  const replaces = changed.filter((k) => REPLACE_KEYS.has(k));
  return {
    changes: changed.length > 0,
    replaces,
    deleteBeforeReplace: replaces.length > 0 && news.metadata !== undefined && typeof (news.metadata as Inputs).name === "string",
  };
}

function idOf(inputs: Inputs): string {
  return jobPath(String(inputs.project), String(inputs.region), String(inputs.name));
}

export async function create(inputs: Inputs): Promise<pulumi.dynamic.CreateResult> {
  const gateway = new Gateway();
  const manifest = inputs as unknown as JobManifest;
  const job = await gateway.createJob(String(inputs.project), String(inputs.region), String(inputs.name), toApiJob(manifest));
  return { id: idOf(inputs), outs: outputsOf(inputs, job) };
}

export async function read(id: string, props: Inputs = {}): Promise<pulumi.dynamic.ReadResult> {
  const job = await new Gateway().getJob(id);
  if (!job) return {};
  const live = fromApiJob(job);
  const inputs: Inputs = { ...withoutProvider(props), spec: live.spec };
  delete inputs.status;
  delete inputs.schemaVersion;
  return { id, props: outputsOf({ ...props, spec: live.spec }, job), inputs: { ...inputs, __provider: props.__provider } };
}

export async function update(id: string, _olds: Inputs, news: Inputs): Promise<pulumi.dynamic.UpdateResult> {
  const manifest = news as unknown as JobManifest;
  const job = await new Gateway().updateJob({ ...toApiJob(manifest), name: id });
  return { outs: outputsOf(news, job) };
}

async function deleteJob(id: string, _props?: Inputs): Promise<void> {
  await new Gateway().deleteJob(id);
}

/** The implementation the shim forwards to. */
export const provider: DynamicProvider = { configure, check, diff, create, read, update, delete: deleteJob };
export { deleteJob as delete };
