// check and diff of a JobRun, pure: the inputs validated against the schema (each failure names
// its property), and which changes are a new run (a replacement) and which only change how `up`
// waits.
import { failuresOf } from "../check/issues";
import type { CheckFailure } from "../failures";
import { secretPathsOf } from "../secrets";
import { isUnknown } from "../unknown";
import { canonicalJson } from "./key";
import { jobRunInputsSchema } from "./schema";

type Props = Record<string, unknown>;

/** Set by the JobRun class: which resource this is, `<stack>::<project>::<name>` (part of the run's key). */
export const RUN_OWNER = "__owner";
/** The serialized provider the engine adds to every dynamic resource's inputs and outputs. */
export const RUN_PROVIDER = "__provider";
/** Set by the JobRun class: the paths of secret values (core/secrets.ts). */
export const RUN_SECRET_PATHS = "__secretPaths";
const HIDDEN = [RUN_OWNER, RUN_PROVIDER, RUN_SECRET_PATHS];

/** The inputs that define the run: a change of any of them is a new run. */
export const RUN_DEFINING = ["job", "overrides", "triggers"] as const;
/** The inputs that only say how `up` waits and reports: an update that runs nothing. */
export const RUN_SETTINGS = ["wait", "waitTimeoutSeconds", "cancelOnDelete", "logLines", "streamLogs"] as const;

export interface CheckedRun {
  inputs: Props;
  failures: CheckFailure[];
}

/** The inputs as the engine keeps them: validated, and normalized as the schema reads them. */
export function checkRun(news: Props): CheckedRun {
  const visible = Object.fromEntries(Object.entries(news).filter(([k]) => !HIDDEN.includes(k)));
  // A value not known yet (a preview, before the Job exists) is checked once it is known.
  const parsed = jobRunInputsSchema.safeParse(visible);
  const failures = parsed.success ? [] : failuresOf(parsed.error.issues, visible, jobRunInputsSchema);
  if (failures.length || !parsed.success) return { inputs: news, failures };
  const inputs: Props = { ...news };
  // A timeout given as "600" is kept as 600.
  for (const [k, v] of Object.entries(parsed.data)) if (v !== undefined && !isUnknown(news[k])) inputs[k] = v;
  return { inputs, failures: [] };
}

/**
 * What differs, in the dynamic provider's terms: replaces for a new run, changes for the rest. A
 * change of which values are secret alone is an update (nothing runs): the engine writes the
 * outputs again only then, encrypted as the inputs now are (core/secrets.ts, as for a Job).
 */
export function diffRun(olds: Props, news: Props): { changes: boolean; replaces: string[] } {
  const replaces = RUN_DEFINING.filter((k) => isUnknown(news[k]) || canonicalJson(olds[k]) !== canonicalJson(news[k]));
  const settings = RUN_SETTINGS.filter((k) => canonicalJson(olds[k]) !== canonicalJson(news[k]));
  const secretness = canonicalJson(secretPathsOf(olds[RUN_SECRET_PATHS])) !== canonicalJson(secretPathsOf(news[RUN_SECRET_PATHS]));
  return { changes: replaces.length > 0 || settings.length > 0 || secretness, replaces: [...replaces] };
}
