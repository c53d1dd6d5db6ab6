// The Cloud Run Admin API v1 (`namespaces.jobs`, `namespaces.executions`, `namespaces.tasks`,
// and the jobs' IAM methods) on the HTTP port, as a client of the v2 handlers over the same
// store: a v1 call is counted, faulted and logged as the v2 RPC it becomes (v1 create →
// Jobs.CreateJob). Paths per run-v1-discovery.json:
//   POST   /apis/run.googleapis.com/v1/namespaces/{ns}/jobs              create (?dryRun=all)
//   GET    /apis/run.googleapis.com/v1/namespaces/{ns}/jobs              list (limit, continue, labelSelector)
//   GET    /apis/run.googleapis.com/v1/namespaces/{ns}/jobs/{name}       get
//   PUT    /apis/run.googleapis.com/v1/namespaces/{ns}/jobs/{name}       replaceJob (metadata.resourceVersion)
//   DELETE /apis/run.googleapis.com/v1/namespaces/{ns}/jobs/{name}       delete → Status
//   POST   /apis/run.googleapis.com/v1/namespaces/{ns}/jobs/{name}:run   run → Execution
//   GET    /apis/run.googleapis.com/v1/namespaces/{ns}/executions[/{name}], DELETE …/{name}, POST …/{name}:cancel
//   GET    /apis/run.googleapis.com/v1/namespaces/{ns}/tasks[/{name}]    (labelSelector run.googleapis.com/execution = …)
//   GET    /v1/projects/{p}/locations/{l}/jobs/{job}:getIamPolicy, POST …:setIamPolicy, POST …:testIamPermissions
// `{ns}` is the project id or number (state/projects.ts); answers name the number, as Cloud Run's do.
// v1 is a regional API (`{region}-run.googleapis.com`); the emulator takes the region from a
// `/locations/{region}` path prefix, a `{region}-run.…` Host header (googleapis.com, or the
// host gcloud is given by rest/gcloud.ts), the job's `cloud.googleapis.com/location` label, or
// where the job already is (emulator-only).
import type { ApiError } from "../../base/errors";
import type { ProjectNumbers } from "../../state/projects";
import type { Store } from "../../state/store";
import { regionOfRunHost } from "../gcloud";
import type { Face, HttpAnswer, HttpRequest } from "../http";
import { codeName, googleErrorBody, httpStatusOf, type JsonOutcome } from "../transcode";
import { v1FieldPath } from "./paths";
import { API_VERSION, executionToV1, jobToV1, taskToV1, type V1View } from "./to-v1";
import { LOCATION_LABEL, jobToV2, overridesToV2 } from "./to-v2";

type Obj = Record<string, unknown>;
type Call = (qualified: string, request: Obj) => Promise<JsonOutcome>;
type Failure = { code: number; message: string; violations?: Array<{ field: string; description: string }> };

const PATH =
  /^(?:\/locations\/([a-z0-9-]+))?\/apis\/run\.googleapis\.com\/v1\/namespaces\/([^/]+)\/(jobs|executions|tasks)(?:\/([^/:]+)(?::(run|cancel))?)?$/;
const IAM_PATH = /^\/v1\/projects\/([^/]+)\/locations\/([^/]+)\/jobs\/([^/:]+):(getIamPolicy|setIamPolicy|testIamPermissions)$/;
/** The region the emulator assumes when nothing names one (emulator-only). */
export const DEFAULT_V1_REGION = "us-central1";
/** Template annotations a v1 write keeps though v2 has no field for them (store.ts JobRecord). */
const KEPT_TEMPLATE_ANNOTATIONS = ["run.googleapis.com/client-name", "run.googleapis.com/client-version"];

/** Kubernetes `reason` per canonical code ([I]: the reasons of k8s.io/apimachinery StatusReason). */
const REASONS: Record<number, string> = {
  3: "BadRequest",
  4: "Timeout",
  5: "NotFound",
  6: "AlreadyExists",
  7: "Forbidden",
  8: "TooManyRequests",
  9: "BadRequest",
  10: "Conflict",
  12: "NotImplemented",
  13: "InternalError",
  14: "ServiceUnavailable",
  16: "Unauthorized",
};

/**
 * A v2 failure as the v1 face words it: field violations name v1 manifest paths
 * (rest/v1/paths.ts), and the message is one `path: description` line per violation ([I]).
 */
function inV1Terms(error: Failure): Failure {
  if (!error.violations?.length) return error;
  const violations = error.violations.map((v) => ({ field: v1FieldPath(v.field), description: v.description }));
  return {
    code: error.code,
    message: violations.map((v) => (v.field ? `${v.field}: ${v.description}` : v.description)).join("\n"),
    violations,
  };
}

/**
 * A failure as a Kubernetes `Status` (run-v1-discovery.json `Status`), with Google's
 * `{error: {code, message, status, details}}` member beside it ([I]: Cloud Run's v1 front end is a
 * Google API front end; carrying both lets clients of either convention read the failure).
 */
export function statusFailure(error: Failure, kind: string, name?: string): HttpAnswer {
  const http = httpStatusOf(error.code);
  const violations = error.violations ?? [];
  const causes = violations.map((v) => ({ field: v.field, message: v.description, reason: "FieldValueInvalid" }));
  const details = violations.length ? [{ "@type": "type.googleapis.com/google.rpc.BadRequest", fieldViolations: violations }] : [];
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
      error: { code: http, message: error.message, status: codeName(error.code), ...(details.length ? { details } : {}) },
    },
  };
}

const badRequest = (message: string, field?: string): Failure => ({
  code: 3,
  message: field ? `${field}: ${message}` : message,
  violations: field ? [{ field, description: message }] : [],
});
const unpack = (any: unknown): Obj => {
  const { "@type": _type, ...rest } = (any ?? {}) as Obj;
  return rest;
};
const obj = (v: unknown): Obj => (v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});

/** `k=v`, `k==v`, `k!=v`, `k`, `!k`, `k in (a,b)`, `k notin (a,b)`, comma-separated (Kubernetes label selectors). */
export function matchesSelector(selector: string | null, labels: Record<string, string>): boolean {
  if (!selector?.trim()) return true;
  return requirementsOf(selector).every((raw) => {
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

const requirementsOf = (selector: string) => selector.match(/[^,(]+(?:\([^)]*\))?/g) ?? [];

/** The value a selector requires a label to equal (`run.googleapis.com/execution = x`), if it does. */
function equalityOf(selector: string | null, label: string): string | undefined {
  for (const raw of requirementsOf(selector ?? "")) {
    const m = /^(\S+?)\s*(==|=)\s*(\S*)$/.exec(raw.trim());
    if (m && m[1] === label) return m[3];
  }
  return undefined;
}

function page<T>(items: T[], limit: string | null, token: string | null): { items: T[]; next?: string } {
  const offset = token ? Number(Buffer.from(token, "base64url").toString()) || 0 : 0;
  const size = limit ? Math.max(1, Number(limit)) : items.length;
  const next = offset + size < items.length ? Buffer.from(String(offset + size)).toString("base64url") : undefined;
  return { items: items.slice(offset, offset + size), ...(next ? { next } : {}) };
}

/** Empty strings gcloud sends for unset proto3 fields (`"name": ""` of a container) as absent ([I]: Cloud Run echoes no empty name). */
function withoutEmptyNames(body: Obj): Obj {
  const copy = structuredClone(body);
  const task = obj(obj(obj(obj(obj(copy.spec).template).spec).template).spec);
  for (const c of Array.isArray(task.containers) ? (task.containers as Obj[]) : []) {
    for (const key of ["name", "workingDir"]) if (c[key] === "") delete c[key];
  }
  if (task.serviceAccountName === "") delete task.serviceAccountName;
  return copy;
}

/** What Cloud Run's v1 API refuses of a manifest before it maps it to v2 ([I] wording). */
function v1Refusals(body: Obj): Failure | undefined {
  const template = obj(obj(body.spec).template);
  const meta = obj(template.metadata);
  // An execution template is not a named object: executions get generated names.
  if (meta.name !== undefined && meta.name !== "")
    return badRequest("an execution template cannot be named: executions are named by Cloud Run; remove it", "spec.template.metadata.name");
  if (meta.namespace !== undefined && meta.namespace !== "")
    return badRequest("the execution template takes its job's namespace; remove it", "spec.template.metadata.namespace");
  const taskMeta = obj(obj(obj(template.spec).template).metadata);
  if (taskMeta.name !== undefined && taskMeta.name !== "")
    return badRequest("a task template cannot be named; remove it", "spec.template.spec.template.metadata.name");
  return undefined;
}

export function v1Face(call: Call, store: Store, projects: ProjectNumbers): Face {
  /** The locations of this project that hold a job (or execution, task) of that id. */
  const locationsOf = (project: string, kind: "jobs" | "executions" | "tasks", id?: string): string[] => {
    const keys = kind === "jobs" ? store.jobs.keys() : kind === "executions" ? store.executions.keys() : store.tasks.keys();
    const at = { jobs: 5, executions: 7, tasks: 9 }[kind];
    const out = new Set<string>();
    for (const key of keys) {
      const p = key.split("/");
      if (p[1] !== project) continue;
      if (id === undefined || p[at] === id) out.add(p[3]!);
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
  const taskName = (project: string, location: string, id: string): string => {
    for (const key of store.tasks.keys()) {
      const p = key.split("/");
      if (p[1] === project && p[3] === location && p[9] === id) return key;
    }
    const execution = id.replace(/-task\d+$/, "");
    return `${executionName(project, location, execution)}/tasks/${id}`;
  };
  /** How answers name this project: by its number, as Cloud Run does. */
  const viewOf = (project: string): V1View => ({ namespace: projects.numberOf(project) });
  const jobView = (project: string, job: Obj): V1View => {
    const kept = store.jobs.get(String(job.name))?.v1TemplateAnnotations;
    return { ...viewOf(project), ...(kept ? { templateAnnotations: kept } : {}) };
  };

  async function jobs(
    req: HttpRequest,
    ns: string,
    hint: string | undefined,
    name: string | undefined,
    verb: string | undefined,
  ): Promise<HttpAnswer> {
    const q = req.url.searchParams;
    const dryRun = q.get("dryRun");
    const failWith = (error: Failure) => statusFailure(inV1Terms(error), "jobs", name);
    if (dryRun && dryRun !== "all") return failWith(badRequest(`dryRun must be "all", got "${dryRun}"`, "dryRun"));
    const where = (id: string) => hint ?? locationsOf(ns, "jobs", id)[0] ?? DEFAULT_V1_REGION;
    const jobPath = (location: string, id: string) => `projects/${ns}/locations/${location}/jobs/${id}`;
    const fail = (outcome: JsonOutcome): HttpAnswer =>
      outcome.kind === "drop" ? "drop" : failWith((outcome as { error: ApiError }).error);

    if (req.method === "POST" && !name) return write("create");
    if (req.method === "PUT" && name && !verb) return write("replace");
    if (req.method === "GET" && name && !verb) {
      const got = await call("Jobs.GetJob", { name: jobPath(where(name), name) });
      return got.kind === "ok" ? { status: 200, body: jobToV1(got.json, jobView(ns, got.json)) } : fail(got);
    }
    if (req.method === "DELETE" && name && !verb) {
      const deleted = await call("Jobs.DeleteJob", { name: jobPath(where(name), name), ...(dryRun ? { validateOnly: true } : {}) });
      if (deleted.kind !== "ok") return fail(deleted);
      const job = unpack(deleted.json.metadata);
      return {
        status: 200,
        body: {
          apiVersion: "v1",
          kind: "Status",
          status: "Success",
          details: { name, group: "run.googleapis.com", kind: "jobs", uid: job.uid },
        },
      };
    }
    if (req.method === "POST" && name && verb === "run") {
      const body = req.body as Obj;
      const overrides = overridesToV2(body.overrides);
      const ran = await call("Jobs.RunJob", { name: jobPath(where(name), name), ...(overrides ? { overrides } : {}) });
      // v1 run answers the Execution at once, not an operation (§1.1 of the reference).
      return ran.kind === "ok" ? { status: 200, body: executionToV1(unpack(ran.json.metadata), viewOf(ns)) } : fail(ran);
    }
    if (req.method === "GET" && !name) {
      const found: Obj[] = [];
      for (const location of hint ? [hint] : locationsOf(ns, "jobs")) {
        let pageToken = "";
        do {
          const listed = await call("Jobs.ListJobs", {
            parent: `projects/${ns}/locations/${location}`,
            pageSize: 1000,
            ...(pageToken ? { pageToken } : {}),
          });
          if (listed.kind !== "ok") return fail(listed);
          found.push(...((listed.json.jobs as Obj[] | undefined) ?? []).map((j) => jobToV1(j, jobView(ns, j))));
          pageToken = String(listed.json.nextPageToken ?? "");
        } while (pageToken);
      }
      const selected = found.filter((j) =>
        matchesSelector(q.get("labelSelector"), (j.metadata as { labels: Record<string, string> }).labels),
      );
      const result = page(selected, q.get("limit"), q.get("continue"));
      return {
        status: 200,
        body: { apiVersion: API_VERSION, kind: "JobsList", metadata: result.next ? { continue: result.next } : {}, items: result.items },
      };
    }
    return failWith({ code: 12, message: `${req.method} ${req.url.pathname} is not a v1 method` });

    async function write(mode: "create" | "replace"): Promise<HttpAnswer> {
      const body = withoutEmptyNames(req.body as Obj);
      const metadata = (body.metadata ?? {}) as Obj;
      if (body.apiVersion !== undefined && body.apiVersion !== API_VERSION)
        return failWith(badRequest(`apiVersion must be ${API_VERSION}`, "apiVersion"));
      if (body.kind !== undefined && body.kind !== "Job") return failWith(badRequest("kind must be Job", "kind"));
      const id = typeof metadata.name === "string" ? metadata.name : "";
      if (!id) return failWith(badRequest("metadata.name is required", "metadata.name"));
      if (mode === "replace" && id !== name)
        return failWith(badRequest(`metadata.name "${id}" does not match the name in the URL "${name}"`, "metadata.name"));
      // The namespace may name the project by id or number; [I] another project is refused rather than moved.
      if (metadata.namespace !== undefined && metadata.namespace !== "" && projects.idOf(String(metadata.namespace)) !== ns) {
        return failWith(
          badRequest(
            `"${String(metadata.namespace)}" does not match the namespace in the URL "${projects.numberOf(ns)}" (project ${ns})`,
            "metadata.namespace",
          ),
        );
      }
      const refused = v1Refusals(body);
      if (refused) return failWith(refused);
      const label = ((metadata.labels ?? {}) as Record<string, string>)[LOCATION_LABEL];
      if (hint && label && label !== hint)
        return failWith(
          badRequest(
            `label ${LOCATION_LABEL} "${label}" does not match the region of the endpoint "${hint}"`,
            `metadata.labels[${LOCATION_LABEL}]`,
          ),
        );
      const location = hint ?? label ?? (mode === "replace" ? where(id) : DEFAULT_V1_REGION);
      const job = jobToV2(body, { project: ns, location });
      const validateOnly = dryRun ? { validateOnly: true } : {};
      const sent = typeof metadata.resourceVersion === "string" ? metadata.resourceVersion : "";
      let outcome: JsonOutcome;
      if (mode === "create") {
        outcome = await call("Jobs.CreateJob", { parent: `projects/${ns}/locations/${location}`, jobId: id, job, ...validateOnly });
      } else {
        // "May provide metadata.resourceVersion to enforce update from last read for optimistic
        // concurrency control" (v1 replaceJob): sent as the v2 etag, so UpdateJob compares it in
        // the same step as it writes (two replaces from one read: the second is refused).
        outcome = await call("Jobs.UpdateJob", {
          job: { ...job, name: jobPath(location, id), ...(sent ? { etag: `"${sent}"` } : {}) },
          ...validateOnly,
        });
        if (outcome.kind === "error" && outcome.error.code === 10 && sent) {
          // Text and code follow Kubernetes ([I]).
          return failWith({
            code: 10,
            message: `Operation cannot be fulfilled on jobs.run.googleapis.com "${id}": the object has been modified; please apply your changes to the latest version and try again`,
          });
        }
      }
      if (outcome.kind !== "ok") return fail(outcome);
      const written = unpack(outcome.json.metadata);
      const templateAnnotations = obj(obj(obj(body.spec).template).metadata).annotations as Record<string, string> | undefined;
      const kept = Object.fromEntries(
        KEPT_TEMPLATE_ANNOTATIONS.filter((k) => typeof templateAnnotations?.[k] === "string").map((k) => [k, templateAnnotations![k]!]),
      );
      const record = dryRun ? undefined : store.jobs.get(String(written.name));
      if (record && Object.keys(kept).length) record.v1TemplateAnnotations = kept;
      return { status: 200, body: jobToV1(written, { ...viewOf(ns), ...(Object.keys(kept).length ? { templateAnnotations: kept } : {}) }) };
    }
  }

  async function executions(
    req: HttpRequest,
    ns: string,
    hint: string | undefined,
    name: string | undefined,
    verb: string | undefined,
  ): Promise<HttpAnswer> {
    const q = req.url.searchParams;
    const fail = (outcome: JsonOutcome): HttpAnswer =>
      outcome.kind === "drop" ? "drop" : statusFailure(inV1Terms((outcome as { error: ApiError }).error), "executions", name);
    const full = (id: string) => executionName(ns, hint ?? locationsOf(ns, "executions", id)[0] ?? DEFAULT_V1_REGION, id);
    const view = viewOf(ns);
    if (req.method === "GET" && name && !verb) {
      const got = await call("Executions.GetExecution", { name: full(name) });
      return got.kind === "ok" ? { status: 200, body: executionToV1(got.json, view) } : fail(got);
    }
    if (req.method === "POST" && name && verb === "cancel") {
      const cancelled = await call("Executions.CancelExecution", { name: full(name) });
      return cancelled.kind === "ok" ? { status: 200, body: executionToV1(unpack(cancelled.json.metadata), view) } : fail(cancelled);
    }
    if (req.method === "DELETE" && name && !verb) {
      const deleted = await call("Executions.DeleteExecution", { name: full(name) });
      if (deleted.kind !== "ok") return fail(deleted);
      return {
        status: 200,
        body: {
          apiVersion: "v1",
          kind: "Status",
          status: "Success",
          details: { name, group: "run.googleapis.com", kind: "executions", uid: unpack(deleted.json.metadata).uid },
        },
      };
    }
    if (req.method === "GET" && !name) {
      const found: Obj[] = [];
      const job = equalityOf(q.get("labelSelector"), "run.googleapis.com/job");
      for (const location of hint ? [hint] : locationsOf(ns, "executions")) {
        let pageToken = "";
        do {
          const listed = await call("Executions.ListExecutions", {
            parent: `projects/${ns}/locations/${location}/jobs/${job && store.jobs.has(`projects/${ns}/locations/${location}/jobs/${job}`) ? job : "-"}`,
            pageSize: 1000,
            ...(pageToken ? { pageToken } : {}),
          });
          if (listed.kind !== "ok") return fail(listed);
          found.push(...((listed.json.executions as Obj[] | undefined) ?? []).map((e) => executionToV1(e, view)));
          pageToken = String(listed.json.nextPageToken ?? "");
        } while (pageToken);
      }
      const selected = found.filter((e) =>
        matchesSelector(q.get("labelSelector"), (e.metadata as { labels: Record<string, string> }).labels),
      );
      const result = page(selected, q.get("limit"), q.get("continue"));
      return {
        status: 200,
        body: {
          apiVersion: API_VERSION,
          kind: "ExecutionsList",
          metadata: result.next ? { continue: result.next } : {},
          items: result.items,
        },
      };
    }
    return statusFailure({ code: 12, message: `${req.method} ${req.url.pathname} is not a v1 method` }, "executions", name);
  }

  async function tasks(
    req: HttpRequest,
    ns: string,
    hint: string | undefined,
    name: string | undefined,
    verb: string | undefined,
  ): Promise<HttpAnswer> {
    const q = req.url.searchParams;
    const fail = (outcome: JsonOutcome): HttpAnswer =>
      outcome.kind === "drop" ? "drop" : statusFailure(inV1Terms((outcome as { error: ApiError }).error), "tasks", name);
    const view = viewOf(ns);
    if (req.method === "GET" && name && !verb) {
      const got = await call("Tasks.GetTask", { name: taskName(ns, hint ?? locationsOf(ns, "tasks", name)[0] ?? DEFAULT_V1_REGION, name) });
      return got.kind === "ok" ? { status: 200, body: taskToV1(got.json, view) } : fail(got);
    }
    if (req.method === "GET" && !name) {
      const selector = q.get("labelSelector");
      const only = equalityOf(selector, "run.googleapis.com/execution");
      const parents = [...store.executions.keys()].filter((key) => {
        const p = key.split("/");
        return p[1] === ns && (!hint || p[3] === hint) && (only === undefined || p[7] === only);
      });
      const found: Obj[] = [];
      for (const parent of parents) {
        let pageToken = "";
        do {
          const listed = await call("Tasks.ListTasks", { parent, pageSize: 1000, ...(pageToken ? { pageToken } : {}) });
          if (listed.kind !== "ok") return fail(listed);
          found.push(...((listed.json.tasks as Obj[] | undefined) ?? []).map((t) => taskToV1(t, view)));
          pageToken = String(listed.json.nextPageToken ?? "");
        } while (pageToken);
      }
      const selected = found.filter((t) => matchesSelector(selector, (t.metadata as { labels: Record<string, string> }).labels));
      const result = page(selected, q.get("limit"), q.get("continue"));
      return {
        status: 200,
        body: { apiVersion: API_VERSION, kind: "TasksList", metadata: result.next ? { continue: result.next } : {}, items: result.items },
      };
    }
    return statusFailure({ code: 12, message: `${req.method} ${req.url.pathname} is not a v1 method` }, "tasks", name);
  }

  /** The jobs' IAM methods (run-v1-discovery.json projects.locations.jobs.*IamPolicy): Google-style answers and errors. */
  async function iam(req: HttpRequest, resource: string, method: string): Promise<HttpAnswer> {
    const body = obj(req.body);
    let outcome: JsonOutcome;
    if (method === "getIamPolicy" && req.method === "GET") {
      const version = Number(req.url.searchParams.get("options.requestedPolicyVersion") ?? 0);
      outcome = await call("Jobs.GetIamPolicy", { resource, ...(version ? { options: { requestedPolicyVersion: version } } : {}) });
    } else if (method === "setIamPolicy" && req.method === "POST") {
      outcome = await call("Jobs.SetIamPolicy", {
        resource,
        ...(body.policy ? { policy: body.policy } : {}),
        ...(body.updateMask ? { updateMask: body.updateMask } : {}),
      });
    } else if (method === "testIamPermissions" && req.method === "POST") {
      outcome = await call("Jobs.TestIamPermissions", { resource, permissions: Array.isArray(body.permissions) ? body.permissions : [] });
    } else {
      return {
        status: 404,
        body: { error: { code: 404, message: `${req.method} ${req.url.pathname} is not a v1 method`, status: "NOT_FOUND" } },
      };
    }
    if (outcome.kind === "drop") return "drop";
    if (outcome.kind === "error") return googleErrorBody(outcome.error);
    return { status: 200, body: outcome.json };
  }

  return {
    handle(req) {
      const path = req.url.pathname;
      const iamMatch = IAM_PATH.exec(path);
      if (iamMatch) {
        const [, project, location, job, method] = iamMatch;
        return iam(
          req,
          `projects/${decodeURIComponent(project!)}/locations/${decodeURIComponent(location!)}/jobs/${decodeURIComponent(job!)}`,
          method!,
        );
      }
      if (!path.includes("/apis/run.googleapis.com/v1/")) return undefined;
      const m = PATH.exec(path);
      if (!m)
        return Promise.resolve(statusFailure({ code: 5, message: `The requested URL ${path} was not found on this server.` }, "jobs"));
      const [, prefixRegion, namespace, collection, name, verb] = m;
      const hint = prefixRegion ?? regionOfRunHost(req.headers.host);
      const id = name ? decodeURIComponent(name) : undefined;
      const given = decodeURIComponent(namespace!);
      projects.note(given);
      const ns = projects.idOf(given);
      if (collection === "jobs") return jobs(req, ns, hint, id, verb);
      if (collection === "executions") return executions(req, ns, hint, id, verb);
      return tasks(req, ns, hint, id, verb);
    },
  };
}
