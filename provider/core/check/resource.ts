// Check of the resource's inputs, as the engine calls it before every diff and create: the v1
// manifest through the schema (manifest.ts), then what only the resource knows (where the job
// lives, its name, the wait). Pure: the stack settings are passed in.
import { drawJobName } from "../autoname";
import type { CanonicalManifest } from "../canonical";
import { withDefaultLabels } from "../default-labels";
import type { CheckFailure } from "../failures";
import {
  ADOPT,
  AUTONAMED,
  LOG_LINES,
  LOGICAL_NAME,
  logicalNameOf,
  wasAutonamed,
  manifestPart,
  NAME_SEED,
  OWNER,
  type Props,
  PROJECT_NUMBER,
  REPLACE_ON,
  SECRET_PATHS,
  STREAM_LOGS,
  TAKE_OWNERSHIP,
  WAIT,
} from "../inputs";
import { maskSecrets, MAX_LOG_LINES, secretValuesOf } from "../log-lines";
import { validateJobName, validateNameAndTokenLength } from "../names";
import { placementOf, type StackSettings } from "../placement";
import { UNKNOWN } from "../unknown";
import { checkJobManifest } from "./manifest";

export { stackSettingsOf, type StackSettings } from "../placement";

export interface CheckedInputs {
  inputs: Props;
  failures?: CheckFailure[];
}

/**
 * The names this provider process saw each resource carry before, by owner: the engine checks a
 * resource it is about to replace a second time, with no old inputs, and the name drawn then
 * must differ from the one being replaced (autoname.ts). One process serves a whole deployment.
 */
export type PreviousNames = Map<string, string>;

function resolveName(olds: Props, news: Props, manifest: CanonicalManifest, previous: PreviousNames): { name: string; autonamed: boolean } {
  const logical = logicalNameOf(news) ?? "job";
  const owner = typeof news[OWNER] === "string" ? news[OWNER] : logical;
  if (typeof olds.name === "string") previous.set(owner, olds.name);
  const given = manifest.metadata?.name;
  if (given !== undefined) return { name: given, autonamed: false };
  // Keep an autoname across updates, and across a rename through `aliases`: the engine passes
  // old inputs only when the URN or one of its aliases matched, so they are this resource's.
  if (typeof olds.name === "string" && wasAutonamed(olds)) return { name: olds.name, autonamed: true };
  const seed = typeof news[NAME_SEED] === "string" ? `${owner}\n${news[NAME_SEED]}` : owner;
  return { name: drawJobName(logical, seed, previous.get(owner)), autonamed: true };
}

/**
 * Check of the resource's inputs. A failure never shows a value the program marked secret: some
 * reasons quote the value they refuse ("got the string …"), and secrets reach a dynamic provider
 * as plain values, so every secret value is masked in the reasons (core/log-lines.ts).
 */
export function checkInputs(olds: Props, news: Props, settings: StackSettings, previousNames: PreviousNames = new Map()): CheckedInputs {
  const checked = checkUnmasked(olds, news, settings, previousNames);
  if (!checked.failures?.length || news[SECRET_PATHS] === undefined) return checked;
  const secrets = secretValuesOf(news, news[SECRET_PATHS]);
  if (!secrets.length) return checked;
  return { ...checked, failures: checked.failures.map((f) => ({ ...f, reason: maskSecrets(f.reason, secrets) })) };
}

function checkUnmasked(olds: Props, news: Props, settings: StackSettings, previousNames: PreviousNames): CheckedInputs {
  // gcp:defaultLabels under the job's own, before anything reads the labels (default-labels.ts).
  const raw = withDefaultLabels(manifestPart(news), settings.defaultLabels);
  // Project and region are resolved before the canonical form is made: it expands short
  // names (a VPC connector, a Cloud SQL instance) against them.
  const placement = placementOf(raw, settings, olds.project);
  const { project, region } = placement;
  const { manifest, failures } = checkJobManifest({
    ...raw,
    // Filled in only where the manifest says nothing: a bad value of its own must be refused.
    ...(raw.project === undefined && project !== undefined ? { project } : {}),
    ...(raw.region === undefined && region !== undefined ? { region } : {}),
  });
  if (!manifest) return { inputs: news, failures: [...placement.failures, ...failures] };
  const problems: CheckFailure[] = [...placement.failures];
  if (!project) {
    problems.push({
      property: "project",
      reason: "no project: set `project` or `metadata.namespace`, or run `pulumi config set gcp:project <project-id>`",
    });
  }
  if (!region) {
    problems.push({
      property: "region",
      reason: "no region: set `region` or the label `cloud.googleapis.com/location`, or run `pulumi config set gcp:region <region>`",
    });
  }
  const { name, autonamed } = resolveName(olds, news, manifest, previousNames);
  const nameProblem = validateJobName(name);
  if (nameProblem) problems.push({ property: "metadata.name", reason: nameProblem });
  for (const token of ["startExecutionToken", "runExecutionToken"] as const) {
    const value = manifest.spec[token];
    const tooLong = typeof value === "string" ? validateNameAndTokenLength(name, value) : undefined;
    if (tooLong) problems.push({ property: `spec.${token}`, reason: tooLong });
  }
  const wait = news[WAIT];
  if (wait !== undefined && wait !== UNKNOWN && !(typeof wait === "number" && Number.isInteger(wait) && wait > 0)) {
    problems.push({ property: WAIT, reason: `must be a whole number of seconds above 0, got ${JSON.stringify(wait)}` });
  }
  const logLines = news[LOG_LINES];
  if (
    logLines !== undefined &&
    logLines !== UNKNOWN &&
    !(typeof logLines === "number" && Number.isInteger(logLines) && logLines >= 0 && logLines <= MAX_LOG_LINES)
  ) {
    problems.push({
      property: LOG_LINES,
      reason: `must be a whole number of lines from 0 (none) to ${MAX_LOG_LINES}, got ${JSON.stringify(logLines)}`,
    });
  }
  const streamLogs = news[STREAM_LOGS];
  if (streamLogs !== undefined && streamLogs !== UNKNOWN && typeof streamLogs !== "boolean") {
    problems.push({ property: STREAM_LOGS, reason: `must be true or false, got ${JSON.stringify(streamLogs)}` });
  }
  const takeOwnershipFrom = news[TAKE_OWNERSHIP];
  if (
    takeOwnershipFrom !== undefined &&
    takeOwnershipFrom !== UNKNOWN &&
    !(typeof takeOwnershipFrom === "string" && /^[^:]+::[^:]+::.+$/.test(takeOwnershipFrom))
  ) {
    problems.push({
      property: TAKE_OWNERSHIP,
      reason: `must name the owner to take the job from, as its annotation \`pulumi-cloudrun-jobs/owner\` does (\`<stack>::<project>::<resource>\`), got ${JSON.stringify(takeOwnershipFrom)}`,
    });
  }
  if (problems.length) return { inputs: news, failures: problems };
  const inputs: Props = { ...manifest, project, region, name, [LOGICAL_NAME]: logicalNameOf(news) ?? "job", [AUTONAMED]: autonamed };
  if (wait !== undefined) inputs[WAIT] = wait;
  if (logLines !== undefined) inputs[LOG_LINES] = logLines;
  if (streamLogs !== undefined) inputs[STREAM_LOGS] = streamLogs;
  if (news[ADOPT] !== undefined) inputs[ADOPT] = news[ADOPT];
  if (typeof news[OWNER] === "string") inputs[OWNER] = news[OWNER];
  if (Array.isArray(news[REPLACE_ON])) inputs[REPLACE_ON] = news[REPLACE_ON];
  if (takeOwnershipFrom !== undefined) inputs[TAKE_OWNERSHIP] = takeOwnershipFrom;
  if (placement.projectNumber !== undefined) inputs[PROJECT_NUMBER] = placement.projectNumber;
  if (Array.isArray(news[SECRET_PATHS])) inputs[SECRET_PATHS] = news[SECRET_PATHS];
  return { inputs };
}
