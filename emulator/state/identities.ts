// Who calls (emulator-only rules, emulator/README.md "Who calls"). Google tells a caller by the
// `Authorization: Bearer` credential of each request; the emulator checks no signature but
// reads an identity from the token, by these rules, first match:
//   1. a token the emulator minted (IAM Credentials generateAccessToken, services/iam-credentials.ts)
//      or was told of (`tokens` option, `--token`, Control RegisterToken): the identity it stands
//      for; a minted token past its expireTime is refused as Google refuses one (UNAUTHENTICATED)
//   2. a token of the minted form from an earlier run (`ya29.cloudrun-emulator.<identity>.<n>`):
//      the identity written in it, so a restarted emulator still knows who its tokens stand for
//   3. a JWT (a service account key's self-signed JWT, which Google accepts as a bearer for its
//      APIs): its `sub` (else `iss`), read without verifying the signature
//   4. any other token (an access token obtained elsewhere, gcp:accessToken): an opaque identity
//      derived from it, `token-<first 16 hex digits of its SHA-256>@cloudrun.local`, never the
//      token itself
// No token at all: the emulator's own principal, EMULATOR_PRINCIPAL, as before callers had
// identities. Which service accounts no one may impersonate (`deniedIdentities`, `--deny-identity`,
// Control DenyIdentity) is kept here too.
//
// The identity of the call being handled reaches what it creates (the job's creator and
// lastModifier, an execution's creator) through an AsyncLocalStorage scope that dispatch
// opens around each handler (services/dispatch.ts), so handlers need not pass it down.
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash, randomBytes } from "node:crypto";
import { EMULATOR_PRINCIPAL } from "../model/execution";

export { EMULATOR_PRINCIPAL };

/** The prefix of every token the emulator mints (Google's access tokens start with `ya29.`). */
export const MINTED_PREFIX = "ya29.cloudrun-emulator.";

/** How a request's credential reads: an identity, a minted token past its time, or nothing sent. */
export type Caller = { identity: string } | { expired: true } | undefined;

/** One token the emulator knows: minted (with its expiry) or registered (no expiry). */
interface KnownToken {
  identity: string;
  /** Epoch ms; undefined for a registered token. */
  expiresAt?: number;
}

export interface MintedToken {
  accessToken: string;
  /** RFC 3339, as generateAccessToken answers it. */
  expireTime: string;
}

/** What the Control service and the running emulator show of this state. */
export interface IdentitiesView {
  /** Service accounts no one may impersonate. */
  denied: string[];
  /** How many tokens are known (minted or registered); the tokens themselves are never shown. */
  tokens: number;
}

const base64url = (text: string) => Buffer.from(text, "utf8").toString("base64url");

/** The identity of a token of no known form (rule 4). */
export function opaqueIdentityOf(token: string): string {
  return `token-${createHash("sha256").update(token).digest("hex").slice(0, 16)}@cloudrun.local`;
}

/** The `sub` (or `iss`) of a JWT's payload, unverified; undefined when `token` is no JWT naming one. */
function jwtSubject(token: string): string | undefined {
  const parts = token.split(".");
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8")) as { sub?: unknown; iss?: unknown };
    const who = typeof payload.sub === "string" && payload.sub ? payload.sub : payload.iss;
    return typeof who === "string" && who.includes("@") ? who : undefined;
  } catch {
    return undefined;
  }
}

/** The identity written in a minted token (rule 2). */
function mintedIdentity(token: string): string | undefined {
  if (!token.startsWith(MINTED_PREFIX)) return undefined;
  const [written] = token.slice(MINTED_PREFIX.length).split(".");
  if (!written) return undefined;
  const identity = Buffer.from(written, "base64url").toString("utf8");
  return identity.includes("@") ? identity : undefined;
}

export class Identities {
  private readonly tokens = new Map<string, KnownToken>();
  private readonly denied = new Set<string>();

  constructor(options: { tokens?: Readonly<Record<string, string>>; denied?: readonly string[] } = {}) {
    for (const [token, identity] of Object.entries(options.tokens ?? {})) this.register(token, identity);
    for (const account of options.denied ?? []) this.deny(account);
  }

  /** The identity a request's `authorization` header stands for (the rules above). */
  callerOf(authorization: string | undefined, now = Date.now()): Caller {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
    if (!token) return undefined;
    const known = this.tokens.get(token);
    if (known) return known.expiresAt !== undefined && known.expiresAt <= now ? { expired: true } : { identity: known.identity };
    return { identity: mintedIdentity(token) ?? jwtSubject(token) ?? opaqueIdentityOf(token) };
  }

  /** A new token standing for `identity`, valid for `lifetimeSeconds`. */
  mint(identity: string, lifetimeSeconds: number, now = Date.now()): MintedToken {
    const accessToken = `${MINTED_PREFIX}${base64url(identity)}.${randomBytes(18).toString("base64url")}`;
    const expiresAt = now + lifetimeSeconds * 1000;
    this.tokens.set(accessToken, { identity, expiresAt });
    return { accessToken, expireTime: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z") };
  }

  /** From now on `token` stands for `identity` (tests: a token given to the provider as gcp:accessToken). */
  register(token: string, identity: string): void {
    if (!token || /\s/.test(token)) throw new Error("a token must be a non-empty string without spaces");
    if (!identity) throw new Error("an identity must be named (e.g. someone@example.com)");
    this.tokens.set(token, { identity });
  }

  /** No one may impersonate `account` any more: generateAccessToken answers PERMISSION_DENIED. */
  deny(account: string): void {
    if (!account) throw new Error("name the service account to deny (e.g. deployer@my-project.iam.gserviceaccount.com)");
    this.denied.add(account.toLowerCase());
  }

  /** Undoes deny(); true when `account` was denied. */
  allow(account: string): boolean {
    return this.denied.delete(account.toLowerCase());
  }

  isDenied(account: string): boolean {
    return this.denied.has(account.toLowerCase());
  }

  view(): IdentitiesView {
    return { denied: [...this.denied].sort(), tokens: this.tokens.size };
  }
}

/** The call being handled: who makes it. */
interface CallScope {
  caller?: string;
  /** The HTTP request's `authorization` header, for faces that reach dispatch indirectly (v1). */
  authorization?: string;
}

const scope = new AsyncLocalStorage<CallScope>();

/** Runs `fn` as a call made by `caller` (dispatch, around each handler). */
export function asCaller<T>(caller: string | undefined, fn: () => T): T {
  return scope.run({ ...scope.getStore(), caller }, fn);
}

/** Runs `fn` with the HTTP request's `authorization` header in scope (the HTTP server, around each request). */
export function withAuthorization<T>(authorization: string | undefined, fn: () => T): T {
  return scope.run({ authorization }, fn);
}

/** The `authorization` header of the HTTP request being answered, if any. */
export function scopedAuthorization(): string | undefined {
  return scope.getStore()?.authorization;
}

/** Who makes the call being handled: its identity, or EMULATOR_PRINCIPAL when it sent no token. */
export function currentCaller(): string {
  return scope.getStore()?.caller ?? EMULATOR_PRINCIPAL;
}
