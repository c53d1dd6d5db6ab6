// The credentials settings as @pulumi/gcp reads them (cloud/credentials.ts): which stack config
// key or environment variable wins, and every value that cannot be used refused at configure,
// naming the key and the fix, without ever quoting a credential.
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type AuthSettings, authFromEnv, describeSource } from "../../../provider/cloud/credentials";
import { ConfigurationError } from "../../../provider/cloud/errors";
import { redact } from "../../../provider/cloud/redact";

const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 1024,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});
const key = (email: string, extra: object = {}) => ({
  type: "service_account",
  client_email: email,
  private_key: privateKey,
  private_key_id: "fedcba9876543210fedcba9876543210fedcba98",
  ...extra,
});
const dir = mkdtempSync(path.join(tmpdir(), "credentials-test-"));
const file = (name: string, content: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
};
const KEY_FILE = file("key.json", JSON.stringify(key("file@p.iam.gserviceaccount.com")));
const TOKEN_FILE = file("token.txt", "ya29.token-from-a-file-0001\n");
const SECRET_LIKE = [
  privateKey,
  privateKey.split("\n")[1]!,
  "fedcba9876543210fedcba9876543210fedcba98",
  "ya29.",
  "s3cr3t-client-secret-value",
];

const read = (config: Record<string, string>, env: Record<string, string> = {}) => authFromEnv(env, (k) => config[k]);
/** The message of the ConfigurationError read throws. */
function refusal(config: Record<string, string>, env: Record<string, string> = {}): string {
  try {
    read(config, env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigurationError);
    const message = (err as Error).message;
    for (const secret of SECRET_LIKE) expect(message).not.toContain(secret);
    return message;
  }
  throw new Error("expected a refusal");
}
const accountOf = (s: AuthSettings | undefined) => s?.key?.value.account;

describe("precedence", () => {
  it("nothing set: no settings (the client finds Application Default Credentials itself, an emulator gets no token)", () => {
    expect(read({}, { GOOGLE_CLOUD_PROJECT: "p" })).toBeUndefined();
  });

  it("gcp:credentials, then GOOGLE_CREDENTIALS, GOOGLE_CLOUD_KEYFILE_JSON, GCLOUD_KEYFILE_JSON", () => {
    const vars = {
      GOOGLE_CREDENTIALS: JSON.stringify(key("a@p.iam.gserviceaccount.com")),
      GOOGLE_CLOUD_KEYFILE_JSON: JSON.stringify(key("b@p.iam.gserviceaccount.com")),
      GCLOUD_KEYFILE_JSON: JSON.stringify(key("c@p.iam.gserviceaccount.com")),
    };
    expect(accountOf(read({ "gcp:credentials": KEY_FILE }, vars))).toBe("file@p.iam.gserviceaccount.com");
    expect(read({}, vars)?.key?.from).toBe("GOOGLE_CREDENTIALS");
    expect(accountOf(read({}, { ...vars, GOOGLE_CREDENTIALS: "" }))).toBe("b@p.iam.gserviceaccount.com");
    expect(accountOf(read({}, { GCLOUD_KEYFILE_JSON: vars.GCLOUD_KEYFILE_JSON }))).toBe("c@p.iam.gserviceaccount.com");
  });

  it("a key file's path or its JSON contents, ~ for the home directory", () => {
    expect(accountOf(read({ "gcp:credentials": JSON.stringify(key("inline@p.iam.gserviceaccount.com")) }))).toBe(
      "inline@p.iam.gserviceaccount.com",
    );
    expect(read({ "gcp:credentials": KEY_FILE })?.key?.from).toBe("gcp:credentials");
  });

  it("the access token is used over the credentials when the environment sets them", () => {
    const settings = read({ "gcp:credentials": KEY_FILE }, { GOOGLE_OAUTH_ACCESS_TOKEN: "ya29.env-token-0001" });
    expect(settings?.token).toEqual({ value: "ya29.env-token-0001", from: "GOOGLE_OAUTH_ACCESS_TOKEN" });
    expect(describeSource(settings!)).toBe("the access token in GOOGLE_OAUTH_ACCESS_TOKEN");
    expect(read({ "gcp:accessToken": "ya29.config-token-0001" }, { GOOGLE_OAUTH_ACCESS_TOKEN: "ya29.env-token-0001" })?.token?.from).toBe(
      "gcp:accessToken",
    );
  });

  it("an access token may be a file holding it", () => {
    expect(read({ "gcp:accessToken": TOKEN_FILE })?.token?.value).toBe("ya29.token-from-a-file-0001");
  });

  it("GOOGLE_APPLICATION_CREDENTIALS only when no token or credentials are set", () => {
    const adc = { GOOGLE_APPLICATION_CREDENTIALS: KEY_FILE };
    expect(read({}, adc)?.key?.from).toBe("GOOGLE_APPLICATION_CREDENTIALS");
    expect(read({ "gcp:accessToken": "ya29.config-token-0001" }, adc)?.key).toBeUndefined();
    expect(describeSource(read({}, adc)!)).toBe("the key of file@p.iam.gserviceaccount.com (GOOGLE_APPLICATION_CREDENTIALS)");
  });

  it("gcp:impersonateServiceAccount over GOOGLE_IMPERSONATE_SERVICE_ACCOUNT, with the delegates of the stack config", () => {
    const env = { GOOGLE_IMPERSONATE_SERVICE_ACCOUNT: "env@p.iam.gserviceaccount.com" };
    expect(read({}, env)?.impersonate).toEqual({
      value: { account: "env@p.iam.gserviceaccount.com", delegates: [] },
      from: "GOOGLE_IMPERSONATE_SERVICE_ACCOUNT",
    });
    const configured = read(
      {
        "gcp:impersonateServiceAccount": "cfg@p.iam.gserviceaccount.com",
        "gcp:impersonateServiceAccountDelegates": JSON.stringify([
          "d1@p.iam.gserviceaccount.com",
          "projects/-/serviceAccounts/d2@p.iam.gserviceaccount.com",
        ]),
      },
      env,
    );
    expect(configured?.impersonate).toEqual({
      value: { account: "cfg@p.iam.gserviceaccount.com", delegates: ["d1@p.iam.gserviceaccount.com", "d2@p.iam.gserviceaccount.com"] },
      from: "gcp:impersonateServiceAccount",
    });
  });

  it("x-goog-user-project only with userProjectOverride: the billing project, else the stack's project", () => {
    expect(read({ "gcp:billingProject": "bill-project" })).toBeUndefined();
    expect(read({ "gcp:userProjectOverride": "true", "gcp:billingProject": "bill-project" })?.quotaProject).toEqual({
      value: "bill-project",
      from: "gcp:billingProject",
    });
    expect(read({ "gcp:userProjectOverride": "true", "gcp:project": "stack-project" })?.quotaProject).toEqual({
      value: "stack-project",
      from: "gcp:project",
    });
    expect(read({}, { USER_PROJECT_OVERRIDE: "1", GOOGLE_BILLING_PROJECT: "env-bill" })?.quotaProject?.value).toBe("env-bill");
    expect(
      read({ "gcp:userProjectOverride": "false" }, { USER_PROJECT_OVERRIDE: "true", GOOGLE_BILLING_PROJECT: "env-bill" }),
    ).toBeUndefined();
  });

  it("settings differ by fingerprint, which holds no value", () => {
    const a = read({ "gcp:accessToken": "ya29.fingerprint-a-0001" });
    const b = read({ "gcp:accessToken": "ya29.fingerprint-b-0001" });
    expect(a?.fingerprint).not.toBe(b?.fingerprint);
    expect(a?.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe("refusals at configure: the key, the problem, the fix, and never a secret", () => {
  it.each<[string, Record<string, string>, Record<string, string>, string | RegExp]>([
    [
      "a credentials path with no file",
      { "gcp:credentials": "/no/such/key.json" },
      {},
      'gcp:credentials: no file at "/no/such/key.json". Set it to the path of a key file or to its JSON contents (`pulumi config set --secret gcp:credentials …`), or remove it (`pulumi config rm gcp:credentials`)',
    ],
    [
      "the same from the environment",
      {},
      { GOOGLE_CREDENTIALS: "/no/such/key.json" },
      'GOOGLE_CREDENTIALS: no file at "/no/such/key.json". Set GOOGLE_CREDENTIALS to the path of a key file or to its JSON contents, or unset it',
    ],
    [
      "GOOGLE_APPLICATION_CREDENTIALS with no file",
      {},
      { GOOGLE_APPLICATION_CREDENTIALS: "/no/adc.json" },
      /^GOOGLE_APPLICATION_CREDENTIALS: no file at "\/no\/adc\.json"/,
    ],
    [
      "JSON that does not parse (its text not quoted)",
      { "gcp:credentials": `{"type": "service_account", "private_key": ${JSON.stringify(privateKey)}, oops}` },
      {},
      /^gcp:credentials: is not valid JSON \(at character \d+\)\. Set it to a key file's path or its JSON contents/,
    ],
    [
      "JSON that is not a key",
      { "gcp:credentials": JSON.stringify({ hello: "world" }) },
      {},
      /^gcp:credentials: is JSON but not a credentials file: it has no "type" \(a service account key has "type": "service_account"\)\. Set it to a service account key/,
    ],
    [
      "a key of no known type",
      { "gcp:credentials": JSON.stringify({ type: "api_key" }) },
      {},
      /^gcp:credentials: has "type" "api_key", which is no credential type Google's client libraries load/,
    ],
    [
      "a service account key without its private key",
      { "gcp:credentials": JSON.stringify({ type: "service_account", client_email: "a@p.iam.gserviceaccount.com" }) },
      {},
      /^gcp:credentials: is a service_account file without "private_key"\./,
    ],
    [
      "a private key that is not PEM",
      {
        "gcp:credentials": JSON.stringify(
          key("a@p.iam.gserviceaccount.com", { private_key: "-----BEGIN PRIVATE KEY-----\nnot-a-key\n-----END PRIVATE KEY-----\n" }),
        ),
      },
      {},
      /^gcp:credentials: has a "private_key" that is not a PEM private key/,
    ],
    [
      "an authorized_user file without its refresh token",
      { "gcp:credentials": JSON.stringify({ type: "authorized_user", client_id: "id", client_secret: "s3cr3t-client-secret-value" }) },
      {},
      /^gcp:credentials: is a authorized_user file without "refresh_token"/,
    ],
    [
      "both gcp:credentials and gcp:accessToken in the stack config",
      { "gcp:credentials": KEY_FILE, "gcp:accessToken": "ya29.both-0001" },
      {},
      /^gcp:credentials and gcp:accessToken are both set/,
    ],
    [
      "an access token with spaces",
      { "gcp:accessToken": "ya29. two words" },
      {},
      /^gcp:accessToken: is empty or has spaces in it, which no access token has\. Set it to an OAuth 2\.0 access token/,
    ],
    [
      "a malformed service account email",
      { "gcp:impersonateServiceAccount": "deployer@example.com" },
      {},
      `gcp:impersonateServiceAccount: "deployer@example.com" is not a service account's email (name@project.iam.gserviceaccount.com). Set it to a service account's email (name@project.iam.gserviceaccount.com) (\`pulumi config set gcp:impersonateServiceAccount …\`), or remove it (\`pulumi config rm gcp:impersonateServiceAccount\`)`,
    ],
    [
      "a key pasted where an email belongs (not quoted)",
      { "gcp:impersonateServiceAccount": JSON.stringify(key("a@p.iam.gserviceaccount.com")) },
      {},
      /^gcp:impersonateServiceAccount: a value of \d+ characters \(not shown: it may be a secret\) is not a service account's email/,
    ],
    [
      "the same from the environment",
      {},
      { GOOGLE_IMPERSONATE_SERVICE_ACCOUNT: "nobody" },
      /^GOOGLE_IMPERSONATE_SERVICE_ACCOUNT: "nobody" is not a service account's email .*Set GOOGLE_IMPERSONATE_SERVICE_ACCOUNT to .*, or unset it$/,
    ],
    [
      "a delegate that is no service account",
      { "gcp:impersonateServiceAccount": "a@p.iam.gserviceaccount.com", "gcp:impersonateServiceAccountDelegates": '["me@example.com"]' },
      {},
      /^gcp:impersonateServiceAccountDelegates: "me@example\.com" is not a service account's email/,
    ],
    [
      "delegates without an account to impersonate",
      { "gcp:impersonateServiceAccountDelegates": '["d@p.iam.gserviceaccount.com"]' },
      {},
      /^gcp:impersonateServiceAccountDelegates is set without gcp:impersonateServiceAccount/,
    ],
    [
      "userProjectOverride that is no boolean",
      { "gcp:userProjectOverride": "yes" },
      {},
      /^gcp:userProjectOverride: must be true or false, got "yes"/,
    ],
    [
      "USER_PROJECT_OVERRIDE likewise",
      {},
      { USER_PROJECT_OVERRIDE: "maybe" },
      /^USER_PROJECT_OVERRIDE: must be true or false, got "maybe"\. Set USER_PROJECT_OVERRIDE to true or false, or unset it$/,
    ],
    [
      "a billing project that is no project id",
      { "gcp:billingProject": "My Project" },
      {},
      /^gcp:billingProject: "My Project" is not a project id/,
    ],
  ])("%s", (_title, config, env, message) => {
    const text = refusal(config, env);
    if (typeof message === "string") expect(text).toBe(message);
    else expect(text).toMatch(message);
  });
});

describe("redact", () => {
  it("masks every credential read, raw and as JSON text", () => {
    read({ "gcp:credentials": JSON.stringify(key("masked@p.iam.gserviceaccount.com")) });
    read({ "gcp:accessToken": "ya29.masked-token-0001" });
    const leaked = `call failed: ya29.masked-token-0001 / ${JSON.stringify({ k: privateKey })} / ${privateKey}`;
    const text = redact(leaked);
    expect(text).not.toContain("ya29.masked-token-0001");
    expect(text).not.toContain(privateKey.split("\n")[1]!);
    expect(text).toContain("[redacted]");
  });
});
