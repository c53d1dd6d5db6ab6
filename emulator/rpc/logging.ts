// The Logging service on the gRPC face: google.logging.v2.LoggingServiceV2 with ListLogEntries
// (through services/dispatch.ts, so faults, counters and the log line apply as to Run's RPCs:
// `{ rpc: "ListLogEntries", code: "PERMISSION_DENIED" }`) and TailLogEntries (new entries as
// they are written). The other methods answer UNIMPLEMENTED.
import * as grpc from "@grpc/grpc-js";
import type { LogEntryJson } from "../model/logging/entry";
import { type Filter, FilterError, matches, parseFilter } from "../model/logging/filter";
import { microsOf, type LogStore } from "../state/logs";
import type { ProjectNumbers } from "../state/projects";
import type { RpcTable } from "../services/context";
import { dispatch, type Plumbing } from "../services/dispatch";
import type { ListLogEntriesResponse } from "../services/logging";
import { deadlineOf } from "./bind";
import { dropConnection } from "./drop";
import { loggingService } from "./logging-protos";

type Obj = Record<string, unknown>;

/** A JSON value as a google.protobuf.Value (proto-loader object form). */
function toValue(v: unknown): Obj {
  if (v === null || v === undefined) return { nullValue: "NULL_VALUE" };
  if (typeof v === "number") return { numberValue: v };
  if (typeof v === "boolean") return { boolValue: v };
  if (typeof v === "string") return { stringValue: v };
  if (Array.isArray(v)) return { listValue: { values: v.map(toValue) } };
  return { structValue: toStruct(v as Obj) };
}

const toStruct = (o: Obj): Obj => ({ fields: Object.fromEntries(Object.entries(o).map(([k, v]) => [k, toValue(v)])) });

function toTimestamp(text: string): Obj {
  const micros = microsOf(text);
  const nanosText = /\.(\d+)/.exec(text)?.[1] ?? "";
  const nanos = nanosText ? Number(nanosText.slice(0, 9).padEnd(9, "0")) : 0;
  return { seconds: String(Math.floor(micros / 1_000_000)), nanos };
}

/** A stored entry (proto3 JSON) as the gRPC serializer takes it. */
export function entryToGrpc(e: LogEntryJson): Obj {
  return {
    logName: e.logName,
    resource: e.resource,
    timestamp: toTimestamp(e.timestamp),
    receiveTimestamp: toTimestamp(e.receiveTimestamp),
    severity: e.severity ?? "DEFAULT",
    insertId: e.insertId,
    labels: e.labels ?? {},
    ...(e.textPayload !== undefined ? { textPayload: e.textPayload } : {}),
    ...(e.jsonPayload !== undefined ? { jsonPayload: toStruct(e.jsonPayload) } : {}),
    ...(e.trace ? { trace: e.trace } : {}),
    ...(e.spanId ? { spanId: e.spanId } : {}),
  };
}

/**
 * Adds the Logging service to the gRPC server; false (with the reason logged) where the
 * Logging protos are not installed.
 */
export function bindLogging(server: grpc.Server, table: RpcTable, logs: LogStore, projects: ProjectNumbers, p: Plumbing): boolean {
  const { definition, reason } = loggingService();
  if (!definition) {
    p.log(`cloudrun-emulator: no gRPC Cloud Logging service: ${reason}; POST /v2/entries:list still answers`);
    return false;
  }
  const list: grpc.handleUnaryCall<unknown, unknown> = (call, callback) => {
    void dispatch("LoggingServiceV2.ListLogEntries", table.ListLogEntries!, call.request, { deadline: deadlineOf(call) }, p, "grpc").then(
      (outcome) => {
        if (outcome.kind === "drop") dropConnection(call);
        else if (outcome.kind === "error")
          callback(outcome.injected ? { code: outcome.error.code, details: outcome.error.message } : outcome.error.toServiceError());
        else {
          const response = outcome.response as ListLogEntriesResponse;
          callback(null, { entries: response.entries.map(entryToGrpc), nextPageToken: response.nextPageToken });
        }
      },
    );
  };
  server.addService(definition, { ListLogEntries: list, TailLogEntries: tail(logs, projects, p) });
  return true;
}

/**
 * TailLogEntries: the first request names the resources and the filter; every entry written
 * from then on that matches is sent, one response per entry, until the caller ends the call.
 * (Cloud Logging batches by buffer_window; the emulator sends at once.)
 */
function tail(logs: LogStore, projects: ProjectNumbers, p: Plumbing): grpc.handleBidiStreamingCall<unknown, unknown> {
  return (call) => {
    let unsubscribe: (() => void) | undefined;
    const stop = () => {
      unsubscribe?.();
      unsubscribe = undefined;
    };
    call.once("data", (first: { resourceNames?: string[]; filter?: string }) => {
      p.calls.record("LoggingServiceV2.TailLogEntries", "grpc");
      const fired = p.faults.fire("LoggingServiceV2.TailLogEntries", ["error"]);
      if (fired[0]) {
        p.log(`LoggingServiceV2.TailLogEntries ${grpc.status[fired[0].code]} (injected)`);
        call.emit("error", { code: fired[0].code, details: fired[0].message });
        return;
      }
      let filter: Filter;
      try {
        filter = parseFilter(first.filter ?? "");
      } catch (err) {
        call.emit("error", {
          code: grpc.status.INVALID_ARGUMENT,
          details: err instanceof FilterError ? `Unsupported or invalid filter: ${err.message}` : String(err),
        });
        return;
      }
      const wanted = new Set(
        (first.resourceNames ?? [])
          .map((n) => /^projects\/([^/]+)/.exec(n)?.[1])
          .filter((x): x is string => !!x)
          .map((x) => projects.idOf(x)),
      );
      if (wanted.size === 0) {
        call.emit("error", {
          code: grpc.status.INVALID_ARGUMENT,
          details: "resource_names: at least one projects/[PROJECT_ID] is required.",
        });
        return;
      }
      const matched = filter;
      unsubscribe = logs.onAppend((project, entry) => {
        if (wanted.has(project) && matches(matched, entry)) call.write({ entries: [entryToGrpc(entry)] });
      });
      p.log("LoggingServiceV2.TailLogEntries OPEN");
    });
    call.on("end", () => {
      stop();
      call.end();
    });
    call.on("cancelled", stop);
    call.on("error", stop);
    call.on("close", stop);
  };
}
