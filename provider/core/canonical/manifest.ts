// The canonical form of a validated manifest: the one spelling of each meaning, so that two
// manifests that mean the same compare equal, and equal what the server echoes back
// (fromApiJob canonicalizes the same way). The rules:
//   dropped     status; metadata uid/generation/resourceVersion/selfLink/creation-/deletionTimestamp;
//               apiVersion/kind; system labels and annotations (annotations.ts);
//               `run.googleapis.com/secrets` (its aliases are resolved into the references).
//   hoisted     `project` ← metadata.namespace, `region` ← label cloud.googleapis.com/location,
//               when not given; both then leave metadata.
//   defaults    left out when equal to what Cloud Run fills in (defaults.ts, docs/architecture.md facts: server defaults): taskCount 1,
//               parallelism 0, maxRetries 3, timeoutSeconds 600, the default compute service
//               account, limits cpu 1 vCPU / memory 512Mi, launch-stage GA, execution-environment
//               gen2, egress private-ranges-only, emptyDir medium, secret defaultMode 0444 and
//               item mode 0, probe initialDelay 0 / timeout 1 / period 10 / failureThreshold 3,
//               httpGet path "/", a probe port equal to the container's port (8080 if none),
//               env value "", subPath "", readOnly false, successThreshold 1, protocol TCP, and
//               empty lists and maps.
//   spelling    cpu "2" / "500m" (from 2000m, 2, 0.5); memory in the largest exact unit ("1Gi" from
//               1024Mi); timeoutSeconds a string of whole seconds ("600" from 600 or "600s");
//               launch stage upper case; egress `all` → `all-traffic`; comma lists trimmed and
//               de-duplicated; JSON annotations re-serialized with sorted keys; short Cloud SQL
//               instance and VPC connector names expanded when project and region are known;
//               secretKeyRef.localObjectReference.name → name.
//   order       object keys sorted at every level; list order kept (it can matter, e.g. env).
// Values still unknown during a preview are kept as they are.
import { ANNOTATION, classifyAnnotation, classifyLabel, type Level } from "../annotations";
import { DEFAULT_PARALLELISM, DEFAULT_TASK_COUNT } from "../defaults";
import type { JobManifest } from "../schema/v1";
import { ANNOTATION_RULES, type Location, parseSecretAliases } from "../annotation-rules";
import { isUnknown } from "../unknown";
import { locationHints } from "./location";
import { compact, nonEmpty, omitDefault, sortKeys } from "./shape";
import { canonicalTaskSpec } from "./task";

type StringMap = Record<string, string>;

declare const canonical: unique symbol;

/**
 * A manifest in the canonical form: made by canonicalizeJobManifest alone (check on the way in,
 * liveInputs on the way back), so that what takes one (mapping, and through it the gateway's
 * body) never puts it in canonical form again. When the engine hands check's inputs back,
 * inputs.ts (decodeInputs) names them so again. The brand exists only for the compiler.
 */
export type CanonicalManifest = JobManifest & { readonly [canonical]: true };

export function canonicalizeJobManifest(m: JobManifest): CanonicalManifest {
  const where = locationHints(m);
  const templateMeta = m.spec.template.metadata;
  const secretsAnnotation = templateMeta?.annotations?.[ANNOTATION.secrets];
  const aliases = secretsAnnotation && !isUnknown(secretsAnnotation) ? parseSecretAliases(secretsAnnotation) : new Map<string, string>();
  const keepSecrets = secretsAnnotation !== undefined && isUnknown(secretsAnnotation);
  const exec = m.spec.template.spec;
  const templateAnnotations = canonicalAnnotations(templateMeta?.annotations, "template", where, keepSecrets);
  // Binary Authorization on the execution template means the job's (v2 has only Job.binaryAuthorization).
  const binaryAuthorization = templateAnnotations?.[ANNOTATION.binaryAuthorization];
  if (templateAnnotations && binaryAuthorization !== undefined) delete templateAnnotations[ANNOTATION.binaryAuthorization];
  const jobAnnotations = canonicalAnnotations(m.metadata?.annotations, "job", where);
  const metadata = compact({
    name: m.metadata?.name,
    labels: canonicalLabels(m.metadata?.labels),
    annotations:
      binaryAuthorization !== undefined && jobAnnotations?.[ANNOTATION.binaryAuthorization] === undefined
        ? { ...jobAnnotations, [ANNOTATION.binaryAuthorization]: binaryAuthorization }
        : jobAnnotations,
  });
  const templateMetadata = compact({
    labels: canonicalLabels(templateMeta?.labels),
    annotations: templateAnnotations && Object.keys(templateAnnotations).length ? templateAnnotations : undefined,
  });
  const form: JobManifest = {
    ...(where.project !== undefined ? { project: where.project } : {}),
    ...(where.region !== undefined ? { region: where.region } : {}),
    ...(metadata ? { metadata } : {}),
    spec: {
      ...(m.spec.startExecutionToken !== undefined ? { startExecutionToken: m.spec.startExecutionToken } : {}),
      ...(m.spec.runExecutionToken !== undefined ? { runExecutionToken: m.spec.runExecutionToken } : {}),
      template: {
        ...(templateMetadata ? { metadata: templateMetadata } : {}),
        spec: {
          ...omitDefault("parallelism", exec.parallelism, DEFAULT_PARALLELISM),
          ...omitDefault("taskCount", exec.taskCount, DEFAULT_TASK_COUNT),
          template: { spec: canonicalTaskSpec(exec.template.spec, aliases) },
        },
      },
    },
  };
  // The one place a manifest becomes a CanonicalManifest.
  return sortKeys(form) as CanonicalManifest;
}

function canonicalLabels(labels: StringMap | undefined): StringMap | undefined {
  if (!labels) return undefined;
  return nonEmpty(Object.fromEntries(Object.entries(labels).filter(([k]) => classifyLabel(k).kind === "user")));
}

function canonicalAnnotations(
  annotations: StringMap | undefined,
  level: Level,
  where: Location,
  keepSecrets = false,
): StringMap | undefined {
  if (!annotations) return undefined;
  const out: StringMap = {};
  for (const [key, value] of Object.entries(annotations)) {
    const verdict = classifyAnnotation(key, level);
    if (verdict.kind === "user") out[key] = value;
    if (verdict.kind !== "setting") continue;
    if (isUnknown(value) || (key === ANNOTATION.secrets && keepSecrets)) {
      out[key] = value;
      continue;
    }
    const canonical = ANNOTATION_RULES[key]?.canonical(value, where);
    if (canonical !== undefined) out[key] = canonical;
  }
  return nonEmpty(out);
}
