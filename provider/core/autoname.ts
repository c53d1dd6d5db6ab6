// Names for jobs whose manifest gives none: the resource's logical name plus a random
// suffix, within Cloud Run's job-id rules (^[a-z]([-a-z0-9]*[a-z0-9])?$; docs/architecture.md
// facts: names), and short enough to leave room for execution tokens (`{job}-{token}` < 63 chars).
import { randomBytes } from "node:crypto";

/** Prefix length kept from the logical name: 30 + `-` + 7 leaves 24 characters for a token. */
const PREFIX_MAX = 30;
const SUFFIX_LENGTH = 7;
const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

function randomSuffix(): string {
  const bytes = randomBytes(SUFFIX_LENGTH);
  return Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join("");
}

/** `My_Job.Name` → `my-job-name-k3x9q2a`. */
export function autonameJob(logicalName: string, suffix: string = randomSuffix()): string {
  const prefix = logicalName
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^[^a-z]+/, "")
    .slice(0, PREFIX_MAX)
    .replace(/-+$/, "");
  return `${prefix || "job"}-${suffix}`;
}
