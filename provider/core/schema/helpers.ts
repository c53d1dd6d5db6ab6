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

/** A v1 int32 with an inclusive range; the message names the range and how to fix it. */
export function int32(min: number, max: number, what: string) {
  return z
    .number({ error: `must be a whole number (${what})` })
    .int({ error: `must be a whole number (${what})` })
    .min(min, { error: `must be at least ${min} (${what})` })
    .max(max, { error: `must be at most ${max} (${what})` });
}

/** A k8s quantity as YAML may carry it: `"1000m"`, `"512Mi"`, or a bare number such as `cpu: 2`. */
export const quantitySchema = z.union([z.string(), z.number()], {
  error: 'must be a quantity such as "1", "500m" or "512Mi"',
});

export const stringMapSchema = z.record(z.string(), z.string({ error: "must be a string: quote it in YAML" }));
