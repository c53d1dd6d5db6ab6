// The keys a strict object of the schema knows, for "did you mean" suggestions. zod exposes no
// public walk of a schema's shape, so this reads its definitions (`_zod.def`): the one module that
// depends on zod's internals, kept apart so that a zod upgrade has one place to look.
import type { z } from "zod";
import { jobArgsSchema } from "../schema/v1";

interface SchemaDef {
  type: string;
  shape?: Record<string, { _zod: { def: SchemaDef } }>;
  innerType?: { _zod: { def: SchemaDef } };
  element?: { _zod: { def: SchemaDef } };
  valueType?: { _zod: { def: SchemaDef } };
  in?: { _zod: { def: SchemaDef } };
}

/** The keys the strict object at `path` of `root` (the manifest's schema unless told) knows, for "did you mean" suggestions. */
export function knownKeysAt(path: ReadonlyArray<PropertyKey>, root: z.ZodType = jobArgsSchema): string[] {
  let def: SchemaDef | undefined = (root as unknown as { _zod: { def: SchemaDef } })._zod.def;
  const unwrap = (d: SchemaDef | undefined): SchemaDef | undefined => {
    let current = d;
    while (current && (current.innerType || current.in) && current.type !== "object") {
      current = (current.innerType ?? current.in)?._zod.def;
    }
    return current;
  };
  for (const key of path) {
    def = unwrap(def);
    if (!def) return [];
    // Own keys only: a path key such as `constructor` must not find Object.prototype's member.
    if (def.type === "object") def = def.shape && Object.hasOwn(def.shape, String(key)) ? def.shape[String(key)]?._zod?.def : undefined;
    else if (def.type === "array") def = def.element?._zod.def;
    else if (def.type === "record") def = def.valueType?._zod.def;
    else return [];
  }
  def = unwrap(def);
  return def?.type === "object" && def.shape ? Object.keys(def.shape) : [];
}
