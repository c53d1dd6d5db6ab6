// The Cloud Run Admin API v1 (`namespaces.jobs`, `namespaces.executions`) on the HTTP port, as
// a client of the v2 handlers over the same store: a v1 call is counted, faulted and logged as
// the v2 RPC it becomes (v1 create → Jobs.CreateJob). Paths per run-v1-discovery.json:
//   POST   /apis/run.googleapis.com/v1/namespaces/{ns}/jobs              create (?dryRun=all)
//   GET    /apis/run.googleapis.com/v1/namespaces/{ns}/jobs              list (limit, continue, labelSelector)
//   GET    /apis/run.googleapis.com/v1/namespaces/{ns}/jobs/{name}       get
//   PUT    /apis/run.googleapis.com/v1/namespaces/{ns}/jobs/{name}       replaceJob (metadata.resourceVersion)
//   DELETE /apis/run.googleapis.com/v1/namespaces/{ns}/jobs/{name}       delete → Status
//   POST   /apis/run.googleapis.com/v1/namespaces/{ns}/jobs/{name}:run   run → Execution
//   GET    /apis/run.googleapis.com/v1/namespaces/{ns}/executions[/{name}], DELETE …/{name}, POST …/{name}:cancel
// v1 is a regional API (`{region}-run.googleapis.com`); the emulator takes the region from a
// `/locations/{region}` path prefix, a `{region}-run.googleapis.com` Host header, the job's
// `cloud.googleapis.com/location` label, or where the job already is (emulator-only).
import type { ApiError } from "../../rpc/errors";
import type { Store } from "../../state/store";
import type { Face, HttpAnswer, HttpRequest } from "../http";
import { codeName, httpStatusOf, type JsonOutcome } from "../transcode";
import { API_VERSION, executionToV1, jobToV1 } from "./to-v1";
import { LOCATION_LABEL, jobToV2, overridesToV2 } from "./to-v2";

type Obj = Record<string, unknown>;
type Call = (qualified: string, request: Obj) => Promise<JsonOutcome>;

const PATH = /^(?:\/locations\/([a-z0-9-]+))?\/apis\/run\.googleapis\.com\/v1\/namespaces\/([^/]+)\/(jobs|executions)(?:\/([^/:]+)(?::(run|cancel))?)?$/;
/** The region the emulator assumes when nothing names one (emulator-only). */
export const DEFAULT_V1_REGION = "us-central1";

/** Kubernetes `reason` per canonical code ([I]: the reasons of k8s.io/apimachinery StatusReason). */
const REASONS: Record<number, string> = { 3: "BadRequest", 4: "Timeout", 5: "NotFound", 6: "AlreadyExists", 7: "Forbidden", 8: "TooManyRequests", 9: "BadRequest", 10: "Conflict", 12: "NotImplemented", 13: "InternalError", 14: "ServiceUnavailable", 16: "Unauthorized" };

/**
 * A failure as a Kubernetes `Status` (run-v1-discovery.json `Status`), with Google's
 * `{error: {code, message, status}}` member beside it ([I]: Cloud Run's v1 front end is a
 * Google API front end; carrying both lets clients of either convention read the failure).
 */
export function statusFailure(error: { code: number; message: string; violations?: Array<{ field: string; description: string }> }, kind: string, name?: string): HttpAnswer {
  const http = httpStatusOf(error.code);
  const causes = (error.violations ?? []).map((v) => ({ field: v.field, message: v.description, reason: "FieldValueInvalid" }));
  return {
    status: http,
    body: {
      apiVersion: "v1",
      kind: "Status",
      status: "Failure",
      message: error.message,
      reason: REASONS[error.code] ?? "Unknown",
      code: http,
      details: { ...(name ? { name } : {}), group: "run.googleapis.com", kind, ...(causes.length ? { causes } : {}) },
      error: { code: http, message: error.message, status: codeName(error.code) },
    },
  };
}

const badRequest = (message: string, field?: string) => ({ code: 3, message, violations: field ? [{ field, description: message }] : [] });
const unpack = (any: unknown): Obj => {
  const { "@type": _type, ...rest } = (any ?? {}) as Obj;
  return rest;
};

/** `k=v`, `k==v`, `k!=v`, `k`, `!k`, `k in (a,b)`, `k notin (a,b)`, comma-separated (Kubernetes label selectors). */
export function matchesSelector(selector: string | null, labels: Record<string, string>): boolean {
  if (!selector?.trim()) return true;
  const requirements = selector.match(/[^,(]+(?:\([^)]*\))?/g) ?? [];
  return requirements.every((raw) => {
    const r = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(r))) {
      const values = m[3]!.split(",").map((v) => v.trim());
      const has = m[1]! in labels && values.includes(labels[m[1]!]!);
      return m[2] === "in" ? has : !has;
    }
    if ((m = /^(\S+?)\s*(==|=|!=)\s*(\S*)$/.exec(r))) return m[2] === "!=" ? labels[m[1]!] !== m[3] : labels[m[1]!] === m[3];
    if (r.startsWith("!")) return !(r.slice(1) in labels);
    return r in labels;
  });
}

function page<T>(items: T[], limit: string | null, token: string | null): { items: T[]; next?: string } {
  const offset = token ? Number(Buffer.from(token, "base64url").toString()) || 0 : 0;
  const size = limit ? Math.max(1, Number(limit)) : items.length;
  const next = offset + size < items.length ? Buffer.from(String(offset + size)).toString("base64url") : undefined;
  return { items: items.slice(offset, offset + size), ...(next ? { next } : {}) };
}

function regionFromHost(host: string | undefined): string | undefined {
  return /^([a-z]+-[a-z]+\d+)-run\.googleapis\.com(:\d+)?$/.exec(host ?? "")?.[1];
}

export function v1Face(call: Call, store: Store): Face {
  /** The locations of this project that hold a job (or execution) of that id. */
  const locationsOf = (project: string, kind: "jobs" | "executions", id?: string): string[] => {
    const keys = kind === "jobs" ? store.jobs.keys() : store.executions.keys();
    const out = new Set<string>();
    for (const key of keys) {
      const p = key.split("/");
      if (p[1] !== project) continue;
      if (id === undefined || (kind === "jobs" ? p[5] : p[7]) === id) out.add(p[3]!);
    }
    return [...out];
  };
  const executionName = (project: string, location: string, id: string): string => {
    for (const key of store.executions.keys()) {
      const p = key.split("/");
      if (p[1] === project && p[3] === location && p[7] === id) return key;
    }
    // Unknown: a name the v2 handler answers NOT_FOUND for (the job is the id minus its suffix).
    return `projects/${project}/locations/${location}/jobs/${id.replace(/-[^-]+$/, "") || id}/executions/${id}`;
  };

  async function jobs(req: HttpRequest, ns: string, hint: string | undefined, name: string | undefined, verb: string | undefined): Promise<HttpAnswer> {
    const q = req.url.searchParams;
    const dryRun = q.get("dryRun");
    if (dryRun && dryRun !== "all") return statusFailure(badRequest(`dryRun must be "all", got "${dryRun}"`, "dryRun"), "jobs", name);
    const where = (id: string) => hint ?? locationsOf(ns, "jobs", id)[0] ?? DEFAULT_V1_REGION;
    const jobPath = (location: string, id: string) => `projects/${ns}/locations/${location}/jobs/${id}`;
    const fail = (outcome: JsonOutcome): HttpAnswer => (outcome.kind === "drop" ? "drop" : statusFailure((outcome as { error: ApiError }).error, "jobs", name));

    if (req.method === "POST" && !name) return write("create");
    if (req.method === "PUT" && name && !verb) return write("replace");
    if (req.method === "GET" && name && !verb) {
      const got = await call("Jobs.GetJob", { name: jobPath(where(name), name) });
      return got.kind === "ok" ? { status: 200, body: jobToV1(got.json) } : fail(got);
    }
    if (req.method === "DELETE" && name && !verb) {
      const deleted = await call("Jobs.DeleteJob", { name: jobPath(where(name), name), ...(dryRun ? { validateOnly: true } : {}) });
      if (deleted.kind !== "ok") return fail(deleted);
      const job = unpack(deleted.json.metadata);
      return { status: 200, body: { apiVersion: "v1", kind: "Status", status: "Success", details: { name, group: "run.googleapis.com", kind: "jobs", uid: job.uid } } };
    }
    if (req.method === "POST" && name && verb === "run") {
      const body = req.body as Obj;
      const overrides = overridesToV2(body.overrides);
      const ran = await call("Jobs.RunJob", { name: jobPath(where(name), name), ...(overrides ? { overrides } : {}) });
      // v1 run answers the Execution at once, not an operation (§1.1 of the reference).
      return ran.kind === "ok" ? { status: 200, body: executionToV1(unpack(ran.json.metadata)) } : fail(ran);
    }
    if (req.method === "GET" && !name) {
      const found: Obj[] = [];
      for (const location of hint ? [hint] : locationsOf(ns, "jobs")) {
        let pageToken = "";
        do {
          const listed = await call("Jobs.ListJobs", { parent: `projects/${ns}/locations/${location}`, pageSize: 1000, ...(pageToken ? { pageToken } : {}) });
          if (listed.kind !== "ok") return fail(listed);
          found.push(...((listed.json.jobs as Obj[] | undefined) ?? []).map(jobToV1));
          pageToken = String(listed.json.nextPageToken ?? "");
        } while (pageToken);
      }
      const selected = found.filter((j) => matchesSelector(q.get("labelSelector"), (j.metadata as { labels: Record<string, string> }).labels));
      const result = page(selected, q.get("limit"), q.get("continue"));
      return { status: 200, body: { apiVersion: API_VERSION, kind: "JobsList", metadata: result.next ? { continue: result.next } : {}, items: result.items } };
    }
    return statusFailure({ code: 12, message: `${req.method} ${req.url.pathname} is not a v1 method` }, "jobs", name);

    async function write(mode: "create" | "replace"): Promise<HttpAnswer> {
      const body = req.body as Obj;
      const metadata = (body.metadata ?? {}) as Obj;
      if (body.apiVersion !== undefined && body.apiVersion !== API_VERSION) return statusFailure(badRequest(`apiVersion must be ${API_VERSION}`, "apiVersion"), "jobs", name);
      if (body.kind !== undefined && body.kind !== "Job") return statusFailure(badRequest("kind must be Job", "kind"), "jobs", name);
      const id = typeof metadata.name === "string" ? metadata.name : "";
      if (!id) return statusFailure(badRequest("metadata.name is required", "metadata.name"), "jobs", name);
      if (mode === "replace" && id !== name) return statusFailure(badRequest(`metadata.name "${id}" does not match the name in the URL "${name}"`, "metadata.name"), "jobs", name);
      // [I] a namespace that names another project is refused rather than moved.
      if (metadata.namespace !== undefined && String(metadata.namespace) !== ns) return statusFailure(badRequest(`metadata.namespace "${String(metadata.namespace)}" does not match the namespace in the URL "${ns}"`, "metadata.namespace"), "jobs", id);
      const label = ((metadata.labels ?? {}) as Record<string, string>)[LOCATION_LABEL];
      if (hint && label && label !== hint) return statusFailure(badRequest(`label ${LOCATION_LABEL} "${label}" does not match the region of the endpoint "${hint}"`, `metadata.labels[${LOCATION_LABEL}]`), "jobs", id);
      const location = hint ?? label ?? (mode === "replace" ? where(id) : DEFAULT_V1_REGION);
      const job = jobToV2(body, { project: ns, location });
      const validateOnly = dryRun ? { validateOnly: true } : {};
      let outcome: JsonOutcome;
      if (mode === "create") {
        outcome = await call("Jobs.CreateJob", { parent: `projects/${ns}/locations/${location}`, jobId: id, job, ...validateOnly });
      } else {
        const current = store.jobs.get(jobPath(location, id));
        const sent = metadata.resourceVersion;
        // "May provide metadata.resourceVersion to enforce update from last read for optimistic
        // concurrency control" (v1 replaceJob). Text and code follow Kubernetes ([I]).
        if (current && typeof sent === "string" && sent && sent !== String(current.job.etag ?? "").replace(/^W\/|"/g, "")) {
          return statusFailure({ code: 10, message: `Operation cannot be fulfilled on jobs.run.googleapis.com "${id}": the object has been modified; please apply your changes to the latest version and try again` }, "jobs", id);
        }
        outcome = await call("Jobs.UpdateJob", { job: { ...job, name: jobPath(location, id) }, ...validateOnly });
      }
      return outcome.kind === "ok" ? { status: 200, body: jobToV1(unpack(outcome.json.metadata)) } : fail(outcome);
    }
  }

  async function executions(req: HttpRequest, ns: string, hint: string | undefined, name: string | undefined, verb: string | undefined): Promise<HttpAnswer> {
    const q = req.url.searchParams;
    const fail = (outcome: JsonOutcome): HttpAnswer => (outcome.kind === "drop" ? "drop" : statusFailure((outcome as { error: ApiError }).error, "executions", name));
    const full = (id: string) => executionName(ns, hint ?? locationsOf(ns, "executions", id)[0] ?? DEFAULT_V1_REGION, id);
    if (req.method === "GET" && name && !verb) {
      const got = await call("Executions.GetExecution", { name: full(name) });
      return got.kind === "ok" ? { status: 200, body: executionToV1(got.json) } : fail(got);
    }
    if (req.method === "POST" && name && verb === "cancel") {
      const cancelled = await call("Executions.CancelExecution", { name: full(name) });
      return cancelled.kind === "ok" ? { status: 200, body: executionToV1(unpack(cancelled.json.metadata)) } : fail(cancelled);
    }
    if (req.method === "DELETE" && name && !verb) {
      const deleted = await call("Executions.DeleteExecution", { name: full(name) });
      if (deleted.kind !== "ok") return fail(deleted);
      return { status: 200, body: { apiVersion: "v1", kind: "Status", status: "Success", details: { name, group: "run.googleapis.com", kind: "executions", uid: unpack(deleted.json.metadata).uid } } };
    }
    if (req.method === "GET" && !name) {
      const found: Obj[] = [];
      for (const location of hint ? [hint] : locationsOf(ns, "executions")) {
        let pageToken = "";
        do {
          const listed = await call("Executions.ListExecutions", { parent: `projects/${ns}/locations/${location}/jobs/-`, pageSize: 1000, ...(pageToken ? { pageToken } : {}) });
          if (listed.kind !== "ok") return fail(listed);
          found.push(...((listed.json.executions as Obj[] | undefined) ?? []).map(executionToV1));
          pageToken = String(listed.json.nextPageToken ?? "");
        } while (pageToken);
      }
      const selected = found.filter((e) => matchesSelector(q.get("labelSelector"), (e.metadata as { labels: Record<string, string> }).labels));
      const result = page(selected, q.get("limit"), q.get("continue"));
      return { status: 200, body: { apiVersion: API_VERSION, kind: "ExecutionsList", metadata: result.next ? { continue: result.next } : {}, items: result.items } };
    }
    return statusFailure({ code: 12, message: `${req.method} ${req.url.pathname} is not a v1 method` }, "executions", name);
  }

  return {
    handle(req) {
      const path = req.url.pathname;
      if (!path.includes("/apis/run.googleapis.com/v1/")) return undefined;
      const m = PATH.exec(path);
      if (!m) return Promise.resolve(statusFailure({ code: 5, message: `The requested URL ${path} was not found on this server.` }, "jobs"));
      const [, prefixRegion, ns, collection, name, verb] = m;
      const hint = prefixRegion ?? regionFromHost(req.headers.host);
      const id = name ? decodeURIComponent(name) : undefined;
      return collection === "jobs" ? jobs(req, decodeURIComponent(ns!), hint, id, verb) : executions(req, decodeURIComponent(ns!), hint, id, verb);
    },
  };
}
