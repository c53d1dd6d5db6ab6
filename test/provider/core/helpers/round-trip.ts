// The round trip the provider relies on: a canonical manifest, sent as v2, echoed by the server
// with its defaults and output-only fields, read back as v1 and checked again, means the same.
import { fromApiJob, toApiJob } from "../../../../provider/core/mapping";
import type { CanonicalManifest as JobManifest } from "../../../../provider/core/canonical";
import { checkJobManifest } from "../../../../provider/core/check";
import { serverEcho } from "./server-echo";

/** The parts of a canonical manifest a live job describes (no name, location or tokens). */
export function describedParts(m: JobManifest | undefined): unknown {
  if (!m) return undefined;
  const { startExecutionToken: _s, runExecutionToken: _r, ...spec } = m.spec;
  return {
    ...(m.metadata?.labels ? { labels: m.metadata.labels } : {}),
    ...(m.metadata?.annotations ? { annotations: m.metadata.annotations } : {}),
    spec,
  };
}

export function roundTrip(m: JobManifest, options: { zeroValues?: boolean } = {}) {
  const api = toApiJob(m);
  const back = fromApiJob(serverEcho(api, options));
  return { api, back, checked: checkJobManifest(back) };
}
