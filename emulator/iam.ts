// Jobs.GetIamPolicy / SetIamPolicy / TestIamPermissions (google.iam.v1). The emulator stores
// policies per job and grants every permission (emulator-only: no authentication exists).
import { randomBytes } from "node:crypto";
import type { Core } from "./core";
import { checkLocation } from "./core";
import { aborted, invalidArgument, notFound } from "./errors";
import { parseJobName } from "./names";
import type { PolicyRecord } from "./store";
import type { Policy } from "./types";

interface PolicyMessage {
  version?: number | null;
  bindings?: Array<{ role?: string | null; members?: string[] | null }> | null;
  etag?: Buffer | Uint8Array | string | null;
}

function toMessage(p: PolicyRecord): Policy {
  return { version: p.version, bindings: p.bindings, etag: Buffer.from(p.etag, "base64") };
}

export class IamPolicies {
  constructor(private readonly iamCore: Core) {}

  private requireJob(resource: string, request: string): void {
    const parsed = parseJobName(resource);
    if (!parsed) throw invalidArgument([{ field: "resource", description: "Must be projects/{project}/locations/{location}/jobs/{job}." }], request);
    checkLocation(this.iamCore, parsed);
    if (!this.iamCore.store.jobs.has(resource)) throw notFound(parsed.job, "JOB", parsed.location, parsed.project);
  }

  private current(resource: string): PolicyRecord {
    return this.iamCore.store.policies.get(resource) ?? { version: 1, bindings: [], etag: Buffer.from("ACAB").toString("base64") };
  }

  getIamPolicy(req: { resource?: string | null }): Policy {
    this.requireJob(req.resource ?? "", "GetIamPolicyRequest");
    return toMessage(this.current(req.resource!));
  }

  setIamPolicy(req: { resource?: string | null; policy?: PolicyMessage | null }): Policy {
    this.requireJob(req.resource ?? "", "SetIamPolicyRequest");
    if (!req.policy) throw invalidArgument([{ field: "policy", description: "The policy is required." }], "SetIamPolicyRequest");
    const current = this.current(req.resource!);
    const sent = req.policy.etag ? Buffer.from(req.policy.etag).toString("base64") : "";
    // An etag that is sent must match (read-modify-write, google.iam.v1 Policy.etag).
    if (sent && sent !== current.etag) throw aborted("There were concurrent policy changes. Please retry the whole read-modify-write with exponential backoff.");
    const next: PolicyRecord = {
      version: req.policy.version || 1,
      bindings: (req.policy.bindings ?? []).map((b) => ({ role: b.role ?? "", members: [...(b.members ?? [])] })),
      etag: randomBytes(8).toString("base64"),
    };
    this.iamCore.store.policies.set(req.resource!, next);
    this.iamCore.store.changed();
    return toMessage(next);
  }

  testIamPermissions(req: { resource?: string | null; permissions?: string[] | null }): { permissions: string[] } {
    this.requireJob(req.resource ?? "", "TestIamPermissionsRequest");
    return { permissions: [...(req.permissions ?? [])] };
  }
}
