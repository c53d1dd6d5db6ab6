// The resource's inputs as the engine holds them (a plain property bag) and as the provider
// reads them (typed JobInputs): the keys the provider keeps for itself, the inputs that
// describe a live job, and the inputs recovered from a state's outputs. Pure.
import type { ApiJob } from "./api";
import { diffJob, nameIsFixed } from "./diff";
import { type ExecutionToken, tokenOf, DEFAULT_WAIT_TIMEOUT_SECONDS } from "./executions";
import { DEFAULT_LOG_LINES } from "./log-lines";
import { type CanonicalManifest, canonicalizeJobManifest } from "./canonical";
import { v1FromApiJob } from "./mapping";
import { jobPath, parseJobPath } from "./names";
import type { AppliedInputs } from "./outputs";
import { isAutonameOf } from "./autoname";
import { logicalNameOfOwner, withoutOwner } from "./ownership";

/** A property bag as the engine sends it. */
export type Props = Record<string, unknown>;

/**
 * Inputs the provider keeps for itself; never shown in diffs (`__` keys are hidden). The
 * logical name (the base of autonames) is read from the owner the Job class sends; check
 * stores it under its own key.
 */
export const LOGICAL_NAME = "__logicalName";
/** Set by the Job class from the `import` resource option: adopt this job on create. */
export const ADOPT = "__adopt";
/** Set by the Job class: which resource owns the job (ownership.ts). */
export const OWNER = "__owner";
/** Set by the Job class from the `replaceOnChanges` resource option (see diff.ts). */
export const REPLACE_ON = "__replaceOnChanges";
/**
 * Set by check when it drew the job's name (no `metadata.name`): the outputs always carry the
 * name in `metadata.name`, so a refresh needs this mark to give the inputs back without it
 * (a `metadata.name` in the inputs would make the name look fixed, and the next check would
 * draw another one: a replacement nobody asked for).
 */
export const AUTONAMED = "__autonamed";
/**
 * Set by the Job class: the sorted property paths whose values the program marked secret.
 * Secrets reach a dynamic provider as plain values, so this list is the only way for it to
 * see that a value became (or stopped being) secret; a change of it is an update, which makes
 * the engine write the outputs again, encrypted (secrets.ts).
 */
export const SECRET_PATHS = "__secretPaths";
/**
 * Set by check when `metadata.namespace` is a project number and the stack names its project by
 * id (placement.ts): `up` verifies that the number is that project's before any change.
 */
export const PROJECT_NUMBER = "__projectNumber";
/**
 * Set by the Job class when there is more than the owner to tell the resource from another of
 * the same `<stack>::<project>::<name>`: the organization and the parent's URN. Part of the
 * autoname's seed only (autoname.ts); never a diff.
 */
export const NAME_SEED = "__nameSeed";
/** The serialized provider the engine adds to every dynamic resource's inputs and outputs. */
export const PROVIDER = "__provider";
const HIDDEN_KEYS = new Set([PROVIDER, LOGICAL_NAME, ADOPT, OWNER, REPLACE_ON, AUTONAMED, SECRET_PATHS, PROJECT_NUMBER, NAME_SEED]);
/** How long `up` waits for a token's execution; not part of the manifest, never a diff. */
export const WAIT = "waitTimeoutSeconds";
/**
 * The owner (`<stack>::<project>::<resource>`, as the job's owner annotation names it) whose job
 * this resource may take over when it adopts or finds one; not part of the manifest, never a diff.
 */
export const TAKE_OWNERSHIP = "takeOwnershipFrom";
/**
 * How many of each failed task's last log lines a failed run's error shows (log-lines.ts;
 * default 20, 0 for none); not part of the manifest, never a diff.
 */
export const LOG_LINES = "logLines";
/** Whether `up` prints the tasks' log lines while it waits for a run; not part of the manifest, never a diff. */
export const STREAM_LOGS = "streamLogs";
/** Keys of the inputs that are not the v1 manifest. */
const NOT_MANIFEST = new Set([...HIDDEN_KEYS, "name", WAIT, TAKE_OWNERSHIP, LOG_LINES, STREAM_LOGS]);

/** Checked inputs, read: what reconcile works with. */
export interface JobInputs {
  /** The inputs as check returned them; outputs repeat them (outputs.ts). */
  readonly props: AppliedInputs;
  /** `projects/{project}/locations/{region}/jobs/{name}`: the resource's id. */
  readonly id: string;
  readonly name: string;
  readonly project: string;
  readonly region: string;
  /** The canonical manifest check made, as mapping/to-api.ts sends it. */
  readonly manifest: CanonicalManifest;
  /** The token the manifest carries, if any. */
  readonly token: ExecutionToken | undefined;
  /** The owner annotation's value (ownership.ts), when the Job class sent one. */
  readonly owner: string | undefined;
  /** The id the `import` resource option names, when there is one. */
  readonly adopt: string | undefined;
  /** The owner whose job this resource may take over (`takeOwnershipFrom`). */
  readonly takeOwnershipFrom: string | undefined;
  /** The manifest's namespace, when it is a project number to verify as the project's (placement.ts). */
  readonly projectNumber: string | undefined;
  /** Paths of the `replaceOnChanges` resource option. */
  readonly replaceOnChanges: readonly string[];
  /** How long `up` waits for a token's execution, in seconds. */
  readonly waitSeconds: number;
  /** How many of each failed task's last log lines a failed run's error shows (0: none, no Logging call). */
  readonly logLines: number;
  /** Whether `up` prints the tasks' log lines while it waits for a run. */
  readonly streamLogs: boolean;
  /** The serialized provider, which a partial failure's properties must carry on. */
  readonly provider: unknown;
}

const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** Inputs as applied: where the job lives and its name, as the outputs repeat them (outputs.ts). */
export function appliedInputsOf(props: Props): AppliedInputs {
  return { ...props, project: String(props.project), region: String(props.region), name: String(props.name) };
}

/** Reads inputs that passed check (the engine hands back exactly what check returned). */
export function decodeInputs(props: Props): JobInputs {
  const applied = appliedInputsOf(props);
  return {
    props: applied,
    id: jobPath(applied.project, applied.region, applied.name),
    name: applied.name,
    project: applied.project,
    region: applied.region,
    manifest: checkedManifestOf(props, applied),
    token: tokenOf(props.spec),
    owner: text(props[OWNER]),
    adopt: props[ADOPT] === undefined ? undefined : String(props[ADOPT]),
    takeOwnershipFrom: text(props[TAKE_OWNERSHIP]),
    projectNumber: text(props[PROJECT_NUMBER]),
    replaceOnChanges: replaceOnChangesOf(props),
    waitSeconds: typeof props[WAIT] === "number" ? props[WAIT] : DEFAULT_WAIT_TIMEOUT_SECONDS,
    logLines: typeof props[LOG_LINES] === "number" ? props[LOG_LINES] : DEFAULT_LOG_LINES,
    streamLogs: props[STREAM_LOGS] === true,
    provider: props[PROVIDER],
  };
}

/**
 * The canonical manifest check put into the inputs. The engine hands check's inputs back as they
 * were (through its property bags, which keep no types), so this names them again rather than
 * putting them in canonical form a second time: the one place inputs become a CanonicalManifest.
 */
function checkedManifestOf(props: Props, where: { project: string; region: string }): CanonicalManifest {
  return { metadata: props.metadata, spec: props.spec, project: where.project, region: where.region } as CanonicalManifest;
}

export function replaceOnChangesOf(props: Props): string[] {
  const paths = props[REPLACE_ON];
  return Array.isArray(paths) ? paths.filter((p): p is string => typeof p === "string") : [];
}

/** What update needs to know of the state it replaces: the etag and generation last read. */
export interface LastRead {
  etag: string;
  generation: number;
}

export function lastReadOf(olds: Props): LastRead {
  const metadata = (olds.metadata ?? {}) as Props;
  return { etag: String(metadata.resourceVersion ?? ""), generation: Number(metadata.generation ?? 0) };
}

/** The v1 manifest part of raw inputs: everything but the provider's own keys, `name` and the wait. */
export function manifestPart(props: Props): Props {
  return Object.fromEntries(Object.entries(props).filter(([k]) => !NOT_MANIFEST.has(k)));
}

/** The resource's logical name: stored by check, else carried by the owner (ownership.ts). */
export function logicalNameOf(props: Props): string | undefined {
  const stored = text(props[LOGICAL_NAME]);
  if (stored !== undefined) return stored;
  const owner = text(props[OWNER]);
  return owner === undefined ? undefined : logicalNameOfOwner(owner);
}

/**
 * The inputs that describe a live job, in the canonical form check produces, so a refresh of
 * an unchanged job yields exactly the inputs the program gives (no diff), and a drifted job
 * yields inputs whose diff against the program is the drift. Tokens are not in the server's
 * answer once anything else ran the job, so the last applied ones are kept. The job read back
 * (its faithful v1 spelling, typed by mapping/from-api.ts) is put in canonical form once, with the
 * name, tokens and location the state holds; it is not parsed or validated again: a job changed
 * outside Pulumi into something check refuses still reads back as what it is, and the next check
 * of the program's inputs says what is wrong.
 */
export function liveInputs(previous: Props, live: ApiJob): Props {
  const described = v1FromApiJob(live);
  const prevMeta = (previous.metadata ?? {}) as Props;
  const prevSpec = (previous.spec ?? {}) as Props;
  const name = text(prevMeta.name);
  const startExecutionToken = text(prevSpec.startExecutionToken);
  const runExecutionToken = text(prevSpec.runExecutionToken);
  const project = text(previous.project);
  const region = text(previous.region);
  const manifest = canonicalizeJobManifest({
    ...(project !== undefined ? { project } : {}),
    ...(region !== undefined ? { region } : {}),
    metadata: {
      ...(name !== undefined ? { name } : {}),
      labels: described.metadata?.labels,
      annotations: withoutOwner(described.metadata?.annotations),
    },
    spec: {
      ...described.spec,
      ...(startExecutionToken !== undefined ? { startExecutionToken } : {}),
      ...(runExecutionToken !== undefined ? { runExecutionToken } : {}),
    },
  });
  return { ...manifest, project: previous.project, region: previous.region, name: previous.name };
}

/** The inputs a state's outputs imply, where the job lives taken from the id when they lack it. */
export function previousInputsOf(id: string, outputs: Props): Props {
  const { status: _s, schemaVersion: _v, [PROVIDER]: _p, ...rest } = outputs;
  const metadata = (rest.metadata ?? {}) as Props;
  const { uid: _u, generation: _g, resourceVersion: _r, creationTimestamp: _c, namespace: _n, ...userMeta } = metadata;
  // The outputs always name the job in `metadata.name`; the inputs did only when the program did.
  if (wasAutonamed(outputs)) delete userMeta.name;
  const where = parseJobPath(id);
  return {
    ...rest,
    metadata: userMeta,
    project: outputs.project ?? where?.project,
    region: outputs.region ?? where?.region,
    name: outputs.name ?? where?.name,
  };
}

/**
 * Whether check drew the job's name, from inputs or outputs. States written before the
 * AUTONAMED mark: inputs without `metadata.name` (the program gave none), or a name of the
 * shape of the logical name's autoname (outputs always name the job, and inputs did after a
 * refresh by those versions).
 */
export function wasAutonamed(state: Props): boolean {
  if (state[AUTONAMED] !== undefined) return state[AUTONAMED] === true;
  if (typeof state.name !== "string") return false;
  if (!nameIsFixed(state)) return true;
  const logical = logicalNameOf(state);
  return logical !== undefined && isAutonameOf(state.name, logical);
}

/** The keys read carries over from the state into the inputs it returns. */
export const KEPT_ON_READ = [
  LOGICAL_NAME,
  OWNER,
  AUTONAMED,
  SECRET_PATHS,
  WAIT,
  TAKE_OWNERSHIP,
  REPLACE_ON,
  PROJECT_NUMBER,
  LOG_LINES,
  STREAM_LOGS,
] as const;

function withoutTokens(spec: unknown): Props {
  const { startExecutionToken: _s, runExecutionToken: _r, ...rest } = (spec ?? {}) as Props;
  return rest;
}

/** True when the live job already says what the inputs say (tokens aside). */
export function matchesLive(inputs: Props, live: ApiJob): boolean {
  const described = liveInputs(inputs, live);
  return diffJob({ ...described, spec: withoutTokens(described.spec) }, { ...inputs, spec: withoutTokens(inputs.spec) }).changes === false;
}
