// Etags of Cloud Run resources: derived from the value alone, so any holder of a resource can
// recompute it after a change (the store, the runner, the services).
import { createHash } from "node:crypto";

/**
 * An RFC 7232 strong etag computed from the resource's value, so it changes whenever anything
 * in the resource does (AIP-154 "a checksum computed by the server"; docs/cloud-run-facts.md §3.5).
 */
export function computeEtag(resource: object): string {
  const { etag: _ignored, ...rest } = resource as { etag?: unknown };
  const digest = createHash("sha256").update(JSON.stringify(rest)).digest("base64url").slice(0, 22);
  return `"${digest}"`;
}
