// Who calls (emulator/README.md "Who calls"): the identity each bearer token stands for, IAM
// Credentials generateAccessToken minting tokens bound to a service account (and refusing a
// denied one as Google does), and that identity written where Cloud Run writes it: the job's
// creator and lastModifier (v2 fields, v1 annotations) and the execution's creator.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { connectIdentityControl, EMULATOR_PRINCIPAL, Identities, opaqueIdentityOf } from "../../../emulator";
import { FAST, PARENT, PROJECT, REGION, createJob, jobBody, jobName, plainJob, rejection, startHarness, type Harness } from "../harness";

const SA = "deployer@emu-project.iam.gserviceaccount.com";
const DENIED = "locked@emu-project.iam.gserviceaccount.com";
const SCOPE = ["https://www.googleapis.com/auth/cloud-platform"];

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ deniedIdentities: [DENIED], tokens: { "registered-token-0001": "someone@example.com" } });
});
afterAll(async () => h.close());
beforeEach(() => h.emulator.reset());

const as = (token: string) => ({ ...FAST, otherArgs: { headers: { authorization: `Bearer ${token}` } } });

/** A JWT as a service account key signs it for itself (the signature is not read). */
const jwtOf = (payload: object) => {
  const [header, body] = [{ alg: "RS256", typ: "JWT" }, payload].map((p) => Buffer.from(JSON.stringify(p)).toString("base64url"));
  return `${header}.${body}.c2lnbmF0dXJl`;
};

async function generateAccessToken(account: string, body: object, authorization?: string) {
  const response = await fetch(`http://${h.emulator.address}/v1/projects/-/serviceAccounts/${account}:generateAccessToken`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("the identity a bearer token stands for", () => {
  const identities = new Identities({ tokens: { "told-token-0001": "told@example.com" } });

  it.each([
    ["no header", undefined, undefined],
    ["a header that is no bearer token", "Basic dXNlcjpwYXNz", undefined],
    ["a registered token", "Bearer told-token-0001", "told@example.com"],
    ["a service account's self-signed JWT: its sub", `Bearer ${jwtOf({ iss: SA, sub: SA, scope: SCOPE[0] })}`, SA],
    ["a JWT without sub: its iss", `Bearer ${jwtOf({ iss: SA })}`, SA],
    ["any other token: opaque, derived from it", "Bearer ya29.elsewhere", opaqueIdentityOf("ya29.elsewhere")],
  ])("%s", (_title, header, identity) => {
    expect(identities.callerOf(header)).toEqual(identity === undefined ? undefined : { identity });
  });

  it("a minted token stands for its account, in this emulator and in one started later", () => {
    const { accessToken, expireTime } = identities.mint(SA, 3600, Date.parse("2030-01-01T00:00:00Z"));
    expect(expireTime).toBe("2030-01-01T01:00:00Z");
    expect(accessToken).toMatch(/^ya29\.cloudrun-emulator\./);
    expect(identities.callerOf(`Bearer ${accessToken}`, Date.parse("2030-01-01T00:30:00Z"))).toEqual({ identity: SA });
    expect(new Identities().callerOf(`Bearer ${accessToken}`)).toEqual({ identity: SA });
  });

  it("a minted token past its expireTime is expired", () => {
    const { accessToken } = identities.mint(SA, 60, Date.parse("2030-01-01T00:00:00Z"));
    expect(identities.callerOf(`Bearer ${accessToken}`, Date.parse("2030-01-01T00:01:00Z"))).toEqual({ expired: true });
  });

  it("the opaque identity never contains the token", () => {
    expect(opaqueIdentityOf("ya29.secret-value")).toMatch(/^token-[0-9a-f]{16}@cloudrun\.local$/);
  });
});

describe("IAM Credentials generateAccessToken (REST, as google-auth-library's Impersonated calls it)", () => {
  it("mints a token bound to the account; calls made with it are the account's", async () => {
    const answer = await generateAccessToken(SA, { scope: SCOPE, delegates: [], lifetime: "3600s" }, "Bearer registered-token-0001");
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body).sort()).toEqual(["accessToken", "expireTime"]);
    expect(Date.parse(String(answer.body.expireTime)) - Date.now()).toBeGreaterThan(3590_000);
    const job = await createJob(h, "minted", jobBody());
    expect(job.creator).toBe(EMULATOR_PRINCIPAL);
    const [op] = await h.jobs.createJob({ parent: PARENT, jobId: "by-sa", job: jobBody() }, as(String(answer.body.accessToken)));
    const [created] = await op.promise();
    expect(plainJob(created).creator).toBe(SA);
    expect(h.emulator.calls.count("IAMCredentials.GenerateAccessToken")).toBe(1);
  });

  it("refuses a denied account with IAM's 403 and ErrorInfo", async () => {
    const answer = await generateAccessToken(DENIED, { scope: SCOPE });
    expect(answer).toEqual({
      status: 403,
      body: {
        error: {
          code: 403,
          message: "Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist).",
          status: "PERMISSION_DENIED",
          details: [
            {
              "@type": "type.googleapis.com/google.rpc.ErrorInfo",
              reason: "IAM_PERMISSION_DENIED",
              domain: "iam.googleapis.com",
              metadata: { permission: "iam.serviceAccounts.getAccessToken" },
            },
          ],
        },
      },
    });
  });

  it("refuses a chain through a denied delegate", async () => {
    const answer = await generateAccessToken(SA, { scope: SCOPE, delegates: [`projects/-/serviceAccounts/${DENIED}`] });
    expect(answer.status).toBe(403);
  });

  it.each([
    ["an account that is no email or unique id", "not-an-account", { scope: SCOPE }, /^Invalid form of account ID not-an-account/],
    ["no scope", SA, {}, /^Scope required\.$/],
    ["a lifetime over an hour", SA, { scope: SCOPE, lifetime: "7200s" }, /^The lifetime must be between 1s and 3600s/],
  ])("INVALID_ARGUMENT for %s", async (_title, account, body, message) => {
    const answer = await generateAccessToken(account, body);
    expect(answer.status).toBe(400);
    expect((answer.body.error as { message: string }).message).toMatch(message);
  });
});

describe("creator and lastModifier, as Cloud Run writes them", () => {
  it("CreateJob sets both; UpdateJob by another sets lastModifier; RunJob's execution has its caller as creator", async () => {
    const [created] = await (
      await h.jobs.createJob({ parent: PARENT, jobId: "hands", job: jobBody() }, as("registered-token-0001"))
    )[0].promise();
    expect(plainJob(created)).toMatchObject({ creator: "someone@example.com", lastModifier: "someone@example.com" });

    const [current] = await h.jobs.getJob({ name: jobName("hands") });
    const [updated] = await (await h.jobs.updateJob({ job: { ...current, labels: { a: "b" } } }, as(jwtOf({ sub: SA }))))[0].promise();
    expect(plainJob(updated)).toMatchObject({ creator: "someone@example.com", lastModifier: SA });

    await h.jobs.runJob({ name: jobName("hands") }, as("ya29.other"));
    const [executions] = await h.executions.listExecutions({ parent: jobName("hands") });
    expect(executions.map((e) => e.creator)).toEqual([opaqueIdentityOf("ya29.other")]);
    const [afterRun] = await h.jobs.getJob({ name: jobName("hands") });
    expect(afterRun.lastModifier).toBe(opaqueIdentityOf("ya29.other"));
  });

  it("v1 writes them as the annotations run.googleapis.com/creator and lastModifier, from the v1 call's own token", async () => {
    const v1 = `http://${h.emulator.address}/apis/run.googleapis.com/v1/namespaces/${PROJECT}/jobs`;
    const body = {
      apiVersion: "run.googleapis.com/v1",
      kind: "Job",
      metadata: { name: "from-v1", labels: { "cloud.googleapis.com/location": REGION } },
      spec: { template: { spec: { template: { spec: { containers: [{ image: "us-docker.pkg.dev/cloudrun/container/job:latest" }] } } } } },
    };
    const created = await fetch(v1, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer registered-token-0001" },
      body: JSON.stringify(body),
    });
    expect(created.status).toBe(200);
    const got = (await (await fetch(`${v1}/from-v1`)).json()) as { metadata: { annotations: Record<string, string> } };
    expect(got.metadata.annotations).toMatchObject({
      "run.googleapis.com/creator": "someone@example.com",
      "run.googleapis.com/lastModifier": "someone@example.com",
    });
  });

  it("an expired token is refused as Google refuses one (UNAUTHENTICATED), and changes nothing", async () => {
    const { accessToken } = h.emulator.identities.mint(SA, 60, Date.now() - 3_600_000);
    const refused = await rejection(h.jobs.createJob({ parent: PARENT, jobId: "late", job: jobBody() }, as(accessToken)));
    expect(refused.code).toBe(16);
    expect(refused.message).toMatch(/^Request had invalid authentication credentials\./);
    expect(h.emulator.store.jobs.has(jobName("late"))).toBe(false);
  });
});

describe("Control: identities from another process", () => {
  it("denies and allows an account, registers a token, lists without showing tokens", async () => {
    const control = connectIdentityControl(h.emulator.address);
    try {
      const other = "other@emu-project.iam.gserviceaccount.com";
      expect((await control.denyIdentity(other)).denied).toContain(other);
      expect((await generateAccessToken(other, { scope: SCOPE })).status).toBe(403);
      expect(await control.allowIdentity(other)).toBe(true);
      expect((await generateAccessToken(other, { scope: SCOPE })).status).toBe(200);
      const view = await control.registerToken("control-token-0001", "ctl@example.com");
      expect(JSON.stringify(view)).not.toContain("control-token-0001");
      expect(h.emulator.identities.callerOf("Bearer control-token-0001")).toEqual({ identity: "ctl@example.com" });
      await expect(control.registerToken("", "x@example.com")).rejects.toThrow(/a token must be a non-empty string/);
      expect((await control.listIdentities()).denied).toEqual([DENIED]);
    } finally {
      control.close();
    }
  });
});
