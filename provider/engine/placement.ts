// Before `up` changes a job whose manifest named its project by number (an export's
// metadata.namespace) while the stack names it by id (core/placement.ts): the two must be the
// same project. Asked once per project and provider process (cloud/projects.ts), never in a
// preview. A number known to be another project's is refused before any change; when the
// number cannot be looked up (no permission to read the project), the job still goes where the
// stack says, and a line says the namespace was not verified.
import { CloudRunError, Code } from "../cloud/errors";
import type { JobInputs } from "../core/inputs";
import { type ReconcileContext, say } from "./context";

export async function verifyProjectNumber(ctx: ReconcileContext, inputs: JobInputs): Promise<void> {
  const given = inputs.projectNumber;
  if (given === undefined || !ctx.gateway.projectNumber) return;
  let actual: string;
  try {
    actual = await ctx.gateway.projectNumber(inputs.project);
  } catch (err) {
    const why = err instanceof Error ? err.message.split("\n")[0] : String(err);
    say(
      ctx,
      inputs,
      `metadata.namespace ${given} not verified as project ${inputs.project}'s number (${why}); the job goes to ${inputs.project}, as the stack says`,
    );
    return;
  }
  if (actual === given) return;
  throw new CloudRunError({
    verb: "check",
    resource: inputs.name,
    code: Code.FAILED_PRECONDITION,
    detail: `metadata.namespace ${given} is not project ${inputs.project} (whose number is ${actual}): the manifest comes from another project`,
    advice: `Remove metadata.namespace (or set it to ${inputs.project}) to deploy to ${inputs.project}, or set \`project\` on the Job to the project the manifest names`,
  });
}
