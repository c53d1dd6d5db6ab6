// The v1 Job tree as run-v1-discovery.json defines it: every `Schema.field` reachable from `Job`,
// and the annotation keys the ObjectMeta.annotations description lists. Read from the reference
// document (docs/cloud-run-facts.md, sources) when a copy sits beside the repository, at
// ../shared/reference on the team's machines, else from the committed
// extract test/fixtures/manifests/run-v1-job-tree.json (names only), which a test keeps equal to it.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";

export const DISCOVERY_PATH = resolve(__dirname, "../../../../../shared/reference/run-v1-discovery.json");
export const TREE_PATH = resolve(__dirname, "../../../fixtures/manifests/run-v1-job-tree.json");

interface DiscoverySchema {
  properties?: Record<string, { $ref?: string; items?: { $ref?: string }; additionalProperties?: { $ref?: string } }>;
}
interface DiscoveryDocument {
  revision: string;
  schemas: Record<string, DiscoverySchema & { properties?: Record<string, { description?: string }> }>;
}

export interface JobTree {
  revision: string;
  /** `Schema.field` for every field reachable from `Job`, walking $refs through lists and maps. */
  fields: string[];
  /** Annotation keys listed in ObjectMeta.annotations' description. */
  annotations: string[];
}

export function treeOf(doc: DiscoveryDocument): JobTree {
  const fields: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const [field, prop] of Object.entries(doc.schemas[name]?.properties ?? {})) {
      fields.push(`${name}.${field}`);
      const ref = prop.$ref ?? prop.items?.$ref ?? prop.additionalProperties?.$ref;
      if (ref) visit(ref);
    }
  };
  visit("Job");
  const description = doc.schemas.ObjectMeta?.properties?.annotations?.description ?? "";
  const annotations = [...description.matchAll(/`([a-z.]+\/[A-Za-z-]+)`: /g)].map((m) => m[1] as string);
  return { revision: doc.revision, fields, annotations };
}

export function discoveryDocument(): DiscoveryDocument | undefined {
  return existsSync(DISCOVERY_PATH) ? (JSON.parse(readFileSync(DISCOVERY_PATH, "utf8")) as DiscoveryDocument) : undefined;
}

export function jobTree(): JobTree {
  const doc = discoveryDocument();
  return doc ? treeOf(doc) : (JSON.parse(readFileSync(TREE_PATH, "utf8")) as JobTree);
}
