// The IAM Credentials API's REST face, what google-auth-library's `Impersonated` client calls
// (its `endpoint` pointed at the emulator): `POST /v1/projects/-/serviceAccounts/{account}:generateAccessToken`
// with `{delegates, scope, lifetime}`, answered `{accessToken, expireTime}`. Through
// services/dispatch.ts (`IAMCredentials.GenerateAccessToken`): faults, counters and the log line
// apply; errors are Google's JSON errors, a refusal with the ErrorInfo IAM sends.
import { type ApiError, invalidArgument } from "../base/errors";
import type { RpcTable } from "../services/context";
import { dispatch, type Plumbing } from "../services/dispatch";
import { GET_ACCESS_TOKEN_PERMISSION, type GenerateAccessTokenRequest } from "../services/iam-credentials";
import { authorizationOf, type Face, type HttpAnswer } from "./http";
import { googleErrorBody } from "./transcode";

const PATH = /^\/v1\/(projects\/-\/serviceAccounts\/[^/:]+):generateAccessToken$/;
const PERMISSION_DENIED = 7;

/** Google's JSON error; a PERMISSION_DENIED carries IAM's ErrorInfo (reason IAM_PERMISSION_DENIED). */
function iamErrorBody(error: ApiError): { status: number; body: unknown } {
  const answer = googleErrorBody(error);
  if (error.code !== PERMISSION_DENIED) return answer;
  const body = answer.body as { error: Record<string, unknown> };
  const errorInfo = {
    "@type": "type.googleapis.com/google.rpc.ErrorInfo",
    reason: "IAM_PERMISSION_DENIED",
    domain: "iam.googleapis.com",
    metadata: { permission: GET_ACCESS_TOKEN_PERMISSION },
  };
  return { status: answer.status, body: { error: { ...body.error, details: [errorInfo] } } };
}

export function iamCredentialsFace(table: RpcTable, plumbing: Plumbing): Face {
  return {
    handle(req) {
      const m = PATH.exec(req.url.pathname);
      if (!m) return undefined;
      return (async (): Promise<HttpAnswer> => {
        if (req.method !== "POST") {
          return googleErrorBody(
            invalidArgument(
              [{ field: "method", description: "generateAccessToken is POST …:generateAccessToken" }],
              "GenerateAccessTokenRequest",
            ),
          );
        }
        const body = (req.body && typeof req.body === "object" ? req.body : {}) as Record<string, unknown>;
        const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);
        const request: GenerateAccessTokenRequest = {
          name: decodeURIComponent(m[1]!),
          delegates: strings(body.delegates),
          scope: strings(body.scope),
          ...(typeof body.lifetime === "string" ? { lifetime: body.lifetime } : {}),
        };
        const outcome = await dispatch(
          "IAMCredentials.GenerateAccessToken",
          table.GenerateAccessToken!,
          request,
          { ...(req.deadline === undefined ? {} : { deadline: req.deadline }), authorization: authorizationOf(req) },
          plumbing,
          "rest",
        );
        if (outcome.kind === "drop") return "drop";
        if (outcome.kind === "error") return iamErrorBody(outcome.error);
        return { status: 200, body: outcome.response };
      })();
    },
  };
}
