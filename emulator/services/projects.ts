// Requests that name a project by its number reach the project's jobs: every resource name a
// v2 request carries (`name`, `parent`, `resource`, `job.name`) is rewritten to the project id
// before the handler sees it (state/projects.ts). Applied to every face, as a wrapper of the
// RPC tables, so handlers and the store only ever see ids.
import type { RpcTable } from "./context";
import type { ProjectNumbers } from "../state/projects";

type Obj = Record<string, unknown>;

function canonical(request: unknown, projects: ProjectNumbers): unknown {
  if (!request || typeof request !== "object") return request;
  const r = request as Obj;
  let out: Obj | undefined;
  for (const field of ["name", "parent", "resource"]) {
    const value = r[field];
    if (typeof value !== "string") continue;
    const name = projects.canonicalName(value);
    if (name !== value) (out ??= { ...r })[field] = name;
  }
  const job = r.job as Obj | null | undefined;
  if (job && typeof job === "object" && typeof job.name === "string") {
    const name = projects.canonicalName(job.name);
    if (name !== job.name) (out ??= { ...r }).job = { ...job, name };
  }
  return out ?? request;
}

/** The table with every request's project resolved to its id. */
export function withProjectIds(table: RpcTable, projects: ProjectNumbers): RpcTable {
  return Object.fromEntries(
    Object.entries(table).map(([rpc, fn]) => [rpc, (request: never, ctx) => fn(canonical(request, projects) as never, ctx)]),
  );
}
