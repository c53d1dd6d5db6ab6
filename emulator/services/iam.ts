// Jobs.GetIamPolicy / SetIamPolicy / TestIamPermissions (google.iam.v1): a table of its own,
// merged into the Jobs service's table by the server. The emulator stores
// policies per job and grants every permission but those it is told to refuse
// (state/permissions.ts; emulator-only: policies are stored, not evaluated).
import { randomBytes } from "node:crypto";
import { aborted, invalidArgument, notFound } from "../base/errors";
import { parseJobName } from "../model/names";
import type { Policy } from "../model/types";
import type { PolicyRecord } from "../state/store";
import { checkLocation, type Core, type RpcTable } from "./context";

interface PolicyMessage {
  version?: number | null;
  bindings?: Array<{ role?: string | null; members?: string[] | null }> | null;
  etag?: Buffer | Uint8Array | string | null;
}

function toMessage(p: PolicyRecord): Policy {
  return { version: p.version, bindings: p.bindings, etag: Buffer.from(p.etag, "base64") };
}

type ResourceRequest = { resource?: string | null };
type SetIamPolicyRequest = ResourceRequest & { policy?: PolicyMessage | null };
type TestIamPermissionsRequest = ResourceRequest & { permissions?: string[] | null };

export class IamPolicies {
  constructor(private readonly core: Core) {}

  private requireJob(resource: string, request: string): void {
    const parsed = parseJobName(resource);
    if (!parsed)
      throw invalidArgument([{ field: "resource", description: "Must be projects/{project}/locations/{location}/jobs/{job}." }], request);
    checkLocation(this.core, parsed);
    if (!this.core.store.jobs.has(resource)) throw notFound(parsed.job, "JOB", parsed.location, parsed.project);
  }

  private current(resource: string): PolicyRecord {
    return this.core.store.policies.get(resource) ?? { version: 1, bindings: [], etag: Buffer.from("ACAB").toString("base64") };
  }

  getIamPolicy(req: ResourceRequest): Policy {
    this.requireJob(req.resource ?? "", "GetIamPolicyRequest");
    return toMessage(this.current(req.resource!));
  }

  setIamPolicy(req: SetIamPolicyRequest): Policy {
    this.requireJob(req.resource ?? "", "SetIamPolicyRequest");
    if (!req.policy) throw invalidArgument([{ field: "policy", description: "The policy is required." }], "SetIamPolicyRequest");
    const current = this.current(req.resource!);
    const sent = req.policy.etag ? Buffer.from(req.policy.etag).toString("base64") : "";
    // An etag that is sent must match (read-modify-write, google.iam.v1 Policy.etag).
    if (sent && sent !== current.etag)
      throw aborted("There were concurrent policy changes. Please retry the whole read-modify-write with exponential backoff.");
    const next: PolicyRecord = {
      version: req.policy.version || 1,
      bindings: (req.policy.bindings ?? []).map((b) => ({ role: b.role ?? "", members: [...(b.members ?? [])] })),
      etag: randomBytes(8).toString("base64"),
    };
    this.core.store.policies.set(req.resource!, next);
    this.core.store.changed();
    return toMessage(next);
  }

  testIamPermissions(req: TestIamPermissionsRequest): { permissions: string[] } {
    this.requireJob(req.resource ?? "", "TestIamPermissionsRequest");
    // The answer is the subset of the asked permissions the caller holds (google.iam.v1).
    return { permissions: (req.permissions ?? []).filter((p) => !this.core.denied.has(p)) };
  }
}

/** The RPC table of this service. */
export function iamRpcs(core: Core): RpcTable {
  const service = new IamPolicies(core);
  return {
    GetIamPolicy: (req: ResourceRequest) => service.getIamPolicy(req),
    SetIamPolicy: (req: SetIamPolicyRequest) => service.setIamPolicy(req),
    TestIamPermissions: (req: TestIamPermissionsRequest) => service.testIamPermissions(req),
  };
}
