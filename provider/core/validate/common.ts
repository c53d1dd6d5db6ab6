// What the validation modules share: how a failure is reported and how property paths are spelled.
import { isIdentifier } from "../failures";
import { isUnknown } from "../unknown";

export const TASK = "spec.template.spec.template.spec";
export const EXEC = "spec.template.spec";

export type Report = (property: string, reason: string) => void;

/** `["a/b"]` for keys that are not identifiers, `.key` otherwise. */
export function keyPath(key: string): string {
  return isIdentifier(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/** Present and not a value still unknown during a preview. */
export const known = (v: unknown): boolean => v !== undefined && !(typeof v === "string" && isUnknown(v));
