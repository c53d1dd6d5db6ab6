// A check failure on the converted manifest names a v1 path; the user wrote pulumi-gcp's. This
// spells one as the other, with what the conversion recorded (trail.ts): which property each
// setting annotation came from, and the pulumi-gcp index of each kept volume and mount.
import type { Trail } from "./trail";
import { TASK_AT } from "./trail";

/** `spec.template.spec.template.spec`, as a regular expression. */
const TASK = "spec\\.template\\.spec\\.template\\.spec";

/** The pulumi-gcp property a v1 manifest path stands for; the v1 path, marked, when none does. */
export function pulumiPathOf(property: string, t: Trail): string {
  if (property === "metadata.name") return "name";
  if (property === "project") return "project";
  if (property === "region") return "location";
  const annotation = /^(metadata|spec\.template\.metadata)\.annotations(\.[\w$]+|\["(?:[^"\\]|\\.)*"\])(.*)$/.exec(property);
  if (annotation) {
    const level = annotation[1] === "metadata" ? "job" : "template";
    const key = annotation[2]!.startsWith(".") ? annotation[2]!.slice(1) : (JSON.parse(annotation[2]!.slice(1, -1)) as string);
    const source = t.annotationSources.get(`${level} ${key}`);
    return source ?? `${level === "job" ? "" : "template."}annotations${annotation[2]}${annotation[3]}`;
  }
  const rules: [RegExp, (m: RegExpExecArray) => string][] = [
    [/^metadata\.labels(.*)$/, (m) => `labels${m[1]}`],
    [/^spec\.(startExecutionToken|runExecutionToken)$/, (m) => m[1]!],
    [/^spec\.template\.metadata\.labels(.*)$/, (m) => `template.labels${m[1]}`],
    [/^spec\.template\.spec\.(parallelism|taskCount)$/, (m) => `template.${m[1]}`],
    [new RegExp(`^${TASK}\\.containers\\[(\\d+)\\](.*)$`), (m) => containerPath(Number(m[1]), m[2]!, t)],
    [new RegExp(`^${TASK}\\.volumes\\[(\\d+)\\](.*)$`), (m) => volumePath(Number(m[1]), m[2]!, t)],
    [new RegExp(`^${TASK}\\.timeoutSeconds$`), () => `${TASK_AT}.timeout`],
    [new RegExp(`^${TASK}\\.serviceAccountName$`), () => `${TASK_AT}.serviceAccount`],
    [new RegExp(`^${TASK}\\.nodeSelector(.*)$`), () => `${TASK_AT}.nodeSelector.accelerator`],
    [new RegExp(`^${TASK}\\.(.*)$`), (m) => `${TASK_AT}.${m[1]}`],
  ];
  for (const [pattern, spell] of rules) {
    const m = pattern.exec(property);
    if (m) return spell(m);
  }
  return `(v1 manifest) ${property}`;
}

function containerPath(i: number, rest: string, t: Trail): string {
  const spelled = rest
    .replace(/^\.command\b/, ".commands")
    .replace(/^\.env\b/, ".envs")
    .replace(/\.valueFrom\b/, ".valueSource")
    .replace(/\.secretKeyRef\.name$/, ".secretKeyRef.secret")
    .replace(/\.secretKeyRef\.key$/, ".secretKeyRef.version")
    .replace(/^\.volumeMounts\[(\d+)\]/, (_, k: string) => `.volumeMounts[${t.mountIndex[i]?.[Number(k)] ?? k}]`);
  return `${TASK_AT}.containers[${i}]${spelled}`;
}

function volumePath(i: number, rest: string, t: Trail): string {
  const spelled = rest
    .replace(/^\.secret\.secretName$/, ".secret.secret")
    .replace(/^(\.secret\.items\[\d+\])\.key$/, "$1.version")
    .replace(/^\.csi\.volumeAttributes\.bucketName$/, ".gcs.bucket")
    .replace(/^\.csi\.volumeAttributes\.mountOptions$/, ".gcs.mountOptions")
    .replace(/^\.csi\b.*$/, ".gcs");
  return `${TASK_AT}.volumes[${t.volumeIndex[i] ?? i}]${spelled}`;
}
