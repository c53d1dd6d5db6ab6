// google.logging.v2.LoggingServiceV2/ListLogEntries over the emulator's log store, with the
// filter subset of model/logging/filter.ts. The handler answers in proto3 JSON (the REST face's form); the gRPC
// face converts (rpc/logging.ts). Paging: page_size default 50, at most 1000 (Logging's documented
// bounds); page tokens are cursors (the last entry's timestamp and insertId) bound to the
// request's resource names, filter and order, so entries written meanwhile are neither skipped
// nor repeated.
import { createHash } from "node:crypto";
import { invalidArgument } from "../base/errors";
import type { LogEntryJson } from "../model/logging/entry";
import { type Filter, FilterError, matches, parseFilter, parseOrderBy } from "../model/logging/filter";
import { microsOf, type LogStore } from "../state/logs";
import type { ProjectNumbers } from "../state/projects";
import type { RpcTable } from "./context";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

export interface ListLogEntriesRequest {
  resourceNames?: string[] | null;
  filter?: string | null;
  orderBy?: string | null;
  pageSize?: number | string | null;
  pageToken?: string | null;
}

export interface ListLogEntriesResponse {
  entries: LogEntryJson[];
  nextPageToken: string;
}

const REQUEST = "ListLogEntriesRequest";

/** The project a resource name reads (`projects/p`, or a log view of it); undefined for other parents. */
function projectOf(resourceName: string, projects: ProjectNumbers): string | undefined {
  const m = /^projects\/([^/]+)(?:\/locations\/[^/]+\/buckets\/[^/]+(?:\/views\/[^/]+)?)?$/.exec(resourceName);
  if (m) return projects.idOf(m[1]!);
  if (/^(organizations|folders|billingAccounts)\/[^/]+(\/locations\/[^/]+\/buckets\/[^/]+(\/views\/[^/]+)?)?$/.test(resourceName))
    return undefined;
  throw invalidArgument(
    [
      {
        field: "resource_names",
        description: `Invalid resource name "${resourceName}": expected projects/[PROJECT_ID] (or a log view of it).`,
      },
    ],
    REQUEST,
  );
}

const micros = new WeakMap<LogEntryJson, number>();
const keyOf = (e: LogEntryJson): [number, string] => {
  let m = micros.get(e);
  if (m === undefined) micros.set(e, (m = microsOf(e.timestamp)));
  return [m, e.insertId];
};
const compareKeys = (a: [number, string], b: [number, string]) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);

export function listLogEntries(logs: LogStore, projects: ProjectNumbers, request: ListLogEntriesRequest): ListLogEntriesResponse {
  const names = request.resourceNames ?? [];
  if (names.length === 0)
    throw invalidArgument([{ field: "resource_names", description: "At least one resource name is required." }], REQUEST);
  const wanted = new Set<string>();
  for (const name of names) {
    const project = projectOf(name, projects);
    if (project) wanted.add(project);
  }
  let filter: Filter;
  let order: "asc" | "desc";
  try {
    filter = parseFilter(request.filter ?? "");
  } catch (err) {
    if (err instanceof FilterError) {
      throw invalidArgument(
        [
          {
            field: "filter",
            description: `Unsupported or invalid filter: ${err.message}. The emulator understands the part of the Logging query language in emulator/README.md ("Logs").`,
          },
        ],
        REQUEST,
      );
    }
    throw err;
  }
  try {
    order = parseOrderBy(request.orderBy);
  } catch (err) {
    if (err instanceof FilterError) throw invalidArgument([{ field: "order_by", description: err.message }], REQUEST);
    throw err;
  }
  const size = Number(request.pageSize ?? 0);
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw invalidArgument([{ field: "page_size", description: `Must be between 0 and ${MAX_PAGE_SIZE}.` }], REQUEST);
  }
  const limit = size || DEFAULT_PAGE_SIZE;
  const scope = createHash("sha256")
    .update(JSON.stringify([[...names].sort(), request.filter ?? "", order]))
    .digest("base64url")
    .slice(0, 16);
  let after: [number, string] | undefined;
  if (request.pageToken) {
    try {
      const decoded = JSON.parse(Buffer.from(request.pageToken, "base64url").toString()) as { s?: unknown; t?: unknown; i?: unknown };
      if (decoded.s !== scope || typeof decoded.t !== "number" || typeof decoded.i !== "string") throw new Error("scope");
      after = [decoded.t, decoded.i];
    } catch {
      throw invalidArgument([{ field: "page_token", description: "Invalid page token: it belongs to another request." }], REQUEST);
    }
  }

  const matching: LogEntryJson[] = [];
  for (const project of wanted) for (const e of logs.entries(project)) if (matches(filter, e)) matching.push(e);
  matching.sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
  if (order === "desc") matching.reverse();
  let start = 0;
  if (after) {
    const cursor = after;
    start = matching.findIndex((e) => (order === "asc" ? compareKeys(keyOf(e), cursor) > 0 : compareKeys(keyOf(e), cursor) < 0));
    if (start < 0) start = matching.length;
  }
  const page = matching.slice(start, start + limit);
  const last = page.at(-1);
  const more = start + limit < matching.length && last;
  const nextPageToken = more ? Buffer.from(JSON.stringify({ s: scope, t: keyOf(last)[0], i: last.insertId })).toString("base64url") : "";
  return { entries: page, nextPageToken };
}

/** The Logging service's RPC table (the handlers answer in proto3 JSON). */
export function loggingRpcs(logs: LogStore, projects: ProjectNumbers): RpcTable {
  return {
    ListLogEntries: (request: ListLogEntriesRequest) => listLogEntries(logs, projects, request),
  };
}
