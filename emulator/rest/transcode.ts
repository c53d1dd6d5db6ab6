// HTTP/JSON transcoding of the v2 RPCs (https://google.aip.dev/127): the routes come from the
// `google.api.http` options of the very protos the gRPC face serves, except the operations,
// whose Run paths (`/v2/{name=projects/*/locations/*/operations/*}`) are not in
// google/longrunning/operations.proto but in the v2 discovery document (and the client's
// lroOptions). A REST call is turned into the bytes a gRPC call would carry, decoded by the
// same deserializer, handled by the same RPC table, and its answer encoded back as proto3 JSON.
import type * as grpc from "@grpc/grpc-js";
import type protobuf from "protobufjs";
import { ApiError, invalidArgument } from "../base/errors";
import { loadProtos, serviceDefinition } from "../base/protos";
import type { RpcTable } from "../services/context";
import { dispatch, type Plumbing } from "../services/dispatch";
import { bytesToJson, fieldAt, jsonToBytes } from "./json";

interface HttpRule {
  verb: string;
  path: string;
  body?: string;
}

export interface Route {
  verb: string;
  template: string;
  regex: RegExp;
  /** Field paths bound by the template's variables, in order. */
  variables: string[];
  body?: string;
  /** "Jobs.GetJob", the name counters and faults use. */
  qualified: string;
  rpc: string;
  definition: grpc.MethodDefinition<unknown, unknown>;
  requestType: string;
  responseType: string;
  handler?: RpcTable[string];
}

/** Run's own operation paths (run-v2-discovery.json `projects.locations.operations`). */
const OPERATION_RULES: Record<string, HttpRule> = {
  GetOperation: { verb: "GET", path: "/v2/{name=projects/*/locations/*/operations/*}" },
  ListOperations: { verb: "GET", path: "/v2/{name=projects/*/locations/*}/operations" },
  DeleteOperation: { verb: "DELETE", path: "/v2/{name=projects/*/locations/*/operations/*}" },
  WaitOperation: { verb: "POST", path: "/v2/{name=projects/*/locations/*/operations/*}:wait", body: "*" },
};

function ruleOf(method: protobuf.Method): HttpRule | undefined {
  for (const option of method.parsedOptions ?? []) {
    const http = (option as Record<string, Record<string, string>>)["(google.api.http)"];
    if (!http) continue;
    for (const verb of ["get", "post", "put", "patch", "delete"]) {
      if (http[verb]) return { verb: verb.toUpperCase(), path: http[verb]!, ...(http.body ? { body: http.body } : {}) };
    }
  }
  return undefined;
}

/** `/v2/{parent=projects/*\/locations/*}/jobs` → a regex with one group per variable. */
function compile(template: string): { regex: RegExp; variables: string[] } {
  const variables: string[] = [];
  const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const segment = (pattern: string) =>
    pattern
      .split("/")
      .map((part) => (part === "**" ? ".+" : part === "*" ? "[^/:]+" : escapeRegExp(part)))
      .join("/");
  let source = "";
  let rest = template;
  for (let m = /\{([^}=]+)(?:=([^}]*))?\}/.exec(rest); m; m = /\{([^}=]+)(?:=([^}]*))?\}/.exec(rest)) {
    source += escapeRegExp(rest.slice(0, m.index));
    variables.push(m[1]!);
    source += `(${segment(m[2] ?? "*")})`;
    rest = rest.slice(m.index + m[0].length);
  }
  source += escapeRegExp(rest);
  return { regex: new RegExp(`^${source}$`), variables };
}

/** Every v2 REST route, bound to the handlers of the given tables (keyed by service short name). */
export function v2Routes(tables: Record<string, RpcTable>): Route[] {
  const { root } = loadProtos();
  const routes: Route[] = [];
  const services = [
    "google.cloud.run.v2.Jobs",
    "google.cloud.run.v2.Executions",
    "google.cloud.run.v2.Tasks",
    "google.longrunning.Operations",
  ];
  for (const fullName of services) {
    const short = fullName.split(".").pop()!;
    const definition = serviceDefinition(fullName);
    for (const method of root.lookupService(fullName).methodsArray) {
      const rule = short === "Operations" ? OPERATION_RULES[method.name] : ruleOf(method);
      if (!rule) continue;
      method.resolve();
      routes.push({
        verb: rule.verb,
        template: rule.path,
        ...compile(rule.path),
        ...(rule.body ? { body: rule.body } : {}),
        qualified: `${short}.${method.name}`,
        rpc: method.name,
        definition: definition[method.name] as grpc.MethodDefinition<unknown, unknown>,
        requestType: method.resolvedRequestType!.fullName,
        responseType: method.resolvedResponseType!.fullName,
        ...(tables[short]?.[method.name] ? { handler: tables[short][method.name] } : {}),
      });
    }
  }
  return routes;
}

export function matchRoute(routes: Route[], verb: string, path: string): { route: Route; values: string[] } | undefined {
  for (const route of routes) {
    if (route.verb !== verb) continue;
    const m = route.regex.exec(path);
    if (m) return { route, values: m.slice(1).map((v) => decodeURIComponent(v)) };
  }
  return undefined;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split(".");
  let node = target;
  for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
  node[parts.at(-1)!] = value;
}

/** System parameters (https://cloud.google.com/apis/docs/system-parameters) are not request fields. */
const SYSTEM_PARAMETERS = new Set([
  "$alt",
  "alt",
  "$prettyPrint",
  "prettyPrint",
  "fields",
  "key",
  "quotaUser",
  "access_token",
  "$.xgafv",
  "callback",
  "uploadType",
  "upload_protocol",
]);

/** The request message (as the gRPC deserializer produces it) for a matched REST call. */
export function decodeRequest(route: Route, values: string[], query: URLSearchParams, body: unknown): unknown {
  const { root } = loadProtos();
  const json: Record<string, unknown> =
    route.body === "*" ? { ...(body as Record<string, unknown>) } : route.body ? { [route.body]: body } : {};
  for (const key of new Set(query.keys())) {
    if (SYSTEM_PARAMETERS.has(key)) continue;
    const field = fieldAt(root, route.requestType, key);
    if (!field)
      throw invalidArgument(
        [{ field: key, description: `Invalid JSON payload received. Unknown name "${key}": Cannot bind query parameter.` }],
        `${route.rpc}Request`,
      );
    setPath(json, key, field.repeated ? query.getAll(key) : query.get(key));
  }
  for (const [i, variable] of route.variables.entries()) setPath(json, variable, values[i]);
  const bytes = jsonToBytes(root, route.requestType, json);
  return route.definition.requestDeserialize(Buffer.from(bytes));
}

/** The handler's answer as proto3 JSON. */
export function encodeResponse(route: Route, response: unknown, numericEnums: boolean): unknown {
  const bytes = route.definition.responseSerialize(response);
  return bytesToJson(loadProtos().root, route.responseType, bytes, { numericEnums });
}

/** google.rpc.Code → HTTP status (google/rpc/code.proto). */
const HTTP_STATUS: Record<number, number> = {
  0: 200,
  1: 499,
  2: 500,
  3: 400,
  4: 504,
  5: 404,
  6: 409,
  7: 403,
  8: 429,
  9: 400,
  10: 409,
  11: 400,
  12: 501,
  13: 500,
  14: 503,
  15: 500,
  16: 401,
};
const CODE_NAMES = [
  "OK",
  "CANCELLED",
  "UNKNOWN",
  "INVALID_ARGUMENT",
  "DEADLINE_EXCEEDED",
  "NOT_FOUND",
  "ALREADY_EXISTS",
  "PERMISSION_DENIED",
  "RESOURCE_EXHAUSTED",
  "FAILED_PRECONDITION",
  "ABORTED",
  "OUT_OF_RANGE",
  "UNIMPLEMENTED",
  "INTERNAL",
  "UNAVAILABLE",
  "DATA_LOSS",
  "UNAUTHENTICATED",
];

export const httpStatusOf = (code: number) => HTTP_STATUS[code] ?? 500;
export const codeName = (code: number) => CODE_NAMES[code] ?? "UNKNOWN";

/** The JSON error body Google's REST front ends send: `{error: {code, message, status, details}}`. */
export function googleErrorBody(error: ApiError): { status: number; body: unknown } {
  const details = error.violations.length
    ? [
        {
          "@type": "type.googleapis.com/google.rpc.BadRequest",
          fieldViolations: error.violations.map((v) => ({ field: v.field, description: v.description })),
        },
      ]
    : [];
  const status = httpStatusOf(error.code);
  return {
    status,
    body: { error: { code: status, message: error.message, status: codeName(error.code), ...(details.length ? { details } : {}) } },
  };
}

export type JsonOutcome = { kind: "ok"; json: Record<string, unknown> } | { kind: "error"; error: ApiError } | { kind: "drop" };

/**
 * Calls a v2 RPC with a proto3 JSON request and gets its proto3 JSON answer, through the same
 * decoding, dispatch (counters, faults, log) and handlers as a REST or gRPC call: the v1 face
 * is a client of the v2 handlers, as Cloud Run's v1 API is of its v2 one.
 */
export function v2Caller(
  routes: Route[],
  plumbing: Plumbing,
): (qualified: string, request: Record<string, unknown>) => Promise<JsonOutcome> {
  const byName = new Map(routes.map((r) => [r.qualified, r] as const));
  const { root } = loadProtos();
  return async (qualified, request) => {
    const route = byName.get(qualified);
    if (!route?.handler) throw new Error(`no v2 route for ${qualified}`);
    let decoded: unknown;
    try {
      decoded = route.definition.requestDeserialize(Buffer.from(jsonToBytes(root, route.requestType, request)));
    } catch (err) {
      if (err instanceof ApiError) return { kind: "error", error: err };
      throw err;
    }
    const outcome = await dispatch(qualified, route.handler, decoded, {}, plumbing, "v1");
    if (outcome.kind !== "ok") return outcome;
    return { kind: "ok", json: encodeResponse(route, outcome.response, false) as Record<string, unknown> };
  };
}
