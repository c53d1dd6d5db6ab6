// The auth client made from the settings (cloud/auth-client.ts): the headers each kind of
// credential puts on a call, and, against an emulator, that none of them needs Google to do so.
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { authClientFor } from "../../../provider/cloud/auth-client";
import { authFromEnv } from "../../../provider/cloud/credentials";

const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 1024,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});
const SA = "signer@p.iam.gserviceaccount.com";
const settingsOf = (config: Record<string, string>) => authFromEnv({}, (k) => config[k])!;
const headersOf = async (config: Record<string, string>, emulatorHost?: string) =>
  Object.fromEntries(await authClientFor(settingsOf(config), emulatorHost).getRequestHeaders("https://run.googleapis.com/"));

describe("the headers of a call", () => {
  it("an access token is sent as it is, with the quota project when userProjectOverride is set", async () => {
    expect(
      await headersOf({ "gcp:accessToken": "ya29.as-it-is-0001", "gcp:userProjectOverride": "true", "gcp:billingProject": "bill-project" }),
    ).toEqual({
      authorization: "Bearer ya29.as-it-is-0001",
      "x-goog-user-project": "bill-project",
    });
  });

  it("against an emulator a service account key signs its own JWT: its sub is the account, no token exchange", async () => {
    const key = JSON.stringify({ type: "service_account", client_email: SA, private_key: privateKey, private_key_id: "k1" });
    const { authorization } = await headersOf({ "gcp:credentials": key }, "127.0.0.1:1");
    const [, payload] = String(authorization)
      .replace(/^Bearer /, "")
      .split(".");
    expect(JSON.parse(Buffer.from(payload!, "base64url").toString())).toMatchObject({
      iss: SA,
      sub: SA,
      scope: "https://www.googleapis.com/auth/cloud-platform https://www.googleapis.com/auth/userinfo.email",
    });
  });

  it("against an emulator credentials whose token only Google gives are not exchanged: no token", async () => {
    const user = JSON.stringify({ type: "authorized_user", client_id: "id", client_secret: "secret-0001", refresh_token: "refresh-0001" });
    expect(await headersOf({ "gcp:credentials": user }, "127.0.0.1:1")).toEqual({});
  });

  it("is made once per settings and endpoint (its tokens are cached in it)", () => {
    const settings = settingsOf({ "gcp:accessToken": "ya29.once-0001" });
    expect(authClientFor(settings, "127.0.0.1:1")).toBe(authClientFor(settings, "127.0.0.1:1"));
    expect(authClientFor(settings, "127.0.0.1:1")).not.toBe(authClientFor(settings));
  });
});
