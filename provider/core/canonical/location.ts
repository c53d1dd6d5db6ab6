// Where a manifest says its job lives, read before the stack's config is consulted and before the
// canonical form hoists it (manifest.ts): check needs it to resolve project and region first.
import { LOCATION_LABEL } from "../annotations";
import type { Location } from "../annotation-rules";

/** Where the manifest says the job lives, before stack config is consulted. */
export function locationHints(raw: unknown): Location {
  const m = (raw ?? {}) as { project?: unknown; region?: unknown; metadata?: { namespace?: unknown; labels?: unknown } };
  const labels = (m.metadata?.labels ?? {}) as Record<string, unknown>;
  const project = typeof m.project === "string" ? m.project : typeof m.metadata?.namespace === "string" ? m.metadata.namespace : undefined;
  const region =
    typeof m.region === "string" ? m.region : typeof labels[LOCATION_LABEL] === "string" ? (labels[LOCATION_LABEL] as string) : undefined;
  return { ...(project !== undefined ? { project } : {}), ...(region !== undefined ? { region } : {}) };
}
