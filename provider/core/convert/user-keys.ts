// pulumi-gcp's `labels`/`annotations` (on the job and on `template`) are the user's own: v2
// rejects keys in Cloud Run's namespaces there (job.proto, execution_template.proto;
// docs/cloud-run-facts.md §2.6), so pulumi-gcp could not have set one and none is taken as a v1
// setting annotation. Keys this package treats as client stamps (annotations.ts) are left out.
import { classifyAnnotation, classifyLabel, RESERVED_NAMESPACES } from "../annotations";
import { keyAt, note, refuse, setOwn, type StringMap, type Trail } from "./trail";

function inReservedNamespace(key: string): boolean {
  const slash = key.indexOf("/");
  if (slash < 0) return false;
  const prefix = key.slice(0, slash);
  return RESERVED_NAMESPACES.some((ns) => prefix === ns || prefix.endsWith(`.${ns}`));
}

/** The user keys of a pulumi-gcp label or annotation map at `at`; `kind` says which and where. */
export function userMap(map: StringMap | undefined, at: string, kind: "label" | "job" | "template", t: Trail): StringMap {
  const out: StringMap = {};
  for (const [key, value] of Object.entries(map ?? {})) {
    const property = `${at}${keyAt(key)}`;
    if (inReservedNamespace(key)) {
      refuse(
        t,
        property,
        `\`${key}\` is in a namespace Cloud Run reserves (the v2 API rejects it on user ${kind === "label" ? "labels" : "annotations"}): remove it, or use the pulumi-gcp field it stands for`,
      );
      continue;
    }
    const verdict = kind === "label" ? classifyLabel(key) : classifyAnnotation(key, kind);
    if (verdict.kind === "system") {
      note(t, property, "left out: this package treats it as a key clients stamp on objects (core/annotations.ts), never sent");
      continue;
    }
    setOwn(out, key, value);
  }
  return out;
}
