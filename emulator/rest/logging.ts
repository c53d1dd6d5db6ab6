// The Logging API's REST face: `POST /v2/entries:list` (logging.googleapis.com, as gcloud and
// REST clients call it; gcloud reaches it through the proxy host logging.cloudrun-emulator.invalid),
// answered with the entries in proto3 JSON. Through services/dispatch.ts like every RPC: faults,
// counters and the log line are the gRPC face's. Errors are Google's JSON errors.
import { invalidArgument } from "../base/errors";
import type { RpcTable } from "../services/context";
import { dispatch, type Plumbing } from "../services/dispatch";
import type { ListLogEntriesRequest } from "../services/logging";
import type { Face, HttpAnswer } from "./http";
import { googleErrorBody } from "./transcode";

const FIELDS = new Set([
  "resourceNames",
  "resource_names",
  "filter",
  "orderBy",
  "order_by",
  "pageSize",
  "page_size",
  "pageToken",
  "page_token",
  "projectIds",
]);

export function loggingFace(table: RpcTable, plumbing: Plumbing): Face {
  return {
    handle(req) {
      if (req.url.pathname !== "/v2/entries:list") return undefined;
      return (async (): Promise<HttpAnswer> => {
        if (req.method !== "POST")
          return googleErrorBody(
            invalidArgument([{ field: "method", description: "entries.list is POST /v2/entries:list" }], "ListLogEntriesRequest"),
          );
        const body = (req.body && typeof req.body === "object" ? req.body : {}) as Record<string, unknown>;
        const unknown = Object.keys(body).find((k) => !FIELDS.has(k));
        if (unknown) {
          return googleErrorBody(
            invalidArgument(
              [{ field: unknown, description: `Invalid JSON payload received. Unknown name "${unknown}": Cannot find field.` }],
              "ListLogEntriesRequest",
            ),
          );
        }
        const pick = (a: string, b: string) => body[a] ?? body[b];
        const request: ListLogEntriesRequest = {
          resourceNames: (pick("resourceNames", "resource_names") as string[] | undefined) ?? [],
          filter: (pick("filter", "filter") as string | undefined) ?? "",
          orderBy: (pick("orderBy", "order_by") as string | undefined) ?? "",
          pageSize: (pick("pageSize", "page_size") as number | string | undefined) ?? 0,
          pageToken: (pick("pageToken", "page_token") as string | undefined) ?? "",
        };
        const outcome = await dispatch(
          "LoggingServiceV2.ListLogEntries",
          table.ListLogEntries!,
          request,
          req.deadline === undefined ? {} : { deadline: req.deadline },
          plumbing,
          "rest",
        );
        if (outcome.kind === "drop") return "drop";
        if (outcome.kind === "error") return googleErrorBody(outcome.error);
        const response = outcome.response as { entries: unknown[]; nextPageToken: string };
        // proto3 JSON leaves out empty fields.
        return {
          status: 200,
          body: {
            ...(response.entries.length ? { entries: response.entries } : {}),
            ...(response.nextPageToken ? { nextPageToken: response.nextPageToken } : {}),
          },
        };
      })();
    },
  };
}
