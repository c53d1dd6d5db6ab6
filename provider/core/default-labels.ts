// `gcp:defaultLabels`, applied as @pulumi/gcp applies them (the Terraform google provider's
// `default_labels`: "applied to all resources with a top level `labels` field or a `labels` field
// nested inside a top level `metadata` field. Setting the same key as a default label at the
// resource level will override the default value for that label"). For a Job that is the v1
// `metadata.labels`: the defaults go under the job's own labels, and a job label of the same
// key wins. Pure: the stack config is passed in.
//
// No perpetual diff: check merges them into the inputs it returns, so the inputs, the outputs
// (which repeat the applied inputs) and a refresh (which reads the labels back from the job)
// all carry them alike, and a preview after `up` or after `refresh` compares equal things.
// Changing a default label is a change of every job's labels: an update, as that provider
// shows it (in its `effective_labels`).
import { classifyLabel } from "./annotations";
import { isUnknown } from "./unknown";
import { validateLabel } from "./validate/manifest";

/** The stack config key, as @pulumi/gcp names it. */
export const DEFAULT_LABELS_KEY = "gcp:defaultLabels";

export type Labels = Readonly<Record<string, string>>;

const HOW = "set them as a map of label keys to values: `pulumi config set --path 'gcp:defaultLabels.team' platform`";

/**
 * The default labels the stack config sets, or what is wrong with them. A map in the stack
 * config reaches the provider as its JSON text; values that are numbers or booleans are labels'
 * text, as the Terraform provider's map of strings takes them.
 */
export function defaultLabelsOf(config: (key: string) => string | undefined): { labels?: Labels; problem?: string } {
  const raw = config(DEFAULT_LABELS_KEY);
  if (raw === undefined || raw.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { problem: `${DEFAULT_LABELS_KEY} is not a map of labels: ${HOW}` };
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    return { problem: `${DEFAULT_LABELS_KEY} is not a map of labels: ${HOW}` };
  }
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (!["string", "number", "boolean"].includes(typeof value)) {
      return { problem: `${DEFAULT_LABELS_KEY}.${key} must be a label value (text), got ${JSON.stringify(value)}: ${HOW}` };
    }
    const verdict = classifyLabel(key);
    const reason =
      verdict.kind === "refused"
        ? verdict.reason
        : verdict.kind === "system"
          ? `\`${key}\` is set by Cloud Run itself`
          : validateLabel(key, String(value));
    if (reason)
      return { problem: `${DEFAULT_LABELS_KEY}.${key}: ${reason}; fix it with \`pulumi config set --path '${DEFAULT_LABELS_KEY}.…'\`` };
    labels[key] = String(value);
  }
  return Object.keys(labels).length ? { labels } : {};
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * The manifest with the default labels under its own (`metadata.labels`, a job label wins).
 * Anything that is not a map where a map belongs, or a value still unknown in a preview, is left
 * as it is: the schema refuses the one, the other is merged once known.
 */
export function withDefaultLabels(raw: Record<string, unknown>, defaults: Labels | undefined): Record<string, unknown> {
  if (!defaults || Object.keys(defaults).length === 0) return raw;
  const metadata = raw.metadata;
  if (metadata !== undefined && !isPlainObject(metadata)) return raw;
  const labels = metadata?.labels;
  if (labels !== undefined && (isUnknown(labels) || !isPlainObject(labels))) return raw;
  return { ...raw, metadata: { ...metadata, labels: { ...defaults, ...labels } } };
}
