// Who the provider calls as, read as @pulumi/gcp reads it: the same stack config keys and
// environment variables, the same precedence (pulumi-gcp follows the Terraform google
// provider's "Google Provider Configuration Reference", guides/provider_reference):
//
//   access token   gcp:accessToken, else GOOGLE_OAUTH_ACCESS_TOKEN; the token or a file holding it.
//                  Used over the credentials when both are set (from the environment; both in
//                  the stack config is refused, as that provider's schema refuses it)
//   credentials    gcp:credentials, else GOOGLE_CREDENTIALS, GOOGLE_CLOUD_KEYFILE_JSON,
//                  GCLOUD_KEYFILE_JSON; a key file's path or its JSON contents
//   otherwise      Application Default Credentials: GOOGLE_APPLICATION_CREDENTIALS (a key
//                  file's path), else gcloud's application-default login, else the metadata server
//   impersonation  gcp:impersonateServiceAccount, else GOOGLE_IMPERSONATE_SERVICE_ACCOUNT, with
//                  gcp:impersonateServiceAccountDelegates: the credentials above mint a token
//                  for that account (IAM Credentials generateAccessToken) and the calls use it
//   quota project  gcp:userProjectOverride (else USER_PROJECT_OVERRIDE) true: every call sends
//                  `x-goog-user-project`, gcp:billingProject (else GOOGLE_BILLING_PROJECT) or,
//                  without one, the stack's project (gcp:project)
//
// Everything is read and checked here, at `configure`, before any call: a value that cannot be
// used (no file at a path, JSON that is not a key, a malformed service account email) is a
// ConfigurationError naming the key and the fix. No secret is ever part of a message: paths and
// emails are shown, tokens and keys never (a value that may be one is described, not quoted).
// The auth client itself is made at the first call (auth-client.ts), so a preview does not load
// google-auth-library: the key files are checked here by hand, field by field, as its
// constructors check them.
import { createHash, createPrivateKey } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { stackSettingsOf } from "../core/placement";
import { ConfigurationError } from "./errors";
import { redact, rememberSecrets as remember } from "./redact";

export { redact };

/** Reads one stack config key (`configure`'s `req.config.get`). */
type ConfigLookup = (key: string) => string | undefined;
type Env = Readonly<Record<string, string | undefined>>;

/** The stack config keys, as @pulumi/gcp names them. */
export const GCP_CONFIG = {
  credentials: "gcp:credentials",
  accessToken: "gcp:accessToken",
  impersonateServiceAccount: "gcp:impersonateServiceAccount",
  impersonateServiceAccountDelegates: "gcp:impersonateServiceAccountDelegates",
  billingProject: "gcp:billingProject",
  userProjectOverride: "gcp:userProjectOverride",
} as const;

/** Each key's environment variables, first found first (the Terraform provider's order). */
const ENV = {
  credentials: ["GOOGLE_CREDENTIALS", "GOOGLE_CLOUD_KEYFILE_JSON", "GCLOUD_KEYFILE_JSON"],
  accessToken: ["GOOGLE_OAUTH_ACCESS_TOKEN"],
  impersonateServiceAccount: ["GOOGLE_IMPERSONATE_SERVICE_ACCOUNT"],
  billingProject: ["GOOGLE_BILLING_PROJECT"],
  userProjectOverride: ["USER_PROJECT_OVERRIDE"],
} as const;
const ADC_VARIABLE = "GOOGLE_APPLICATION_CREDENTIALS";

/** The credential types google-auth-library knows (the `type` of a credentials JSON file). */
export type KeyType =
  | "service_account"
  | "authorized_user"
  | "external_account"
  | "external_account_authorized_user"
  | "impersonated_service_account"
  | "gdch_service_account";

/** The fields each type's constructor in google-auth-library requires. */
const REQUIRED: Record<KeyType, readonly string[]> = {
  service_account: ["client_email", "private_key"],
  authorized_user: ["client_id", "client_secret", "refresh_token"],
  external_account: ["audience", "subject_token_type"],
  external_account_authorized_user: ["audience", "refresh_token", "token_url"],
  impersonated_service_account: ["service_account_impersonation_url", "source_credentials"],
  gdch_service_account: ["project", "private_key_id", "private_key", "name", "token_uri"],
};
const KEY_TYPES = Object.keys(REQUIRED) as KeyType[];

/** A checked credentials JSON file. */
export interface KeyFile {
  type: KeyType;
  json: Record<string, unknown>;
  /** The service account it signs as (service_account), or impersonates (impersonated_service_account). */
  account?: string;
  /** For impersonated_service_account: its source credentials, checked the same way. */
  source?: KeyFile;
  /** For impersonated_service_account: the delegates it names. */
  delegates?: string[];
}

/** Where a value came from: a stack config key or an environment variable, for messages. */
export interface Sourced<T> {
  value: T;
  from: string;
}

/** Who the calls are made as, and what they carry; undefined from authFromEnv when nothing is configured. */
export interface AuthSettings {
  /** An access token given as is (gcp:accessToken): used over `key`. */
  token?: Sourced<string>;
  /** A credentials file: gcp:credentials (or its variables), else GOOGLE_APPLICATION_CREDENTIALS's. */
  key?: Sourced<KeyFile>;
  /** The service account the calls are made as, through those credentials. */
  impersonate?: Sourced<{ account: string; delegates: string[] }>;
  /** Sent as `x-goog-user-project` on every call (gcp:userProjectOverride). */
  quotaProject?: Sourced<string>;
  /** A digest of the above, for telling settings apart (a cache key): never a value. */
  fingerprint: string;
}

/** A value quoted in a message only when it cannot be a secret (a path, an email); described otherwise. */
function shown(value: string): string {
  const harmless = value.length <= 200 && /^[\w@%+=:,./~ -]*$/.test(value) && !/PRIVATE KEY/.test(value);
  return harmless ? `"${value}"` : `a value of ${value.length} characters (not shown: it may be a secret)`;
}

/** Stack config keys whose values are credentials: set them as secrets. */
const SECRET_KEYS: readonly string[] = [GCP_CONFIG.credentials, GCP_CONFIG.accessToken];

/** A refusal: `<key>: <problem>. Set it <how> (…), or remove it (…)`, for a config key or a variable. */
function refuse(from: string, problem: string, how: string): never {
  const fix = from.includes(":")
    ? `set it ${how} (\`pulumi config set ${SECRET_KEYS.includes(from) ? "--secret " : ""}${from} …\`), or remove it (\`pulumi config rm ${from}\`)`
    : `set ${from} ${how}, or unset it`;
  throw new ConfigurationError(redact(`${from}: ${problem}. ${fix[0]!.toUpperCase()}${fix.slice(1)}`));
}

/** The first of the stack config key and its variables that has a value (empty is unset). */
function firstOf(config: ConfigLookup, env: Env, key: string, vars: readonly string[]): Sourced<string> | undefined {
  const configured = config(key);
  if (configured !== undefined && configured.trim() !== "") return { value: configured.trim(), from: key };
  const name = vars.find((v) => (env[v] ?? "").trim() !== "");
  return name ? { value: env[name]!.trim(), from: name } : undefined;
}

function expandHome(path: string): string {
  return path === "~" || path.startsWith("~/") ? `${homedir()}${path.slice(1)}` : path;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * JSON.parse without its message: Node quotes the text near the error, and the text may be a
 * key. Only the position is kept.
 */
function parseJson(text: string): { value?: unknown; problem?: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (err) {
    const at = /position (\d+)/.exec(err instanceof Error ? err.message : "")?.[1];
    return { problem: `is not valid JSON${at ? ` (at character ${at})` : ""}` };
  }
}

/** A service account's email, or a unique id (21 digits), as IAM Credentials accepts them. */
const SERVICE_ACCOUNT = /^[a-z0-9][a-z0-9._-]*@[a-z0-9][a-z0-9.-]*\.gserviceaccount\.com$/i;
const UNIQUE_ID = /^\d{21}$/;
const isServiceAccount = (value: string) => SERVICE_ACCOUNT.test(value) || UNIQUE_ID.test(value);
const SERVICE_ACCOUNT_FORM = "a service account's email (name@project.iam.gserviceaccount.com)";

/** A credentials JSON object checked as google-auth-library would load it; the problem otherwise. */
function checkKey(json: unknown, where = ""): { key?: KeyFile; problem?: string } {
  if (json === null || typeof json !== "object" || Array.isArray(json))
    return { problem: `${where}is JSON but not a credentials file (an object)` };
  const obj = json as Record<string, unknown>;
  const type = obj.type;
  if (typeof type !== "string") {
    return {
      problem: `${where}is JSON but not a credentials file: it has no "type" (a service account key has "type": "service_account")`,
    };
  }
  if (!(KEY_TYPES as string[]).includes(type)) {
    return {
      problem: `${where}has "type" ${shown(type)}, which is no credential type Google's client libraries load (${KEY_TYPES.join(", ")})`,
    };
  }
  const missing = REQUIRED[type as KeyType].filter((f) => obj[f] === undefined || obj[f] === null || obj[f] === "");
  if (missing.length) return { problem: `${where}is a ${type} file without ${missing.map((f) => `"${f}"`).join(", ")}` };
  const key: KeyFile = { type: type as KeyType, json: obj };
  remember(
    ...["private_key", "client_secret", "refresh_token", "private_key_id"].map((f) =>
      typeof obj[f] === "string" ? (obj[f] as string) : undefined,
    ),
  );
  if (type === "service_account") {
    const email = String(obj.client_email);
    if (!email.includes("@")) return { problem: `${where}has a "client_email" that is no email` };
    try {
      createPrivateKey(String(obj.private_key));
    } catch {
      return { problem: `${where}has a "private_key" that is not a PEM private key (the file may be damaged: download a new key)` };
    }
    key.account = email;
  }
  if (type === "impersonated_service_account") {
    const url = String(obj.service_account_impersonation_url);
    const account = /\/serviceAccounts\/([^/:]+):generateAccessToken$/.exec(url)?.[1];
    if (!account) return { problem: `${where}has a "service_account_impersonation_url" that names no service account` };
    const source = checkKey(obj.source_credentials, `${where}source_credentials `);
    if (!source.key) return { problem: source.problem! };
    key.account = decodeURIComponent(account);
    key.source = source.key;
    key.delegates = Array.isArray(obj.delegates) ? obj.delegates.filter((d): d is string => typeof d === "string") : [];
  }
  return { key };
}

/** A key file's path or its JSON contents (Terraform's PathOrContents), checked. */
function readKey(given: Sourced<string>): Sourced<KeyFile> {
  const { value, from } = given;
  let text = value;
  if (!value.startsWith("{")) {
    const path = expandHome(value);
    // Quoted only when it looks like a path: a token or an API key set here by mistake is not.
    const pathLike = /^[~./]/.test(value) || value.includes("/");
    if (!pathLike) remember(value);
    const where = pathLike ? shown(value) : `the value given (not shown: it is not a path, and may be a secret)`;
    if (!isFile(path)) refuse(from, `no file at ${where}`, "to the path of a key file or to its JSON contents");
    text = readFileSync(path, "utf8");
  } else {
    remember(value);
  }
  const parsed = parseJson(text);
  if (parsed.problem) refuse(from, parsed.problem, "to a key file's path or its JSON contents");
  const checked = checkKey(parsed.value);
  if (!checked.key) refuse(from, checked.problem!, 'to a service account key (a JSON file with "type": "service_account") or its path');
  return { value: checked.key, from };
}

/** An access token, or the file holding one (Terraform's PathOrContents). */
function readToken(given: Sourced<string>): Sourced<string> {
  const path = expandHome(given.value);
  const token = isFile(path) ? readFileSync(path, "utf8").trim() : given.value;
  remember(given.value, token);
  if (!token || /\s/.test(token)) {
    refuse(
      given.from,
      "is empty or has spaces in it, which no access token has",
      "to an OAuth 2.0 access token (`gcloud auth print-access-token`) or the path of a file holding one",
    );
  }
  return { value: token, from: given.from };
}

/** Go's strconv.ParseBool, which the Terraform provider reads USER_PROJECT_OVERRIDE with. */
function parseBool(given: Sourced<string>): boolean {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(given.value)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(given.value)) return false;
  return refuse(given.from, `must be true or false, got ${shown(given.value)}`, "to true or false");
}

function readDelegates(config: ConfigLookup): string[] {
  const from = GCP_CONFIG.impersonateServiceAccountDelegates;
  const raw = config(from)?.trim();
  if (!raw) return [];
  // A list in the stack config reaches the provider as its JSON text.
  const list = raw.startsWith("[") ? parseJson(raw).value : raw.split(",").map((d) => d.trim());
  if (!Array.isArray(list) || list.some((d) => typeof d !== "string")) {
    refuse(
      from,
      "must be a list of service account emails",
      "to a list: `pulumi config set --path 'gcp:impersonateServiceAccountDelegates[0]' a@p.iam.gserviceaccount.com`",
    );
  }
  const delegates = (list as string[]).map((d) => d.replace(/^projects\/-\/serviceAccounts\//, ""));
  const bad = delegates.find((d) => !isServiceAccount(d));
  if (bad !== undefined) refuse(from, `${shown(bad)} is not ${SERVICE_ACCOUNT_FORM}`, "to a list of service account emails");
  return delegates;
}

const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$|^[a-z][a-z0-9.-]*:[a-z][a-z0-9-]{4,28}[a-z0-9]$|^\d+$/;

function readSettings(env: Env, config: ConfigLookup): AuthSettings | undefined {
  const tokenGiven = firstOf(config, env, GCP_CONFIG.accessToken, ENV.accessToken);
  const keyGiven = firstOf(config, env, GCP_CONFIG.credentials, ENV.credentials);
  if (tokenGiven?.from === GCP_CONFIG.accessToken && keyGiven?.from === GCP_CONFIG.credentials) {
    throw new ConfigurationError(
      `${GCP_CONFIG.credentials} and ${GCP_CONFIG.accessToken} are both set, and @pulumi/gcp refuses the two together: keep one (\`pulumi config rm ${GCP_CONFIG.accessToken}\` to use the key)`,
    );
  }
  const token = tokenGiven ? readToken(tokenGiven) : undefined;
  // Checked even when the token is used over it, as the Terraform provider checks it.
  let key = keyGiven ? readKey(keyGiven) : undefined;
  const adc = (env[ADC_VARIABLE] ?? "").trim();
  if (!token && !key && adc) key = readKey({ value: adc, from: ADC_VARIABLE });

  const impersonateGiven = firstOf(config, env, GCP_CONFIG.impersonateServiceAccount, ENV.impersonateServiceAccount);
  if (impersonateGiven && !isServiceAccount(impersonateGiven.value)) {
    refuse(impersonateGiven.from, `${shown(impersonateGiven.value)} is not ${SERVICE_ACCOUNT_FORM}`, `to ${SERVICE_ACCOUNT_FORM}`);
  }
  const delegates = readDelegates(config);
  if (delegates.length && !impersonateGiven) {
    throw new ConfigurationError(
      `${GCP_CONFIG.impersonateServiceAccountDelegates} is set without ${GCP_CONFIG.impersonateServiceAccount}: set the account the delegates lead to, or \`pulumi config rm ${GCP_CONFIG.impersonateServiceAccountDelegates}\``,
    );
  }

  const overrideGiven = firstOf(config, env, GCP_CONFIG.userProjectOverride, ENV.userProjectOverride);
  const billing = firstOf(config, env, GCP_CONFIG.billingProject, ENV.billingProject);
  if (billing && !PROJECT_ID.test(billing.value))
    refuse(billing.from, `${shown(billing.value)} is not a project id`, "to a project id (my-project)");
  let quotaProject: Sourced<string> | undefined;
  if (overrideGiven && parseBool(overrideGiven)) {
    // Without a billing project, the resource's project: the stack's, the one a job names in all but rare stacks.
    const stack = stackSettingsOf(config, env);
    quotaProject = billing ?? (stack.project ? { value: stack.project, from: stack.projectFrom ?? "gcp:project" } : undefined);
  }

  if (!token && !key && !impersonateGiven && !quotaProject) return undefined;
  const settings: Omit<AuthSettings, "fingerprint"> = {
    ...(token ? { token } : {}),
    ...(key ? { key } : {}),
    ...(impersonateGiven ? { impersonate: { value: { account: impersonateGiven.value, delegates }, from: impersonateGiven.from } } : {}),
    ...(quotaProject ? { quotaProject } : {}),
  };
  const fingerprint = createHash("sha256").update(JSON.stringify(settings)).digest("hex").slice(0, 16);
  return { ...settings, fingerprint };
}

/** The settings last read, by what they were read from: every provider call reads them again. */
const read = new Map<string, AuthSettings | undefined>();

/**
 * The credentials and quota settings the stack config and the environment give, checked; undefined
 * when none is set (the client then finds Application Default Credentials itself, and an
 * emulator is called without credentials, as before). Throws a ConfigurationError naming the key
 * and the fix when a value cannot be used.
 */
export function authFromEnv(env: Env, config: ConfigLookup = () => undefined): AuthSettings | undefined {
  const keys = [...Object.values(GCP_CONFIG), "gcp:project"].map((k) => config(k) ?? null);
  const vars = [...Object.values(ENV).flat(), ADC_VARIABLE, "GOOGLE_CLOUD_PROJECT", "GCLOUD_PROJECT", "CLOUDSDK_CORE_PROJECT"].map(
    (v) => env[v] ?? null,
  );
  const cacheKey = createHash("sha256")
    .update(JSON.stringify([keys, vars]))
    .digest("hex");
  if (read.has(cacheKey)) return read.get(cacheKey);
  const settings = readSettings(env, config);
  read.set(cacheKey, settings);
  return settings;
}

/** Who the calls are made as, in words, for messages: never a secret. Against an emulator, no credentials is its default caller. */
export function describeSource(settings: AuthSettings, emulator = false): string {
  if (settings.token) return `the access token in ${settings.token.from}`;
  const key = settings.key;
  if (key?.value.type === "service_account") return `the key of ${key.value.account} (${key.from})`;
  if (key) return `the ${key.value.type} credentials in ${key.from}`;
  return emulator ? "the emulator's default caller (no credentials set)" : "Application Default Credentials";
}
