// The resource's inputs: the Cloud Run Admin API v1 Job (namespaces.jobs) plus `project` and
// `region`. `checkJobManifest` is the one entry point: schema (schema/v1.ts), cross-field rules
// (validate/), then the canonical form (canonical/). Users never see a stack trace for bad
// input, and values still unknown during a preview never fail it.
import { type CanonicalManifest, canonicalizeJobManifest } from "../canonical";
import type { CheckFailure } from "../failures";
import { withoutEmptyUnsetStrings } from "../schema/empty-strings";
import { jobArgsSchema } from "../schema/v1";
import { validateJobManifest } from "../validate";
import { failuresOf } from "./issues";
import { canonicalizeWithStandIns } from "./stand-ins";

/** Validates raw inputs; returns the canonical manifest, or the failures, each naming its property. */
export function checkJobManifest(given: unknown): { manifest?: CanonicalManifest; failures: CheckFailure[] } {
  // Empty strings gcloud sends for fields it leaves unset (`name: ''`) are the field left out.
  const raw = withoutEmptyUnsetStrings(given);
  const parsed = jobArgsSchema.safeParse(raw);
  if (!parsed.success) {
    const failures = failuresOf(parsed.error.issues, raw);
    if (failures.length) return { failures };
    // Only values still unknown stand in the way: canonicalize around them (stand-ins.ts).
    const manifest = canonicalizeWithStandIns(raw, parsed.error.issues);
    return manifest ? { manifest, failures: [] } : { failures: [] };
  }
  const failures = validateJobManifest(parsed.data);
  if (failures.length) return { failures };
  return { manifest: canonicalizeJobManifest(parsed.data), failures: [] };
}
