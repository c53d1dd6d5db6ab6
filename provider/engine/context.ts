// What every reconcile step works with: the gateway (injected, so orchestration runs in-process
// against an emulator in tests), the line printer, and the partial failure the engine records.
import type { JobGateway } from "./gateway-contract";
import { PROVIDER, type JobInputs, type Props } from "../core/inputs";

/** Prints one line of `pulumi preview`/`up` output. */
export type Log = (line: string) => void;

export interface ReconcileContext {
  gateway: JobGateway;
  log: Log;
  /**
   * The jobs this provider process took back on a create (ALREADY_EXISTS, our owner annotation;
   * one process serves one deployment). A delete of one of them in the same deployment is the
   * old half of a replacement that kept the job's name (`pulumi up --replace`: the engine checks
   * the resource with no old inputs, so a fixed name stays and an autoname is drawn again from
   * the same seed, and the create takes the job back): deleting it would leave the new resource
   * without its job (engine/ownership.ts deleteJob).
   */
  madeHere?: Set<string>;
}

/**
 * A line about a job. The provider's stdout becomes info diagnostics of the run
 * (https://www.pulumi.com/docs/iac/concepts/providers/dynamic-providers/), so each line names
 * the job it is about.
 */
export function say(ctx: ReconcileContext, inputs: { readonly name: string }, message: string): void {
  ctx.log(`cloudrun job ${inputs.name}: ${message}`);
}

/**
 * A partial failure: the job exists (so state must record it, or it would be orphaned) but
 * is not what was asked. The engine stores `id` and `properties` and shows `reasons`; the next
 * `up` runs update again. The Pulumi SDK's dynamic-provider host recognizes this shape
 * (`@pulumi/pulumi` cmd/dynamic-provider, `ResourceInitError`: an error with `id`,
 * `properties` and `reasons`).
 */
export class JobInitError extends Error {
  constructor(
    readonly id: string,
    readonly properties: Props,
    readonly reasons: string[],
  ) {
    super(reasons.join("; "));
  }
}

/** The one way a partial failure is made: the job's outputs as it now is, and why it is not done. */
export function partialFailure(inputs: JobInputs, outputs: Props, reason: string): JobInitError {
  return new JobInitError(inputs.id, { ...outputs, [PROVIDER]: inputs.provider }, [reason]);
}
