// Small builders the v1 schemas share, so every refusal and every output-only field reads the
// same way in check failures and in the generated JSON Schema.
import { z } from "zod";

/**
 * A v1 field that Cloud Run (or the v2 API that @google-cloud/run speaks) cannot honour: any value
 * is refused with `reason`, which says what to use instead.
 */
export function refused(reason: string) {
  return z
    .never({ error: reason })
    .optional()
    .meta({ description: `Not supported: ${reason}` });
}

/**
 * A v1 field Cloud Run ignores or fixes to one value: that value (the field's documented default) is
 * accepted and dropped, anything else is refused with `reason`.
 */
export function onlyValue<const T extends string | number | boolean>(value: T, reason: string) {
  return z
    .literal(value, { error: reason })
    .optional()
    .meta({ description: `Only ${JSON.stringify(value)} is accepted (and dropped): ${reason}` });
}

/** An output-only field: accepted so that exported manifests work unchanged, then ignored. */
export function outputOnly<T extends z.ZodType>(schema: T) {
  return schema.optional().meta({ description: "Output only: accepted and ignored." });
}

/**
 * Length checks (`.min`/`.max` on strings and lists) run only on the type they measure: zod runs
 * them on any value that has a `length` once the type check failed, and a JSON object such as
 * `{"length": {"toString": 0}}` then makes the comparison throw. Spread into the check's params.
 */
export const ON_STRING = { when: (payload: { value: unknown }) => typeof payload.value === "string" } as const;
export const ON_LIST = { when: (payload: { value: unknown }) => Array.isArray(payload.value) } as const;

/** A value as a failure quotes it, without calling anything on it (a JSON object may carry any key). */
export function shown(value: unknown): string {
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : String(value);
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (typeof value === "boolean") return String(value);
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  return Array.isArray(value) ? "a list" : "an object";
}

/**
 * A v1 int32 with an inclusive range; the message names the range, what the limit is, and the value
 * given: "must be between 1 and 10000 (Cloud Run's limit on tasks per execution), got 10001".
 */
export function int32(min: number, max: number, what: string) {
  const range = `between ${min} and ${max} (${what})`;
  const notWhole = (issue: { input?: unknown }) => `must be a whole number ${range}, got ${shown(issue.input)}`;
  const outside = (issue: { input?: unknown }) => `must be ${range}, got ${shown(issue.input)}`;
  return z.number({ error: notWhole }).int({ error: notWhole }).min(min, { error: outside }).max(max, { error: outside });
}

/** A k8s quantity as YAML may carry it: `"1000m"`, `"512Mi"`, or a bare number such as `cpu: 2`. */
export const quantitySchema = z.union([z.string(), z.number()], {
  error: 'must be a quantity such as "1", "500m" or "512Mi"',
});

export const stringMapSchema = z.record(z.string(), z.string({ error: "must be a string: quote it in YAML" }));
