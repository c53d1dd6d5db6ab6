// The emulator's HTTP/1.1 face: v2 REST (transcoded onto the v2 handlers) under `/v2/`, and
// the v1 (Knative) API under `/apis/run.googleapis.com/v1/`. It shares the gRPC port (see
// port.ts), the store, the faults and the counters.
import * as http from "node:http";
import type { Duplex } from "node:stream";
import { ApiError } from "../base/errors";
import { dispatch, type Plumbing } from "../services/dispatch";
import { withAuthorization } from "../state/identities";
import { apiOfHost, GCLOUD_DOMAIN, type ProxyLog } from "./gcloud";
import { decodeRequest, encodeResponse, googleErrorBody, matchRoute, type Route } from "./transcode";

/** What a face answers: an HTTP status and a JSON body, or `drop` (destroy the connection). */
export type HttpAnswer = { status: number; body: unknown } | "drop";

export interface HttpRequest {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body ({} when empty). */
  body: unknown;
  deadline?: number;
}

export interface Face {
  /** Undefined: not this face's path. */
  handle(req: HttpRequest): Promise<HttpAnswer> | undefined;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** v2 REST: one transcoded call per request. */
export function v2Face(routes: Route[], plumbing: Plumbing): Face {
  return {
    handle(req) {
      if (!req.url.pathname.startsWith("/v2/")) return undefined;
      return (async (): Promise<HttpAnswer> => {
        const matched = matchRoute(routes, req.method, req.url.pathname);
        if (!matched) return googleErrorBody(new ApiError(5, `The requested URL ${req.url.pathname} was not found on this server.`));
        const { route, values } = matched;
        if (!route.handler) return googleErrorBody(new ApiError(12, `${route.qualified} is not implemented by the emulator`));
        let request: unknown;
        try {
          request = decodeRequest(route, values, req.url.searchParams, req.body);
        } catch (err) {
          if (err instanceof ApiError) return googleErrorBody(err);
          throw err;
        }
        const outcome = await dispatch(
          route.qualified,
          route.handler,
          request,
          { ...(req.deadline === undefined ? {} : { deadline: req.deadline }), authorization: authorizationOf(req) },
          plumbing,
          "rest",
        );
        if (outcome.kind === "drop") return "drop";
        if (outcome.kind === "error") return googleErrorBody(outcome.error);
        const numericEnums = /enum-encoding=int/.test(req.url.searchParams.get("$alt") ?? "");
        return { status: 200, body: encodeResponse(route, outcome.response, numericEnums) };
      })();
    },
  };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error("request body too large"));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** The request's `Authorization` header (a bearer token), if one was sent. */
export function authorizationOf(req: HttpRequest): string | undefined {
  const value = req.headers.authorization;
  return typeof value === "string" ? value : undefined;
}

/** `X-Server-Timeout` (seconds), which Google's REST clients send, as an absolute deadline. */
function deadlineOf(headers: http.IncomingHttpHeaders): number | undefined {
  const seconds = Number(headers["x-server-timeout"]);
  return Number.isFinite(seconds) && seconds > 0 ? Date.now() + seconds * 1000 : undefined;
}

/**
 * `proxy`: the emulator also answers as gcloud's HTTP proxy (rest/gcloud.ts). An absolute-form
 * request (`GET http://host/path`) is answered by the faces when its host is one the emulator
 * emulates, refused with 403 otherwise; CONNECT (HTTPS through the proxy) is always refused.
 * Nothing is ever forwarded anywhere.
 */
export function createHttpServer(faces: Face[], log: (line: string) => void, proxy?: ProxyLog): http.Server {
  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body, null, 2);
    res.writeHead(status, { "content-type": "application/json; charset=UTF-8", "content-length": Buffer.byteLength(text) });
    res.end(text);
  };
  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://emulator");
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(req.url ?? "")) {
        // Absolute form: a proxy request. Only the emulated hosts are answered.
        if (url.protocol !== "http:" || !apiOfHost(url.hostname)) {
          const what = `${req.method} ${url.protocol}//${url.host}${url.pathname}`;
          proxy?.refuse(what);
          log(`PROXY ${what} REFUSED`);
          req.resume();
          send(res, 403, {
            error: {
              code: 403,
              message: `cloudrun-emulator refuses to proxy ${url.protocol}//${url.host}: it only answers the hosts under ${GCLOUD_DOMAIN} its gcloud environment names (cloudrun-emulator env gcloud), and forwards nothing`,
              status: "PERMISSION_DENIED",
            },
          });
          return;
        }
        proxy?.answer(url.hostname);
      }
      let body: unknown = {};
      try {
        const text = await readBody(req);
        body = text.trim() ? JSON.parse(text) : {};
      } catch (err) {
        send(res, 400, {
          error: {
            code: 400,
            message: `Invalid JSON payload received. ${err instanceof Error ? err.message : String(err)}`,
            status: "INVALID_ARGUMENT",
          },
        });
        return;
      }
      const deadline = deadlineOf(req.headers);
      const request: HttpRequest = {
        method: req.method ?? "GET",
        url,
        headers: req.headers,
        body,
        ...(deadline !== undefined ? { deadline } : {}),
      };
      for (const face of faces) {
        // A face that reaches dispatch through another door (v1 → v2) still calls as this request's caller.
        const pending = withAuthorization(authorizationOf(request), () => face.handle(request));
        if (!pending) continue;
        const answer = await pending;
        if (answer === "drop") req.socket.destroy();
        else send(res, answer.status, answer.body);
        return;
      }
      log(`HTTP ${request.method} ${url.pathname} NOT_FOUND`);
      send(res, 404, {
        error: { code: 404, message: `The requested URL ${url.pathname} was not found on this server.`, status: "NOT_FOUND" },
      });
    })().catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      log(`HTTP ${req.method} ${req.url} INTERNAL: ${message}`);
      if (!res.headersSent) send(res, 500, { error: { code: 500, message: `emulator bug: ${message}`, status: "INTERNAL" } });
    });
  });
  // HTTPS through the proxy would leave the machine: refused, whatever the host.
  server.on("connect", (req: http.IncomingMessage, socket: Duplex) => {
    const what = `CONNECT ${req.url ?? ""}`;
    proxy?.refuse(what);
    log(`PROXY ${what} REFUSED`);
    const text = `cloudrun-emulator refuses ${what}: it tunnels nothing; point gcloud's API endpoints at the emulator (cloudrun-emulator env gcloud)\n`;
    socket.on("error", () => socket.destroy());
    socket.end(
      `HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
    );
  });
  return server;
}
