// google.iam.credentials.v1.IAMCredentials, the one method impersonation calls: GenerateAccessToken
// (https://cloud.google.com/iam/docs/reference/credentials/rest/v1/projects.serviceAccounts/generateAccessToken),
// `name: projects/-/serviceAccounts/{account}`, `delegates`, `scope`, `lifetime` in, `accessToken`
// and `expireTime` out. The token it mints stands for the account (state/identities.ts), so what
// the caller then does through Run is stamped with the account as creator and last modifier.
//
// Emulator-only: every caller may impersonate every account, except an account denied with
// `deniedIdentities` / `--deny-identity` / Control DenyIdentity, which is refused with Google's
// PERMISSION_DENIED text, as a caller without roles/iam.serviceAccountTokenCreator on it is.
// Messages of the INVALID_ARGUMENT refusals are inferred ([I]).
import * as grpc from "@grpc/grpc-js";
import { ApiError } from "../base/errors";
import type { Identities } from "../state/identities";
import type { RpcTable } from "./context";

export interface GenerateAccessTokenRequest {
  name?: string;
  delegates?: string[];
  scope?: string[];
  /** A Duration in its JSON form ("3600s"). */
  lifetime?: string;
}

/** Google's text for a caller that may not mint a token for the account (or when it does not exist). */
export const GET_ACCESS_TOKEN_DENIED = "Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist).";
/** The permission named in the ErrorInfo of that refusal. */
export const GET_ACCESS_TOKEN_PERMISSION = "iam.serviceAccounts.getAccessToken";

const ACCOUNT_NAME = /^projects\/-\/serviceAccounts\/([^/]+)$/;
/** An account is named by its email or its unique id (21 digits). */
const ACCOUNT = /^([^@\s/]+@[^@\s/]+|\d{21})$/;
const DEFAULT_LIFETIME_S = 3600;
/** Without an organization policy that allows more, at most an hour (the method's `lifetime` doc). */
const MAX_LIFETIME_S = 3600;

const invalid = (message: string) => new ApiError(grpc.status.INVALID_ARGUMENT, message);

function accountOf(name: string | undefined, field: string): string {
  const account = ACCOUNT_NAME.exec(name ?? "")?.[1];
  if (account === undefined) throw invalid(`${field} must be projects/-/serviceAccounts/{ACCOUNT_EMAIL_OR_UNIQUEID}, got "${name ?? ""}".`);
  if (!ACCOUNT.test(account))
    throw invalid(`Invalid form of account ID ${account}. Should be [Gaia ID |Email |Unique ID |] of the account`);
  return account;
}

function lifetimeOf(lifetime: string | undefined): number {
  if (lifetime === undefined || lifetime === "") return DEFAULT_LIFETIME_S;
  const m = /^(\d+)(?:\.\d+)?s$/.exec(lifetime);
  const seconds = m ? Number(m[1]) : Number.NaN;
  if (!(seconds >= 1 && seconds <= MAX_LIFETIME_S)) {
    throw invalid(`The lifetime must be between 1s and ${MAX_LIFETIME_S}s, got "${lifetime}".`);
  }
  return seconds;
}

export class IamCredentialsService {
  constructor(private readonly identities: Identities) {}

  generateAccessToken(req: GenerateAccessTokenRequest): { accessToken: string; expireTime: string } {
    const account = accountOf(req.name, "name");
    const delegates = (req.delegates ?? []).map((d, i) => accountOf(d, `delegates[${i}]`));
    if (!(req.scope ?? []).some((s) => typeof s === "string" && s.length > 0)) throw invalid("Scope required.");
    const lifetime = lifetimeOf(req.lifetime);
    // Each link of the chain needs the token creator role on the next one: a denied account refuses whoever asks.
    if ([...delegates, account].some((a) => this.identities.isDenied(a))) {
      throw new ApiError(grpc.status.PERMISSION_DENIED, GET_ACCESS_TOKEN_DENIED);
    }
    return this.identities.mint(account, lifetime);
  }
}

/** The RPC table of this service. */
export function iamCredentialsRpcs(identities: Identities): RpcTable {
  const service = new IamCredentialsService(identities);
  return {
    GenerateAccessToken: (req: GenerateAccessTokenRequest) => service.generateAccessToken(req),
  };
}
