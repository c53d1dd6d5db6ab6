// Who the provider calls as (issue 31): the credentials @pulumi/gcp's stack config keys and
// environment variables name, against the in-process emulator, which reads the caller from each
// call's bearer token and writes it where Cloud Run does (the job's creator and last modifier,
// v1's run.googleapis.com/creator annotation). Through the provider as the engine drives it
// (configure, then check/create/diff/update, EngineDouble), over gRPC and REST; nothing may
// leave the machine, and no credential may show in a message or a log line.
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { EMULATOR_PRINCIPAL, opaqueIdentityOf, startEmulator, type RunningEmulator } from "../../../emulator";
import { closeClients, endpointFromEnv, type Transport } from "../../../provider/cloud/clients";
import { Gateway } from "../../../provider/cloud/gateway";
import { createProvider, type JobProvider } from "../../../provider/provider";
import { manifest } from "../../e2e/corpus";
import { EngineDouble } from "./engine-double";

const PROJECT = "creds-project";
const REGION = "europe-west1";
const DEPLOYER = "deployer@creds-project.iam.gserviceaccount.com";
const KEY_ACCOUNT = "ci-key@creds-project.iam.gserviceaccount.com";
const TOKEN = "ya29.a0AfB_byC-given-directly-0123456789";

const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});
const KEY = {
  type: "service_account",
  project_id: PROJECT,
  private_key_id: "0123456789abcdef0123456789abcdef01234567",
  private_key: privateKey,
  client_email: KEY_ACCOUNT,
  client_id: "123456789012345678901",
  token_uri: "https://oauth2.googleapis.com/token",
};
const keyDir = mkdtempSync(path.join(tmpdir(), "creds-test-"));
const KEY_PATH = path.join(keyDir, "key.json");
writeFileSync(KEY_PATH, JSON.stringify(KEY, null, 2));
/** The strings that must never appear in a message: the token, the private key (raw and as JSON text), the key id. */
const SECRETS = [TOKEN, privateKey, JSON.stringify(privateKey).slice(1, -1), privateKey.split("\n")[1]!, KEY.private_key_id];

let emulator: RunningEmulator;
const lines: string[] = [];

/** Every TCP connection this process opens, by host: nothing but the emulator (127.0.0.1) may be one. */
const connectedTo = new Set<string>();
const originalConnect = net.Socket.prototype.connect;

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, taskDurationMs: 20, deniedIdentities: ["refused@creds-project.iam.gserviceaccount.com"] });
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    const [first] = args as [unknown];
    const options = (Array.isArray(first) ? first[0] : first) as { host?: string; path?: string } | number | string;
    const host =
      typeof options === "object" && options !== null
        ? (options.host ?? (options.path ? "unix" : "localhost"))
        : typeof args[1] === "string"
          ? args[1]
          : "localhost";
    connectedTo.add(host);
    return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof net.Socket.prototype.connect;
});
afterAll(async () => {
  net.Socket.prototype.connect = originalConnect;
  await closeClients();
  await emulator?.stop();
});
afterEach(() => {
  // No credential in any line the provider wrote.
  for (const line of lines) for (const secret of SECRETS) expect(line).not.toContain(secret);
});

/** The provider as the engine loads it, configured with this stack config and environment. */
async function providerWith(
  config: Record<string, unknown>,
  env: Record<string, string> = {},
  transport: Transport = "grpc",
): Promise<JobProvider> {
  const fullEnv = { CLOUD_RUN_EMULATOR_HOST: emulator.address, CLOUD_RUN_TRANSPORT: transport, ...env };
  const provider = createProvider((cfg, log) => new Gateway(endpointFromEnv(fullEnv, cfg), { onRetry: (r) => log(String(r.rpc)) }), {
    env: fullEnv,
    log: (line) => lines.push(line),
  });
  const stack: Record<string, unknown> = { "gcp:project": PROJECT, "gcp:region": REGION, ...config };
  await provider.configure({ config: { get: (k: string) => stack[k] } } as never);
  return provider;
}

const program = (name: string, labels?: Record<string, string>) => () => ({
  ...manifest(name, labels ? { metadata: { labels } } : {}),
  __owner: `dev::creds::${name}`,
});

const jobName = (name: string) => `projects/${PROJECT}/locations/${REGION}/jobs/${name}`;
const storedJob = (name: string) => emulator.store.jobs.get(jobName(name))?.job;

/** The job as v1 answers it (GET …/namespaces/{ns}/jobs/{name}), as gcloud reads it. */
async function v1Job(name: string): Promise<{ metadata: { annotations: Record<string, string>; labels: Record<string, string> } }> {
  const response = await fetch(`http://${emulator.address}/apis/run.googleapis.com/v1/namespaces/${PROJECT}/jobs/${name}`, {
    headers: { host: `${REGION}-run.googleapis.com` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as never;
}

describe.each(["grpc", "rest"] as const)("over %s", (transport) => {
  it("with gcp:impersonateServiceAccount, the job's creator and last modifier are that account (v2 and v1)", async () => {
    const before = emulator.calls.count("GenerateAccessToken");
    const provider = await providerWith({ "gcp:impersonateServiceAccount": DEPLOYER }, {}, transport);
    const name = `impersonated-${transport}`;
    const engine = new EngineDouble(provider, program(name));
    await engine.up();
    expect(storedJob(name)?.creator).toBe(DEPLOYER);
    expect(storedJob(name)?.lastModifier).toBe(DEPLOYER);
    const v1 = await v1Job(name);
    expect(v1.metadata.annotations["run.googleapis.com/creator"]).toBe(DEPLOYER);
    expect(v1.metadata.annotations["run.googleapis.com/lastModifier"]).toBe(DEPLOYER);
    // Minted by the emulator's IAM Credentials once per process (the REST run reuses the gRPC run's token).
    expect(emulator.calls.count("GenerateAccessToken") - before).toBe(transport === "grpc" ? 1 : 0);
  });

  it("with a service account key (gcp:credentials, a path), the job's creator is the key's client_email", async () => {
    const provider = await providerWith({ "gcp:credentials": KEY_PATH }, {}, transport);
    const name = `keyed-${transport}`;
    await new EngineDouble(provider, program(name)).up();
    expect(storedJob(name)?.creator).toBe(KEY_ACCOUNT);
  });

  it("with gcp:accessToken, the job's creator is the identity the emulator knows the token by", async () => {
    emulator.identities.register(TOKEN, "someone@example.com");
    const provider = await providerWith({ "gcp:accessToken": TOKEN }, {}, transport);
    const name = `token-${transport}`;
    await new EngineDouble(provider, program(name)).up();
    expect(storedJob(name)?.creator).toBe("someone@example.com");
  });
});

describe("who calls", () => {
  it("a token the emulator was not told of stands for an opaque identity derived from it, never the token", async () => {
    const token = "ya29.some-token-from-elsewhere-0123456789";
    const provider = await providerWith({ "gcp:accessToken": token });
    await new EngineDouble(provider, program("opaque-token")).up();
    expect(storedJob("opaque-token")?.creator).toBe(opaqueIdentityOf(token));
    expect(storedJob("opaque-token")?.creator).not.toContain(token);
  });

  it("a key file given as GOOGLE_CREDENTIALS contents, impersonating: the account impersonated is the creator", async () => {
    const provider = await providerWith({ "gcp:impersonateServiceAccount": DEPLOYER }, { GOOGLE_CREDENTIALS: JSON.stringify(KEY) });
    await new EngineDouble(provider, program("key-then-impersonate")).up();
    expect(storedJob("key-then-impersonate")?.creator).toBe(DEPLOYER);
  });

  it("without credentials, the emulator's own principal, as before", async () => {
    const provider = await providerWith({});
    await new EngineDouble(provider, program("anonymous")).up();
    expect(storedJob("anonymous")?.creator).toBe(EMULATOR_PRINCIPAL);
  });

  it("another identity's update changes the last modifier, not the creator", async () => {
    const first = await providerWith({ "gcp:impersonateServiceAccount": DEPLOYER });
    const engine = new EngineDouble(first, program("two-hands", { team: "a" }));
    await engine.up();
    const second = await providerWith({ "gcp:credentials": KEY_PATH });
    const again = new EngineDouble(second, program("two-hands", { team: "b" }));
    again.state = engine.state;
    await again.up();
    expect(storedJob("two-hands")?.creator).toBe(DEPLOYER);
    expect(storedJob("two-hands")?.lastModifier).toBe(KEY_ACCOUNT);
  });

  it("nothing reaches Google: every connection this file opened went to the emulator", () => {
    expect([...connectedTo].filter((host) => host !== "127.0.0.1" && host !== "localhost" && host !== "unix")).toEqual([]);
  });
});

describe("a refused impersonation", () => {
  const REFUSED = "refused@creds-project.iam.gserviceaccount.com";

  it.each(["grpc", "rest"] as const)("fails up over %s naming the account and what to grant, before the job exists", async (transport) => {
    const provider = await providerWith({ "gcp:impersonateServiceAccount": REFUSED, "gcp:accessToken": TOKEN }, {}, transport);
    const name = `refused-${transport}`;
    const error = await new EngineDouble(provider, program(name)).up().then(
      () => undefined,
      (err: Error) => err,
    );
    expect(error?.message).toBe(
      `create job ${name}: cannot impersonate ${REFUSED} (gcp:impersonateServiceAccount) as the access token in gcp:accessToken: ` +
        "Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist). (PERMISSION_DENIED). " +
        `grant the deploying identity roles/iam.serviceAccountTokenCreator on the service account ${REFUSED} ` +
        `(\`gcloud iam service-accounts add-iam-policy-binding ${REFUSED} --member=<the deploying identity> --role=roles/iam.serviceAccountTokenCreator\`), ` +
        "or set gcp:impersonateServiceAccount to an account it may impersonate",
    );
    for (const secret of SECRETS) expect(error?.message).not.toContain(secret);
    expect(storedJob(name)).toBeUndefined();
  });

  it("without credentials, names the emulator's default caller as the one refused", async () => {
    const provider = await providerWith({ "gcp:impersonateServiceAccount": REFUSED });
    await expect(new EngineDouble(provider, program("refused-anonymous")).up()).rejects.toThrow(
      `create job refused-anonymous: cannot impersonate ${REFUSED} (gcp:impersonateServiceAccount) as the emulator's default caller (no credentials set): Permission`,
    );
  });
});

describe("gcp:defaultLabels", () => {
  it("land on the job under its own labels (a job label wins), and no preview shows them as a change", async () => {
    const provider = await providerWith({ "gcp:defaultLabels": JSON.stringify({ team: "platform", env: "dev" }) });
    const engine = new EngineDouble(provider, program("labelled", { env: "prod", app: "migrate" }));
    await engine.up();
    expect(storedJob("labelled")?.labels).toEqual({ team: "platform", env: "prod", app: "migrate" });
    expect((await v1Job("labelled")).metadata.labels).toMatchObject({ team: "platform", env: "prod", app: "migrate" });
    expect((await engine.preview()).changes).toBe(false);
    expect(await engine.refreshShowsNoChanges()).toBe(true);
    await engine.up();
    expect((await engine.preview()).changes).toBe(false);
  });

  it("a map and a list the engine sends as they are (not as JSON text) read the same", async () => {
    const provider = await providerWith({
      "gcp:defaultLabels": { team: "objects" },
      "gcp:impersonateServiceAccount": DEPLOYER,
      "gcp:impersonateServiceAccountDelegates": ["delegate@creds-project.iam.gserviceaccount.com"],
    });
    await new EngineDouble(provider, program("as-objects")).up();
    expect(storedJob("as-objects")).toMatchObject({ labels: { team: "objects" }, creator: DEPLOYER });
  });

  it("a changed default label is an update of the job's labels, and then no change again", async () => {
    const first = await providerWith({ "gcp:defaultLabels": JSON.stringify({ team: "platform" }) });
    const engine = new EngineDouble(first, program("relabelled"));
    await engine.up();
    const second = await providerWith({ "gcp:defaultLabels": JSON.stringify({ team: "data" }) });
    const again = new EngineDouble(second, program("relabelled"));
    again.state = engine.state;
    expect((await again.preview()).changes).toBe(true);
    await again.up();
    expect(storedJob("relabelled")?.labels).toEqual({ team: "data" });
    expect(await again.refreshShowsNoChanges()).toBe(true);
  });
});

describe("configure refuses what it cannot use, before any call", () => {
  it.each([
    [{ "gcp:credentials": "/nowhere/key.json" }, /^gcp:credentials: no file at "\/nowhere\/key\.json"\. Set it to the path of a key file/],
    [{ "gcp:impersonateServiceAccount": "deployer" }, /^gcp:impersonateServiceAccount: "deployer" is not a service account's email/],
    [{ "gcp:defaultLabels": JSON.stringify({ Team: "x" }) }, /^gcp:defaultLabels\.Team: `Team` is not a Google Cloud label key/],
  ])("%j", async (config, message) => {
    const calls = emulator.calls.count("*");
    await expect(providerWith(config)).rejects.toThrow(message);
    expect(emulator.calls.count("*")).toBe(calls);
  });
});
