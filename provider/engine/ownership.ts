// Who may change a job (issue 26, "Ownership is respected"): a job whose owner annotation names
// another Pulumi resource (another stack, project or resource name) is that resource's. Adopting
// it, taking it back on a create, updating or running it is refused before any change unless
// the Job names that owner in `takeOwnershipFrom`; deleting it leaves it alone; a refresh keeps
// it and says whose it is now. A job with no owner annotation (made outside Pulumi) is free to
// adopt, as before. The decisions are core/ownership.ts's; this module reads the live job,
// words the refusals in the one error model and prints the lines.
import { CloudRunError, Code } from "../cloud/errors";
import type { ApiJob } from "../core/api";
import { OWNER, type JobInputs, type Props } from "../core/inputs";
import { shortName } from "../core/names";
import { OWNER_ANNOTATION, type Ownership, ownershipOf, takeOverAdvice } from "../core/ownership";
import { type ReconcileContext, say } from "./context";

/** The owner a state's outputs (or inputs) recorded: the Job class's `__owner`, repeated in the outputs. */
export function ownerInState(state: Props | undefined): string | undefined {
  const owner = state?.[OWNER];
  return typeof owner === "string" ? owner : undefined;
}

/** How this resource gets a job it finds: by adopting it (`import`) or by finding it on create. */
export type Finding = "adopt" | "create";

/**
 * Before a job found under the resource's name is adopted or taken back: another resource's
 * job is refused (FAILED_PRECONDITION) unless `takeOwnershipFrom` names that owner; then it is
 * taken over, said so, and the caller's update writes our owner into the annotation.
 */
export function claimFound(ctx: ReconcileContext, how: Finding, inputs: JobInputs, live: ApiJob): Ownership {
  const ownership = ownershipOf(live.annotations, [inputs.owner], inputs.takeOwnershipFrom);
  if (ownership.kind === "another") {
    throw new CloudRunError({
      verb: how,
      resource: inputs.name,
      code: Code.FAILED_PRECONDITION,
      detail: `the job belongs to ${ownership.owner} (annotation ${OWNER_ANNOTATION}), another Pulumi resource`,
      advice:
        `To take it over from that resource, ${takeOverAdvice(ownership.owner)}; ` +
        (how === "adopt" ? "otherwise remove the import option" : "otherwise choose another metadata.name"),
    });
  }
  if (ownership.kind === "handedOver") announceTakeOver(ctx, inputs, ownership.from);
  return ownership;
}

function announceTakeOver(ctx: ReconcileContext, inputs: JobInputs, from: string): void {
  say(
    ctx,
    inputs,
    `taking the job over from ${from} (takeOwnershipFrom): that resource no longer changes, runs or deletes it; remove it from that stack's program`,
  );
}

/**
 * Before an update (or a run) of a job this resource has in its state: refused when another
 * resource has taken the job over since, unless `takeOwnershipFrom` names it (taking it back).
 * `previousOwner` is the owner the state recorded (the resource's former name, after an alias).
 */
export function claimForUpdate(ctx: ReconcileContext, inputs: JobInputs, live: ApiJob, previousOwner: string | undefined): void {
  const ownership = ownershipOf(live.annotations, [inputs.owner, previousOwner], inputs.takeOwnershipFrom);
  if (ownership.kind === "another") {
    throw new CloudRunError({
      verb: "update",
      resource: inputs.name,
      code: Code.FAILED_PRECONDITION,
      detail: `the job now belongs to ${ownership.owner} (annotation ${OWNER_ANNOTATION}): another Pulumi resource took it over; nothing was changed or run`,
      advice: `To take it back, ${takeOverAdvice(ownership.owner)}; or remove the Job from this program, which leaves the job as it is`,
    });
  }
  if (ownership.kind === "handedOver") announceTakeOver(ctx, inputs, ownership.from);
}

/** Whether an update must be sent to write our owner into the annotation (a job being taken over). */
export function ownerToRewrite(inputs: JobInputs, live: ApiJob): boolean {
  const ownership = ownershipOf(live.annotations, [inputs.owner]);
  // A job with no owner is stamped too when adopted: otherwise a second stack could adopt it
  // as well, and the first one's destroy would delete it under the second.
  return inputs.owner !== undefined && ownership.kind !== "ours";
}

/** A refresh of a job another resource has taken over: kept in this state, and said so. */
export function reportOwnerOnRead(ctx: ReconcileContext, id: string, state: Props, live: ApiJob): void {
  const ownership = ownershipOf(live.annotations, [ownerInState(state)]);
  if (ownership.kind !== "another") return;
  ctx.log(
    `cloudrun job ${shortName(id)}: now belongs to ${ownership.owner} (annotation ${OWNER_ANNOTATION}): this stack's up will not change or run it; ` +
      `to take it back, ${takeOverAdvice(ownership.owner)}; to let it go, remove the Job from this program (the job is left as it is)`,
  );
}

/**
 * `pulumi destroy`, or a Job removed from the program: the job is deleted when it is this
 * resource's (our owner annotation, or none); one another resource has taken over since is
 * left alone, said so, and the resource leaves this stack's state only.
 */
export async function deleteJob(ctx: ReconcileContext, id: string, state: Props | undefined): Promise<void> {
  if (ctx.madeHere?.has(id)) {
    ctx.log(
      `cloudrun job ${shortName(id)}: not deleted: the resource that replaces this one in this deployment has the same name and took the job over; it stays with that resource`,
    );
    return;
  }
  const live = await ctx.gateway.getJob(id);
  if (!live) return; // already gone: nothing to delete
  const ownership = ownershipOf(live.annotations, [ownerInState(state)]);
  if (ownership.kind === "another") {
    ctx.log(
      `cloudrun job ${shortName(id)}: not deleted: it now belongs to ${ownership.owner} (annotation ${OWNER_ANNOTATION}); removed from this stack's state only`,
    );
    return;
  }
  await ctx.gateway.deleteJob(id);
}
