// Names for jobs whose manifest gives none: the resource's logical name plus a suffix, within
// Cloud Run's job-id rules (^[a-z]([-a-z0-9]*[a-z0-9])?$; docs/architecture.md facts: names),
// and short enough to leave room for execution tokens (`{job}-{token}` < 63 chars).
//
// The suffix is drawn from a seed, not at random: the resource's owner (stack, project,
// resource name) and the name it had before, if any. So the same resource draws the same name
// each time it is created from nothing: a create that was interrupted (a killed `pulumi up`, a
// lost answer) is retried under the same name, finds its job (ALREADY_EXISTS, owner annotation
// ours) and takes it back instead of leaving it behind. A replacement, which the engine checks
// again with no old inputs (pulumi/pulumi pkg/resource/deploy/step_generator.go, "we need to
// recompute the default values"), draws from the name being replaced, so it gets another name.
import { createHash } from "node:crypto";

/** Prefix length kept from the logical name: 30 + `-` + 7 leaves 24 characters for a token. */
const PREFIX_MAX = 30;
const SUFFIX_LENGTH = 7;
const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** Seven characters of [a-z0-9] drawn from `seed`. */
export function suffixFrom(seed: string): string {
  const bytes = createHash("sha256").update(seed).digest();
  return Array.from(bytes.subarray(0, SUFFIX_LENGTH), (b) => ALPHABET[b % ALPHABET.length]).join("");
}

function prefixOf(logicalName: string): string {
  const prefix = logicalName
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^[^a-z]+/, "")
    .slice(0, PREFIX_MAX)
    .replace(/-+$/, "");
  return prefix || "job";
}

/** `My_Job.Name` → `my-job-name-k3x9q2a`. */
export function autonameJob(logicalName: string, suffix: string): string {
  return `${prefixOf(logicalName)}-${suffix}`;
}

/**
 * The name a resource draws: the same for the same owner and previous name, never the previous
 * name itself.
 */
export function drawJobName(logicalName: string, owner: string, previousName: string | undefined): string {
  for (let round = 0; ; round++) {
    const name = autonameJob(logicalName, suffixFrom(`${owner}\n${previousName ?? ""}\n${round || ""}`));
    if (name !== previousName) return name;
  }
}

/** Whether `name` has the shape of an autoname of `logicalName`. */
export function isAutonameOf(name: string, logicalName: string): boolean {
  const prefix = `${prefixOf(logicalName)}-`;
  return name.length === prefix.length + SUFFIX_LENGTH && name.startsWith(prefix) && /^[a-z0-9]+$/.test(name.slice(prefix.length));
}
