// v2 field paths (`job.template.template.containers[0].image`, what the v2 handlers name in
// their field violations) as the v1 manifest's (`spec.template.spec.template.spec.containers[0].image`),
// so that a refusal on the v1 face names the field the caller wrote. Fields that v1 keeps in
// annotations name the annotation (`spec.template.metadata.annotations[run.googleapis.com/vpc-access-egress]`).
// [I]: Cloud Run's v1 wording is not documented; the paths follow the v1 discovery document.

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const camelPath = (path: string) => path.split(".").map(camel).join(".");

const TEMPLATE_ANNOTATIONS = "spec.template.metadata.annotations";
const TASK = "spec.template.spec.template.spec";

function containerField(rest: string): string {
  return rest
    .replace(/^depends_on.*$/, "\u0000")
    .replace(/(env\[\d+\])\.value_source\.secret_key_ref\.secret/, "$1.valueFrom.secretKeyRef.name")
    .replace(/(env\[\d+\])\.value_source\.secret_key_ref\.version/, "$1.valueFrom.secretKeyRef.key")
    .replace(/(env\[\d+\])\.value_source/, "$1.valueFrom");
}

function taskField(rest: string): string {
  let m: RegExpExecArray | null;
  if ((m = /^containers(\[\d+\])(?:\.(.*))?$/.exec(rest))) {
    const field = m[2] === undefined ? "" : containerField(m[2]);
    if (field === "\u0000") return `${TEMPLATE_ANNOTATIONS}[run.googleapis.com/container-dependencies]`;
    return `${TASK}.containers${m[1]}${field ? `.${camelPath(field)}` : ""}`;
  }
  if ((m = /^volumes(\[\d+\])(?:\.(.*))?$/.exec(rest))) {
    const field = (m[2] ?? "")
      .replace(/^secret\.secret$/, "secret.secretName")
      .replace(/^secret\.items(\[\d+\])\.version$/, "secret.items$1.key")
      .replace(/^gcs\.bucket$/, "csi.volumeAttributes.bucketName")
      .replace(/^gcs\.mount_options.*$/, "csi.volumeAttributes.mountOptions")
      .replace(/^gcs/, "csi");
    if (field.startsWith("cloud_sql_instance")) return `${TEMPLATE_ANNOTATIONS}[run.googleapis.com/cloudsql-instances]`;
    return `${TASK}.volumes${m[1]}${field ? `.${camelPath(field)}` : ""}`;
  }
  if (rest === "max_retries") return `${TASK}.maxRetries`;
  if (rest === "timeout") return `${TASK}.timeoutSeconds`;
  if (rest === "service_account") return `${TASK}.serviceAccountName`;
  if (rest === "execution_environment") return `${TEMPLATE_ANNOTATIONS}[run.googleapis.com/execution-environment]`;
  if (rest === "encryption_key") return `${TEMPLATE_ANNOTATIONS}[run.googleapis.com/encryption-key]`;
  if (rest.startsWith("vpc_access.connector")) return `${TEMPLATE_ANNOTATIONS}[run.googleapis.com/vpc-access-connector]`;
  if (rest.startsWith("vpc_access.egress")) return `${TEMPLATE_ANNOTATIONS}[run.googleapis.com/vpc-access-egress]`;
  if (rest.startsWith("vpc_access")) return `${TEMPLATE_ANNOTATIONS}[run.googleapis.com/network-interfaces]`;
  if (rest.startsWith("node_selector")) return `${TASK}.nodeSelector[run.googleapis.com/accelerator]`;
  return `${TASK}.${camelPath(rest)}`;
}

/** One v2 field path as the v1 path of the same value. */
export function v1FieldPath(field: string): string {
  let m: RegExpExecArray | null;
  if (field === "job_id") return "metadata.name";
  if (field === "parent") return "metadata.namespace";
  if (field === "job") return "";
  if ((m = /^job\.(labels|annotations)(.*)$/.exec(field))) return `metadata.${m[1]}${m[2]}`;
  if (field === "job.start_execution_token") return "spec.startExecutionToken";
  if (field === "job.run_execution_token") return "spec.runExecutionToken";
  if (field === "job.template") return "spec.template";
  if (field === "job.template.template") return "spec.template.spec.template";
  if ((m = /^job\.template\.template\.(.*)$/.exec(field))) return taskField(m[1]!);
  if ((m = /^job\.template\.(labels|annotations)(.*)$/.exec(field))) return `spec.template.metadata.${m[1]}${m[2]}`;
  if ((m = /^job\.template\.(.*)$/.exec(field))) return `spec.template.spec.${camelPath(m[1]!)}`;
  if ((m = /^overrides\.timeout$/.exec(field))) return "overrides.timeoutSeconds";
  if ((m = /^job\.(.*)$/.exec(field))) return camelPath(m[1]!);
  return camelPath(field);
}
