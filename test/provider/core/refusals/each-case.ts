// What every refusal test runs: check on one manifest, its failures as `property: reason`. Each
// case is its own test named after it, so a failing run says which manifest and which message.
import { expect, it } from "vitest";
import { checkJobManifest } from "../../../../provider/core/check";
import { jobManifest, type ManifestParts } from "../../../fixtures/manifests";

type Parts = ManifestParts | Record<string, unknown>;
/** A manifest given whole, as it is, not as parts merged into the minimal one. */
type Raw = { raw: Record<string, unknown> };

export const raw = (value: Record<string, unknown>): Raw => ({ raw: value });

export const secretEnv = (ref: Record<string, unknown>) => ({ env: [{ name: "TOKEN", valueFrom: { secretKeyRef: ref } }] });

export interface RefusalCase {
  manifest: Parts | Raw;
  /** Each failure as `property: reason`; `["(accepted)"]` when check accepts the manifest. */
  failures: string[];
}

/** Runs check on one case and lists its failures as `property: reason`. */
export function failuresOf(parts: Parts | Raw): string[] {
  const input = "raw" in parts ? (parts.raw as Record<string, unknown>) : jobManifest(parts as ManifestParts);
  const { manifest, failures } = checkJobManifest(input);
  if (failures.length === 0 && manifest) return ["(accepted)"];
  return failures.map((f) => `${f.property}: ${f.reason}`);
}

/** One test per case, named after it: check answers exactly the failures listed. */
export function eachCase(cases: Record<string, RefusalCase>): void {
  it.each(Object.entries(cases))("%s", (_name, { manifest, failures }) => {
    expect(failuresOf(manifest)).toStrictEqual(failures);
  });
}
