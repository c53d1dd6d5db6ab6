// What a run needs of IAM, and the refusal that names what is missing and a role that grants it.
// Roles from https://cloud.google.com/run/docs/execute/jobs ("Required roles": Cloud Run Invoker
// to execute, Cloud Run Developer to override a job's configuration for one execution). Pure.

export const RUN_PERMISSION = "run.jobs.run";
export const RUN_WITH_OVERRIDES_PERMISSION = "run.jobs.runWithOverrides";
/** Reading the execution while it is awaited (and its result): without it, a run would start and never be seen. */
export const READ_EXECUTION_PERMISSION = "run.executions.get";

const GRANTED_BY: Record<string, string> = {
  [RUN_PERMISSION]: "roles/run.invoker",
  [RUN_WITH_OVERRIDES_PERMISSION]: "roles/run.developer",
  [READ_EXECUTION_PERMISSION]: "roles/run.viewer",
};

/** The permissions a run needs: to run (and with overrides when it has any), and to read its execution. */
export function permissionsForRun(withOverrides: boolean): string[] {
  return withOverrides
    ? [RUN_PERMISSION, RUN_WITH_OVERRIDES_PERMISSION, READ_EXECUTION_PERMISSION]
    : [RUN_PERMISSION, READ_EXECUTION_PERMISSION];
}

/** Why the run is refused (the error's detail, after `run job <name>:`), or undefined when `held` covers `needed`. */
export function missingPermissions(job: string, needed: readonly string[], held: readonly string[]): string | undefined {
  const missing = needed.filter((p) => !held.includes(p));
  if (!missing.length) return undefined;
  const grants = missing.map((p) => `\`${p}\` (granted by ${GRANTED_BY[p] ?? "a role that includes it"})`).join(" and ");
  const role = GRANTED_BY[missing.at(-1)!] ?? "a role with it";
  return (
    `the deploying identity lacks ${grants} on job ${job}; nothing was run. ` +
    `Grant it, e.g. \`gcloud run jobs add-iam-policy-binding ${job.split("/").pop()} --region ${job.split("/")[3]} --member <deployer> --role ${role}\``
  );
}
