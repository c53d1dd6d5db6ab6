// The pure side of secretness (provider/core/secrets.ts) and its diff (diff.ts diffResource):
// the paths of secret values, how their change reads, the env names that look secret, and the
// warning, which never quotes a value.
import { describe, expect, it } from "vitest";
import { diffResource } from "../../../provider/core/diff";
import {
  containsOpaque,
  looksLikeSecretName,
  NOT_YET_KNOWN,
  plaintextSecretEnvs,
  plaintextSecretWarning,
  SECRET,
  secretnessChange,
  secretnessLines,
  secretPathsIn,
  secretPathsOf,
  shownPaths,
} from "../../../provider/core/secrets";

const CONTAINER = "spec.template.spec.template.spec.containers[0]";
const withEnv = (env: unknown[], image = "busybox") => ({
  metadata: { name: "job-a", labels: { team: "data" } },
  spec: { template: { spec: { template: { spec: { containers: [{ image, env }] } } } } },
});

describe("secretPathsIn", () => {
  it("gives the sorted dotted paths of SECRET marks, and nothing for a plain tree", () => {
    const tree = {
      ...withEnv([
        { name: "A", value: "a" },
        { name: "B", value: SECRET },
      ]),
      metadata: { labels: SECRET },
    };
    expect(secretPathsIn(tree)).toEqual(["metadata.labels", `${CONTAINER}.env[1].value`]);
    expect(secretPathsIn(withEnv([{ name: "A", value: "a" }]))).toEqual([]);
  });

  it("a secret at the root is the empty path", () => {
    expect(secretPathsIn(SECRET)).toEqual([""]);
  });
});

describe("containsOpaque", () => {
  it("finds a value to resolve at any depth, and stops at none in a plain manifest", () => {
    const opaque = (v: unknown) => v instanceof Promise;
    expect(containsOpaque(withEnv([{ name: "A", value: Promise.resolve("a") }]), opaque)).toBe(true);
    expect(containsOpaque(withEnv([{ name: "A", value: "a" }]), opaque)).toBe(false);
  });
});

describe("secretness of the inputs and outputs", () => {
  it("reads `__secretPaths` as the engine hands it back: missing or malformed is none", () => {
    expect(secretPathsOf(undefined)).toEqual([]);
    expect(secretPathsOf("x")).toEqual([]);
    expect(secretPathsOf(["b", "a", 3, "a"])).toEqual(["a", "b"]);
  });

  it("tells which paths became secret and which stopped being", () => {
    expect(secretnessChange(undefined, ["a"])).toEqual({ became: ["a"], stopped: [] });
    expect(secretnessChange(["a", "b"], ["b", "c"])).toEqual({ became: ["c"], stopped: ["a"] });
    expect(secretnessChange(undefined, [])).toEqual({ became: [], stopped: [] });
  });

  it("says what the update is for, with paths only", () => {
    expect(secretnessLines({ became: [`${CONTAINER}.env[1].value`], stopped: [] })).toEqual([
      `secret-ness changed for ${CONTAINER}.env[1].value: now secret; up rewrites the state so no plaintext of it remains`,
    ]);
    expect(secretnessLines({ became: [], stopped: ["a", "b"] })).toEqual([
      "secret-ness changed for a, b: no longer secret; up rewrites the state with them in plaintext",
    ]);
    expect(secretnessLines({ became: [], stopped: [] })).toEqual([]);
  });

  it("cuts a changed path back to the secret it lies in", () => {
    expect(shownPaths(["metadata.labels.k1", "metadata.labels.k2", `${CONTAINER}.image`], ["metadata.labels"])).toEqual([
      "metadata.labels",
      `${CONTAINER}.image`,
    ]);
    // A sibling whose name starts like the secret's is not under it.
    expect(shownPaths(["metadata.labelsX"], ["metadata.labels"])).toEqual(["metadata.labelsX"]);
  });
});

describe("diffResource", () => {
  const applied = { project: "p", region: "r", name: "job-a", ...withEnv([{ name: "DB_PASSWORD", value: "x" }]) };
  const path = `${CONTAINER}.env[0].value`;

  it("a change of secretness alone is a change, never a replacement", () => {
    const d = diffResource(applied, applied, [], { olds: undefined, news: [path] });
    expect(d).toMatchObject({ changes: true, replaces: [], deleteBeforeReplace: false, paths: [], tokens: [] });
    expect(d.secretness).toEqual({ became: [path], stopped: [] });
    const back = diffResource(applied, applied, [], { olds: [path], news: [] });
    expect(back).toMatchObject({ changes: true, replaces: [], paths: [] });
    expect(back.secretness).toEqual({ became: [], stopped: [path] });
  });

  it("a state written before `__secretPaths` existed has no diff against an empty list (or none)", () => {
    expect(diffResource(applied, applied, [], { olds: undefined, news: [] }).changes).toBe(false);
    expect(diffResource(applied, applied).changes).toBe(false);
    expect(diffResource(applied, applied, [], { olds: [path], news: [path] }).changes).toBe(false);
  });

  it("keeps diffJob's answer for the manifest", () => {
    const news = { ...applied, ...withEnv([{ name: "DB_PASSWORD", value: "x" }], "alpine") };
    const d = diffResource(applied, news, [], { olds: [path], news: [path] });
    expect(d.changes).toBe(true);
    expect(d.paths).toEqual([`${CONTAINER}.image`]);
  });
});

describe("looksLikeSecretName", () => {
  it.each([
    "DB_PASSWORD",
    "db_password",
    "dbPassword",
    "MYSQL_PASSWD",
    "DBPASSWORD",
    "GITHUB_TOKEN",
    "AUTHTOKEN",
    "CLIENT_SECRET",
    "SECRET_KEY_BASE",
    "API_KEY",
    "APIKEY",
    "apiKey",
    "STRIPE_SECRET_KEY",
    "PRIVATE_KEY",
    "GOOGLE_APPLICATION_CREDENTIALS",
    "AWS_SECRET_ACCESS_KEY",
    "SERVICE_CREDENTIAL",
    "ENCRYPTION_KEY",
  ])("%s looks secret", (name) => {
    expect(looksLikeSecretName(name)).toBe(true);
  });

  it.each([
    "MODE",
    "PATH",
    "KEYCLOAK_URL",
    "KEYSPACE",
    "AWS_ACCESS_KEY_ID",
    "KEY_ID",
    "PRIVATE_KEY_ID",
    "SECRET_NAME",
    "SECRET_ID",
    "SECRET_VERSION",
    "PASSWORD_FILE",
    "DB_PASSWORD_PATH",
    "TOKEN_URL",
    "TOKEN_TTL",
    "PUBLIC_KEY",
    "PUBLICKEY",
    "PRIVATE_IP",
    "PASSWORD_MIN_LENGTH",
    "KMS_KEY_NAME",
    "",
    "_",
  ])("%s does not", (name) => {
    expect(looksLikeSecretName(name)).toBe(false);
  });
});

describe("plaintextSecretEnvs and the warning", () => {
  it("finds env vars that look secret with a plaintext value, and their paths", () => {
    const tree = withEnv([
      { name: "DB_PASSWORD", value: "hunter2" },
      { name: "MODE", value: "batch" },
      { name: "API_KEY", value: SECRET },
      { name: "GITHUB_TOKEN", valueFrom: { secretKeyRef: { name: "gh", key: "latest" } } },
      { name: "STRIPE_SECRET_KEY", value: NOT_YET_KNOWN },
      { name: "GOOGLE_APPLICATION_CREDENTIALS", value: "/secrets/sa.json" },
      { name: "EMPTY_TOKEN", value: "" },
    ]);
    expect(plaintextSecretEnvs(tree)).toEqual([
      { name: "DB_PASSWORD", path: `${CONTAINER}.env[0]` },
      { name: "STRIPE_SECRET_KEY", path: `${CONTAINER}.env[4]` },
    ]);
  });

  it("names the env var and its container, says how to use Secret Manager or pulumi.secret, never the value", () => {
    const found = plaintextSecretEnvs(withEnv([{ name: "DB_PASSWORD", value: "hunter2" }]));
    const message = plaintextSecretWarning(found)!;
    expect(message).toBe(
      `env DB_PASSWORD (${CONTAINER}.env[0]) looks like a secret but its value is plaintext: stored unencrypted in the state and shown in diffs. ` +
        `Keep it in Secret Manager and reference it: { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "<secret>", key: "latest" } } } ` +
        "(the job's service account needs roles/secretmanager.secretAccessor), or wrap the value in pulumi.secret(...) so the state encrypts it.",
    );
    expect(message).not.toContain("hunter2");
    expect(plaintextSecretWarning([])).toBeUndefined();
    const two = plaintextSecretWarning([
      { name: "A_TOKEN", path: "x" },
      { name: "B_TOKEN", path: "y" },
    ])!;
    expect(two).toMatch(/^env A_TOKEN \(x\), B_TOKEN \(y\) look like secrets but their values are plaintext/);
  });
});
