// The auth client the Run clients are given (`authClient`, clients.ts), made from the settings
// credentials.ts read, through google-auth-library: `OAuth2Client` for an access token,
// `GoogleAuth` for a key file and for Application Default Credentials, `Impersonated` for
// impersonation. Made at the first call, never at load: the library comes with the client.
//
// Against an emulator (CLOUD_RUN_EMULATOR_HOST) nothing may reach Google, and the calls still
// say who makes them (emulator/README.md "Who calls"):
//   - an access token is sent as it is;
//   - a service account key signs its own JWT (`JWT` with `useJWTAccessWithScope`: the token
//     Google accepts as a bearer for its APIs, made without the token exchange with
//     oauth2.googleapis.com), and the emulator reads the account from its `sub`;
//   - impersonation calls the emulator's IAM Credentials generateAccessToken (`Impersonated`
//     with its `endpoint` at the emulator), with the source credentials above as its bearer;
//   - credentials whose token comes only from Google (a user's refresh token, workload identity
//     federation, Application Default Credentials other than a key file) are not exchanged: the
//     calls carry no token, and the emulator takes them for its own principal, as before.
// Every failure to get a token leaves here as one error, with the gRPC status Google's answer
// meant (a refused impersonation is PERMISSION_DENIED) and a message that names the account and
// never a credential (errors.ts words the advice).
import type { AuthClient, gaxios } from "google-auth-library";
import { type AuthSettings, describeSource, type KeyFile } from "./credentials";
import { Code } from "./errors";
import { redact } from "./redact";

type Library = typeof import("google-auth-library");

/** The scopes the Terraform google provider asks for by default. */
const SCOPES = ["https://www.googleapis.com/auth/cloud-platform", "https://www.googleapis.com/auth/userinfo.email"];
/** The lifetime of an impersonated token, in seconds (IAM Credentials' default maximum). */
const LIFETIME_S = 3600;

/** Makes the request headers of a call, the way each credential does. */
type HeadersFor = (url?: string) => Promise<Headers>;

/** An HTTP status of Google's answer, as the gRPC status a client reports for it. */
const CODE_OF_STATUS: Record<number, number> = {
  400: Code.UNAUTHENTICATED,
  401: Code.UNAUTHENTICATED,
  403: Code.PERMISSION_DENIED,
  404: Code.NOT_FOUND,
  429: Code.RESOURCE_EXHAUSTED,
};

interface FailedAnswer {
  status?: number;
  message?: string;
}

/** What Google answered to a token request that failed: its HTTP status and its words. */
function answerOf(err: unknown): FailedAnswer {
  const e = err as { status?: unknown; response?: { status?: unknown; data?: unknown }; message?: unknown };
  const status = typeof e?.response?.status === "number" ? e.response.status : typeof e?.status === "number" ? e.status : undefined;
  const data = e?.response?.data as { error?: { message?: unknown } | string; error_description?: unknown } | undefined;
  const google =
    typeof data?.error === "object" && typeof data.error?.message === "string"
      ? data.error.message
      : typeof data?.error_description === "string"
        ? data.error_description
        : undefined;
  const message =
    google ?? (typeof e?.message === "string" ? e.message.replace(/^[A-Z_]+: /, "").replace(/^unable to impersonate: /, "") : String(err));
  return { ...(status !== undefined ? { status } : {}), message };
}

/**
 * One error for any failure to get a token: `cannot impersonate <account> (<key>) as <source>:
 * <Google's words>`, or `cannot get an access token from <source>: …`. It carries a gRPC `code`
 * (grpc-js keeps it when call credentials fail) and, for REST, an HTTP `status` and Google's
 * error body (gax's REST transport reads the status from them); no cause: the library's error
 * holds the request, and the request holds the source credential.
 */
function tokenFailure(err: unknown, settings: AuthSettings, emulator: boolean): Error {
  const answer = answerOf(err);
  const { message } = answer;
  // No answer and no network error (ECONNRESET…): credentials that could not be loaded at all,
  // which trying again will not mend; UNAUTHENTICATED, not gax's UNAVAILABLE (retried for minutes).
  const networkCode = (err as { code?: unknown })?.code;
  const status = answer.status ?? (typeof networkCode === "string" && /^E[A-Z_]+$/.test(networkCode) ? undefined : 401);
  const code = status !== undefined ? CODE_OF_STATUS[status] : undefined;
  const source = describeSource(settings, emulator);
  const what = settings.impersonate
    ? `cannot impersonate ${settings.impersonate.value.account} (${settings.impersonate.from}) as ${source}`
    : `cannot get an access token from ${source}`;
  const text = redact(`${what}: ${message ?? "no answer"}`);
  const failure = new Error(text) as Error & Record<string, unknown>;
  if (code !== undefined) failure.code = code;
  if (status !== undefined) {
    failure.status = status;
    failure.response = { status, data: { error: { code: status, message: text } } };
  }
  return failure;
}

/**
 * Runs `make` without the warning google-auth-library prints when an `Impersonated` client is
 * made ("does not validate the credential configuration"): it is meant for configurations from
 * untrusted sources, while these are the stack's own, checked (credentials.ts), and the provider
 * process's output is the deployment's. Through the library's own switch for it; a release
 * without that module prints the warning, nothing worse.
 */
function quietly<T>(make: () => T): T {
  try {
    const util = require("google-auth-library/build/src/util") as { suppressAdcWarning?: <R>(fn: () => R) => R };
    if (typeof util.suppressAdcWarning === "function") return util.suppressAdcWarning(make);
  } catch {
    // Not there in this release: made as it is.
  }
  return make();
}

let made: Map<string, AuthClient> | undefined;

/**
 * The auth client for these settings and endpoint, one per process (its tokens are cached in
 * it): what the Run clients, Logging's and the Resource Manager lookup are given.
 */
export function authClientFor(settings: AuthSettings, emulatorHost?: string): AuthClient {
  made ??= new Map();
  const key = `${settings.fingerprint} ${emulatorHost ?? "cloud"}`;
  let client = made.get(key);
  if (!client) {
    client = build(require("google-auth-library") as Library, settings, emulatorHost);
    made.set(key, client);
  }
  return client;
}

function build(lib: Library, settings: AuthSettings, emulatorHost: string | undefined): AuthClient {
  /** An AuthClient over a headers function: what google-auth-library's own clients offer gax. */
  class HeadersClient extends lib.AuthClient {
    constructor(private readonly headersFor: HeadersFor) {
      super();
    }
    async getRequestHeaders(url?: string | URL): Promise<Headers> {
      return this.headersFor(url === undefined ? undefined : String(url));
    }
    async getAccessToken(): Promise<{ token?: string | null }> {
      const authorization = (await this.getRequestHeaders()).get("authorization");
      return { token: authorization ? authorization.replace(/^Bearer\s+/i, "") : null };
    }
    async request<T>(options: gaxios.GaxiosOptions): gaxios.GaxiosPromise<T> {
      const headers = new Headers(options.headers as ConstructorParameters<typeof Headers>[0]);
      const url = options.url === undefined ? undefined : String(options.url);
      for (const [name, value] of await this.getRequestHeaders(url)) headers.set(name, value);
      return this.transporter.request<T>({ ...options, headers });
    }
  }
  const headersOf =
    (client: AuthClient): HeadersFor =>
    (url) =>
      client.getRequestHeaders(url);
  const anonymous = new HeadersClient(async () => new Headers());

  /** A service account key's self-signed JWT (no token exchange): the emulator's view of a key. */
  const selfSigned = (key: KeyFile): AuthClient => {
    const jwt = new lib.JWT({
      email: String(key.json.client_email),
      key: String(key.json.private_key),
      ...(typeof key.json.private_key_id === "string" ? { keyId: key.json.private_key_id } : {}),
      scopes: SCOPES,
    });
    jwt.useJWTAccessWithScope = true;
    // Wrapped: `Impersonated` asks its source for an access token first, which a JWT client would
    // get from oauth2.googleapis.com; this one answers with the self-signed JWT.
    return new HeadersClient(() => jwt.getRequestHeaders());
  };

  const impersonated = (source: AuthClient, account: string, delegates: readonly string[]): AuthClient =>
    quietly(
      () =>
        new lib.Impersonated({
          sourceClient: source,
          targetPrincipal: account,
          delegates: delegates.map((d) => `projects/-/serviceAccounts/${d}`),
          targetScopes: SCOPES,
          lifetime: LIFETIME_S,
          ...(emulatorHost ? { endpoint: `http://${emulatorHost}` } : {}),
        }),
    );

  /** Against an emulator: who the credentials stand for, without Google. */
  const emulatorKey = (key: KeyFile): AuthClient => {
    if (key.type === "service_account") return selfSigned(key);
    if (key.type === "impersonated_service_account" && key.account) {
      return impersonated(key.source ? emulatorKey(key.source) : anonymous, key.account, key.delegates ?? []);
    }
    return anonymous;
  };

  const source = async (): Promise<AuthClient> => {
    if (settings.token) {
      const client = new lib.OAuth2Client();
      client.setCredentials({ access_token: settings.token.value });
      return client;
    }
    if (emulatorHost) return settings.key ? emulatorKey(settings.key.value) : anonymous;
    const auth = new lib.GoogleAuth({ scopes: SCOPES, ...(settings.key ? { credentials: settings.key.value.json } : {}) });
    // As the generated Run clients set their own: a service account key signs its JWT itself.
    auth.useJWTAccessWithScope = true;
    return (await auth.getClient()) as AuthClient;
  };

  let ready: Promise<AuthClient> | undefined;
  const client = (): Promise<AuthClient> => {
    ready ??= source().then((s) =>
      settings.impersonate ? impersonated(s, settings.impersonate.value.account, settings.impersonate.value.delegates) : s,
    );
    // A failure to make the client (ADC not found) is not kept: the next call tries again.
    ready.catch(() => (ready = undefined));
    return ready;
  };

  return new HeadersClient(async (url) => {
    let headers: Headers;
    try {
      headers = await headersOf(await client())(url);
    } catch (err) {
      throw tokenFailure(err, settings, emulatorHost !== undefined);
    }
    if (settings.quotaProject) headers.set("x-goog-user-project", settings.quotaProject.value);
    return headers;
  });
}

/**
 * Plain-text gRPC channel credentials that still send `client`'s headers with each call: an
 * emulator is reached without TLS, and grpc-js refuses to compose call credentials with its
 * insecure credentials (`createInsecure().compose` throws), although its insecure connector
 * sends the call credentials it is handed. This hands them over.
 */
export function insecureWithCallCredentials(grpc: typeof import("google-gax").grpc, client: AuthClient) {
  const callCredentials = grpc.credentials.createFromMetadataGenerator((options, callback) => {
    client.getRequestHeaders(options.service_url).then(
      (headers) => {
        const metadata = new grpc.Metadata();
        for (const [name, value] of headers) metadata.add(name, value);
        callback(null, metadata);
      },
      (err: Error) => callback(err),
    );
  });
  const insecure = grpc.credentials.createInsecure();
  class InsecureWithCallCredentials extends grpc.ChannelCredentials {
    _isSecure(): boolean {
      return false;
    }
    _equals(other: unknown): boolean {
      return other === this;
    }
    _createSecureConnector(...[target, options, more]: Parameters<typeof insecure._createSecureConnector>) {
      return insecure._createSecureConnector(target, options, more ? callCredentials.compose(more) : callCredentials);
    }
  }
  return new InsecureWithCallCredentials();
}
