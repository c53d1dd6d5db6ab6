// Where a job goes: the project and region the manifest names, weighed against the ones the
// stack is configured with. Pure: the stack settings are passed in.
//
// No silent change of project (issue 27): an exported manifest carries `metadata.namespace`
// (the project it came from, as a number in Cloud Run's answers and gcloud's exports,
// docs/cloud-run-facts.md) and the location label. Deploying a staging export from a production
// stack must not land in staging without a word, so a namespace or location label that names
// another project or region than the stack's is refused, naming both and the fix. The Job's own
// `project` and `region` arguments are deliberate and win. A namespace that is a project number
// cannot be compared here (check makes no calls): it is taken as the stack's project and handed
// on, so that `up` can verify it once the API may be called.
import { locationHints } from "./canonical";
import type { CheckFailure } from "./failures";
import { isUnknown } from "./unknown";

/** The stack's own project and region, and where each setting came from (for messages). */
export interface StackSettings {
  project?: string;
  region?: string;
  /** `gcp:project`, or the environment variable that gave the project. */
  projectFrom?: string;
  /** `gcp:region`, or the environment variable that gave the region. */
  regionFrom?: string;
  /** `gcp:defaultLabels`: put under every job's own labels (default-labels.ts). */
  defaultLabels?: Readonly<Record<string, string>>;
}

/** Stack config keys first, then the environment variables gcloud and Google's client libraries use. */
const PROJECT_SOURCES = ["GOOGLE_CLOUD_PROJECT", "GCLOUD_PROJECT", "CLOUDSDK_CORE_PROJECT"] as const;
const REGION_SOURCES = ["GOOGLE_CLOUD_REGION", "CLOUDSDK_RUN_REGION"] as const;

/**
 * Stack config `gcp:project`/`gcp:region` (the dynamic-provider host sends the whole stack
 * config to `configure`, https://www.pulumi.com/docs/iac/concepts/providers/dynamic-providers/),
 * then the environment.
 */
export function stackSettingsOf(
  config: (key: string) => string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): StackSettings {
  const first = (key: string, vars: readonly string[]): { value?: string; from?: string } => {
    const configured = config(key);
    if (configured !== undefined) return { value: configured, from: key };
    const name = vars.find((v) => env[v] !== undefined && env[v] !== "");
    return name ? { value: env[name], from: name } : {};
  };
  const project = first("gcp:project", PROJECT_SOURCES);
  const region = first("gcp:region", REGION_SOURCES);
  return {
    ...(project.value !== undefined ? { project: project.value, projectFrom: project.from } : {}),
    ...(region.value !== undefined ? { region: region.value, regionFrom: region.from } : {}),
  };
}

export interface Placement {
  project?: string;
  region?: string;
  /** The manifest's namespace when it is a project number taken as the stack's project: `up` verifies it. */
  projectNumber?: string;
  failures: CheckFailure[];
}

const isProjectNumber = (value: string): boolean => /^\d+$/.test(value);

/** Both known and different: a value still unknown in a preview is no conflict yet. */
const differ = (a: string | undefined, b: string | undefined): a is string =>
  a !== undefined && b !== undefined && !isUnknown(a) && !isUnknown(b) && a !== b;

/**
 * Where the job goes, from the manifest (`raw`, before the schema), the stack's settings and the
 * project the job was last applied to (`olds.project`), if any.
 */
export function placementOf(raw: Record<string, unknown>, settings: StackSettings, previousProject?: unknown): Placement {
  const hints = locationHints(raw);
  const failures: CheckFailure[] = [];
  const explicitProject = typeof raw.project === "string";
  const explicitRegion = typeof raw.region === "string";
  let project = hints.project ?? settings.project;
  // A namespace that differs is refused or (a project number) replaced: the stack's project goes on.
  let projectNumber: string | undefined;
  if (!explicitProject && differ(hints.project, settings.project)) {
    if (isProjectNumber(hints.project) && previousProject === hints.project) {
      // Deployed by an earlier version, which took the number as the project: kept, so the
      // job is not replaced (and its token run again) for a change of spelling alone.
      project = hints.project;
    } else if (isProjectNumber(hints.project)) {
      projectNumber = hints.project;
      project = settings.project;
    } else {
      failures.push({
        property: "metadata.namespace",
        reason:
          `names project \`${hints.project}\`, but this stack deploys to \`${settings.project}\` (${settings.projectFrom ?? "gcp:project"}): ` +
          `remove \`metadata.namespace\` (or set it to \`${settings.project}\`) to deploy here, or set \`project: "${hints.project}"\` on the Job to deploy there deliberately`,
      });
    }
  }
  const region = hints.region ?? settings.region;
  if (!explicitRegion && differ(hints.region, settings.region)) {
    failures.push({
      property: 'metadata.labels["cloud.googleapis.com/location"]',
      reason:
        `names region \`${hints.region}\`, but this stack deploys to \`${settings.region}\` (${settings.regionFrom ?? "gcp:region"}): ` +
        `remove the label (or set it to \`${settings.region}\`) to deploy here, or set \`region: "${hints.region}"\` on the Job to deploy there deliberately`,
    });
  }
  return { project, region, ...(projectNumber !== undefined ? { projectNumber } : {}), failures };
}
