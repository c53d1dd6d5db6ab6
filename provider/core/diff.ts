// Pure diff of a Job's canonical inputs against what was last applied (the old outputs echo
// the applied inputs). Never against server-filled defaults or output-only data: those live in
// `status` and `metadata.{uid,generation,…}` and are not compared. Tokens are compared with the
// last applied token only, so runs made outside Pulumi never show up here.
import deepDiff from "deep-diff";
import { type SecretnessChange, secretnessChange } from "./secrets";
import { containsUnknown } from "./unknown";

type Props = Record<string, unknown>;

/** Changing these moves the job to another resource name: Cloud Run cannot rename, so replace. */
export const REPLACE_KEYS = ["project", "region", "name"] as const;
/** Changing these is an in-place UpdateJob. */
export const UPDATE_KEYS = ["metadata", "spec"] as const;
/** The metadata a user controls; the rest of `metadata` in the outputs is server-reported. */
const USER_METADATA_KEYS = ["labels", "annotations"] as const;

export interface JobDiff {
  changes: boolean;
  /** Top-level input keys whose change forces a replacement. */
  replaces: string[];
  /** True when the name is fixed by the manifest: the old job must go before the new one can exist. */
  deleteBeforeReplace: boolean;
  /** Dotted paths that differ, for messages and tests. */
  paths: string[];
  /** Token fields that changed: an execution will start. */
  tokens: Array<"startExecutionToken" | "runExecutionToken">;
}

function userMetadata(value: unknown): Props {
  const m = (value ?? {}) as Props;
  const out: Props = {};
  for (const k of USER_METADATA_KEYS) if (m[k] !== undefined && Object.keys(m[k] as object).length > 0) out[k] = m[k];
  return out;
}

/** The part of each compared key that the user controls. */
function comparable(olds: Props): Props {
  return {
    project: olds.project,
    region: olds.region,
    name: olds.name,
    metadata: userMetadata(olds.metadata),
    spec: olds.spec,
  };
}

function pathOf(d: deepDiff.Diff<Props, Props>): string {
  return (d.path ?? [])
    .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
    .join("")
    .replace(/^\./, "");
}

export function nameIsFixed(news: Props): boolean {
  const metadata = news.metadata as Props | undefined;
  return typeof metadata?.name === "string" && metadata.name.length > 0;
}

/**
 * Whether a changed path falls under a `replaceOnChanges` pattern (`metadata.labels`,
 * `spec.template.spec.template.spec.containers[*].image`, `*`): the pattern or anything below it.
 */
export function matchesPattern(path: string, pattern: string): boolean {
  if (pattern === "*") return true;
  const source = pattern
    .split("[*]")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("\\[\\d+\\]");
  return new RegExp(`^${source}($|[.[])`).test(path);
}

export function diffJob(olds: Props, news: Props, replaceOnChanges: readonly string[] = []): JobDiff {
  const before = comparable(olds);
  const after = comparable(news);
  const paths = (deepDiff.diff(before, after) ?? []).map(pathOf);
  for (const key of [...REPLACE_KEYS, ...UPDATE_KEYS]) {
    // A value still unknown during a preview is a change: up may or may not alter it.
    if (containsUnknown(after[key]) && !paths.some((p) => p === key || p.startsWith(`${key}.`) || p.startsWith(`${key}[`))) {
      paths.push(key);
    }
  }
  const touched = (key: string) => paths.some((p) => p === key || p.startsWith(`${key}.`) || p.startsWith(`${key}[`));
  const replaces: string[] = REPLACE_KEYS.filter(touched);
  // The engine cannot apply `replaceOnChanges` to a dynamic resource (it gets no detailed diff),
  // so the Job hands the patterns over and they are applied here, to the changed paths.
  for (const path of paths) {
    if (!replaceOnChanges.some((p) => matchesPattern(path, p))) continue;
    const top = path.split(/[.[]/)[0]!;
    if (!replaces.includes(top)) replaces.push(top);
  }
  const tokens = (["startExecutionToken", "runExecutionToken"] as const).filter((t) => touched(`spec.${t}`));
  return {
    changes: paths.length > 0,
    replaces,
    deleteBeforeReplace: replaces.length > 0 && nameIsFixed(news),
    paths: paths.sort(),
    tokens: tokens.filter((t) => {
      const spec = news.spec as Props | undefined;
      return spec?.[t] !== undefined && spec[t] !== "";
    }),
  };
}

/** diffJob's answer, plus what changed in which values are secret. */
export interface ResourceDiff extends JobDiff {
  /** True when the manifest changed (paths) or the secretness of a value did. */
  changes: boolean;
  /** Paths (of the program's args) that became secret, or stopped being secret. */
  secretness: SecretnessChange;
}

/**
 * The resource's diff as the engine asks for it: diffJob, and a change of the `__secretPaths`
 * lists (each given as the engine holds it; missing is none, so a state written before the
 * list existed has no diff) is a change too, never a replacement: an update whose only purpose
 * is that the engine writes the outputs again with the new secretness (secrets.ts).
 * (matchesLive compares a live job with inputs through diffJob alone: secretness is not the job's.)
 */
export function diffResource(
  olds: Props,
  news: Props,
  replaceOnChanges: readonly string[] = [],
  secretPaths: { olds: unknown; news: unknown } = { olds: undefined, news: undefined },
): ResourceDiff {
  const d = diffJob(olds, news, replaceOnChanges);
  const secretness = secretnessChange(secretPaths.olds, secretPaths.news);
  return { ...d, changes: d.changes || secretness.became.length > 0 || secretness.stopped.length > 0, secretness };
}
