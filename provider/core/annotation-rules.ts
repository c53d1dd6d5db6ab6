// The values of the `run.googleapis.com/*` annotations that carry settings: how each is validated,
// parsed into the v2 field and spelled canonically (docs/architecture.md, facts: v1 → v2 mapping
// and annotations).
import { ANNOTATION } from "./annotations";
import { DEFAULT_LAUNCH_STAGE } from "./defaults";
import { locationPath } from "./names";
import { isUnknown } from "./unknown";

export interface Location {
  project?: string;
  region?: string;
}

/** `google.api.LaunchStage` names a job may ask for (docs/architecture.md facts: v1 → v2 mapping); GA is the server default (docs/architecture.md facts: server defaults). */
export const LAUNCH_STAGES = ["EARLY_ACCESS", "ALPHA", "BETA", "GA"] as const;
export type LaunchStageName = (typeof LAUNCH_STAGES)[number];

const CONNECTOR_SHORT = /^[a-z][-a-z0-9]{0,23}[a-z0-9]$/;
const CONNECTOR_FULL = /^projects\/[^/]+\/locations\/[^/]+\/connectors\/[^/]+$/;
const KMS_KEY = /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/;
const BINAUTHZ_POLICY = /^projects\/[^/]+\/platforms\/cloudRun\/.+$/;
/** `project:region:instance`, the project possibly domain-scoped (`example.com:project`). */
const SQL_INSTANCE = /^([^:\s,]+:)?[^:\s,]+:[^:\s,]+:[^:\s,]+$/;
/** A bare instance name, which gcloud expands with the job's project and region (flags.py). */
const SQL_INSTANCE_SHORT = /^[a-z][-a-z0-9]*$/;
/** gcloud secrets_mapping: `alias:projects/<number>/secrets/<name>`; project ids are accepted too [I]. */
const SECRET_ALIAS = /^([^:\s]+):(projects\/[^/\s]+\/secrets\/[^/\s]+)$/;

export interface NetworkInterface {
  network?: string;
  subnetwork?: string;
  tags?: string[];
}

export interface AnnotationRule {
  /** Why the value is wrong and how to fix it, or undefined when it is fine. */
  validate(value: string): string | undefined;
  /** The canonical spelling, or undefined when the value is the server default (left out). */
  canonical(value: string, where: Location): string | undefined;
}

const asIs: AnnotationRule["canonical"] = (v) => v.trim();

function splitList(value: string): string[] {
  return [
    ...new Set(
      value
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    ),
  ];
}

export function parseCloudSqlInstances(value: string): string[] {
  return splitList(value);
}

/**
 * `instance` → `project:region:instance` when the job's project and region are known. Connection
 * names use the project id, so a numeric project (a project number) leaves the short name as is.
 */
function expandCloudSqlInstance(instance: string, where: Location): string {
  const { project, region } = where;
  if (!SQL_INSTANCE_SHORT.test(instance) || !project || !region || isUnknown(project) || isUnknown(region) || /^\d+$/.test(project)) {
    return instance;
  }
  return `${project}:${region}:${instance}`;
}

/** `alias → projects/<p>/secrets/<s>` from `run.googleapis.com/secrets`. */
export function parseSecretAliases(value: string): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const entry of splitList(value)) {
    const match = SECRET_ALIAS.exec(entry);
    if (match) aliases.set(match[1] as string, match[2] as string);
  }
  return aliases;
}

export function parseNetworkInterfaces(value: string): NetworkInterface[] | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return 'must be JSON such as [{"network":"default","subnetwork":"default"}]';
  }
  if (!Array.isArray(parsed)) return 'must be a JSON array such as [{"network":"default","subnetwork":"default"}]';
  if (parsed.length > 1) return "Cloud Run supports only one network interface: keep one";
  const out: NetworkInterface[] = [];
  for (const item of parsed) {
    if (!item || typeof item !== "object" || Array.isArray(item)) return "each interface must be a JSON object";
    const { network, subnetwork, tags, ...rest } = item as Record<string, unknown>;
    const extra = Object.keys(rest);
    if (extra.length) return `unknown interface key \`${extra[0]}\`: use \`network\`, \`subnetwork\` and \`tags\``;
    if (network !== undefined && typeof network !== "string") return "`network` must be a string";
    if (subnetwork !== undefined && typeof subnetwork !== "string") return "`subnetwork` must be a string";
    if (tags !== undefined && (!Array.isArray(tags) || tags.some((t) => typeof t !== "string"))) {
      return "`tags` must be a list of strings";
    }
    if (!network && !subnetwork) return "each interface needs a `network` or a `subnetwork`";
    out.push({
      ...(network ? { network } : {}),
      ...(subnetwork ? { subnetwork } : {}),
      ...(Array.isArray(tags) && tags.length ? { tags: tags as string[] } : {}),
    });
  }
  return out;
}

/** gcloud writes `[` + json.dumps(iface, sort_keys=True) + `]`; we spell it the same way. */
export function formatNetworkInterfaces(interfaces: NetworkInterface[]): string {
  return JSON.stringify(
    interfaces.map((i) => ({
      ...(i.network ? { network: i.network } : {}),
      ...(i.subnetwork ? { subnetwork: i.subnetwork } : {}),
      ...(i.tags?.length ? { tags: i.tags } : {}),
    })),
  );
}

/** `{"container": ["dependency", …]}` (docs/architecture.md facts: v1 → v2 mapping). */
export function parseContainerDependencies(value: string): Record<string, string[]> | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return 'must be JSON such as {"app":["sidecar"]}';
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return 'must be a JSON object such as {"app":["sidecar"]}';
  for (const [name, deps] of Object.entries(parsed)) {
    if (!Array.isArray(deps) || deps.some((d) => typeof d !== "string")) {
      return `\`${name}\` must map to a list of container names`;
    }
  }
  return parsed as Record<string, string[]>;
}

export function formatContainerDependencies(deps: Record<string, string[]>): string | undefined {
  const entries = Object.entries(deps)
    .filter(([, d]) => d.length > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length ? JSON.stringify(Object.fromEntries(entries)) : undefined;
}

function expandConnector(value: string, where: Location): string {
  if (CONNECTOR_SHORT.test(value) && where.project && where.region && !isUnknown(where.project) && !isUnknown(where.region)) {
    return `${locationPath(where.project, where.region)}/connectors/${value}`;
  }
  return value;
}

/** The rule of a setting annotation; own keys only, so `constructor` or `__proto__` find none. */
export function annotationRule(key: string): AnnotationRule | undefined {
  return Object.hasOwn(ANNOTATION_RULES, key) ? ANNOTATION_RULES[key] : undefined;
}

export const ANNOTATION_RULES: Readonly<Record<string, AnnotationRule>> = {
  [ANNOTATION.launchStage]: {
    validate: (v) =>
      (LAUNCH_STAGES as readonly string[]).includes(v.trim().toUpperCase())
        ? undefined
        : `\`${v}\` is not a launch stage: use one of ${LAUNCH_STAGES.map((s) => `\`${s}\``).join(", ")}`,
    canonical: (v) => {
      const stage = v.trim().toUpperCase();
      return stage === DEFAULT_LAUNCH_STAGE ? undefined : stage;
    },
  },
  [ANNOTATION.binaryAuthorization]: {
    validate: (v) =>
      v.trim() === "default" || BINAUTHZ_POLICY.test(v.trim())
        ? undefined
        : `\`${v}\` is not a Binary Authorization policy: use \`default\` or \`projects/<project>/platforms/cloudRun/<policy>\``,
    canonical: asIs,
  },
  [ANNOTATION.breakglass]: {
    validate: (v) => (v.trim() ? undefined : "is empty: give the justification for bypassing Binary Authorization, or remove it"),
    canonical: asIs,
  },
  [ANNOTATION.cloudSqlInstances]: {
    validate: (v) => {
      const bad = parseCloudSqlInstances(v).find((i) => !SQL_INSTANCE.test(i) && !SQL_INSTANCE_SHORT.test(i));
      return bad
        ? `\`${bad}\` is not a Cloud SQL connection name: use \`<project>:<region>:<instance>\` (or the instance's name), comma-separated`
        : undefined;
    },
    canonical: (v, where) => [...new Set(parseCloudSqlInstances(v).map((i) => expandCloudSqlInstance(i, where)))].join(",") || undefined,
  },
  [ANNOTATION.vpcConnector]: {
    validate: (v) =>
      CONNECTOR_SHORT.test(v.trim()) || CONNECTOR_FULL.test(v.trim())
        ? undefined
        : `\`${v}\` is not a VPC connector: use its name or \`projects/<project>/locations/<region>/connectors/<name>\``,
    canonical: (v, where) => expandConnector(v.trim(), where),
  },
  [ANNOTATION.vpcEgress]: {
    validate: (v) =>
      ["all-traffic", "all", "private-ranges-only"].includes(v.trim())
        ? undefined
        : `\`${v}\` is not a VPC egress setting: use \`all-traffic\` or \`private-ranges-only\``,
    // "`all-traffic` and `all` provide the same functionality" (ExecutionTemplateSpec.metadata).
    canonical: (v) => (v.trim() === "private-ranges-only" ? undefined : "all-traffic"),
  },
  [ANNOTATION.networkInterfaces]: {
    validate: (v) => {
      const parsed = parseNetworkInterfaces(v);
      return typeof parsed === "string" ? parsed : undefined;
    },
    canonical: (v) => {
      const parsed = parseNetworkInterfaces(v);
      if (typeof parsed === "string") return v;
      return parsed.length ? formatNetworkInterfaces(parsed) : undefined;
    },
  },
  [ANNOTATION.executionEnvironment]: {
    // Jobs always run in gen2; the API rejects gen1 for jobs (TF #17093, docs/architecture.md facts: v1 → v2 mapping).
    validate: (v) =>
      v.trim() === "gen2"
        ? undefined
        : v.trim() === "gen1"
          ? "Cloud Run jobs always run in the second generation environment: use `gen2` or remove the annotation"
          : `\`${v}\` is not an execution environment: use \`gen2\` or remove the annotation`,
    canonical: () => undefined,
  },
  [ANNOTATION.encryptionKey]: {
    validate: (v) =>
      KMS_KEY.test(v.trim()) ? undefined : `\`${v}\` is not a KMS key: use \`projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>\``,
    canonical: asIs,
  },
  [ANNOTATION.secrets]: {
    validate: (v) => {
      const bad = splitList(v).find((e) => !SECRET_ALIAS.test(e));
      return bad
        ? `\`${bad}\` is not a secret alias: use \`<alias>:projects/<project-number>/secrets/<secret>\`, comma-separated`
        : undefined;
    },
    // Consumed: aliases are resolved into the references that use them (see canonical/manifest.ts).
    canonical: () => undefined,
  },
  [ANNOTATION.containerDependencies]: {
    validate: (v) => {
      const parsed = parseContainerDependencies(v);
      return typeof parsed === "string" ? parsed : undefined;
    },
    canonical: (v) => {
      const parsed = parseContainerDependencies(v);
      return typeof parsed === "string" ? v : formatContainerDependencies(parsed);
    },
  },
  [ANNOTATION.gpuZonalRedundancyDisabled]: {
    validate: (v) => (["true", "false"].includes(v.trim().toLowerCase()) ? undefined : "must be `true` or `false`"),
    canonical: (v) => (v.trim().toLowerCase() === "true" ? "true" : undefined),
  },
};
