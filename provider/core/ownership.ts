// Which Pulumi resource a job belongs to. Every job the provider creates or adopts carries
// this annotation, so a create whose outcome was lost (a timeout, a killed process) can tell
// its own job from someone else's on the retry: its own is adopted, another's is refused.
// The annotation is the provider's, not the user's: reads leave it out of the inputs.

export const OWNER_ANNOTATION = "pulumi-cloudrun-jobs/owner";

/** `<stack>::<project>::<resource name>`, the parts of the URN a program knows up front. */
export function ownerOf(stack: string, project: string, logicalName: string): string {
  return `${stack}::${project}::${logicalName}`;
}

/** The resource name an owner string carries (stack and project names never hold "::"). */
export function logicalNameOfOwner(owner: string): string | undefined {
  const parts = owner.split("::");
  return parts.length >= 3 ? parts.slice(2).join("::") : undefined;
}

export function withOwner(annotations: Record<string, string> | null | undefined, owner: string | undefined): Record<string, string> {
  return owner ? { ...(annotations ?? {}), [OWNER_ANNOTATION]: owner } : { ...(annotations ?? {}) };
}

export function withoutOwner<T extends Record<string, string> | null | undefined>(annotations: T): T {
  if (!annotations || !(OWNER_ANNOTATION in annotations)) return annotations;
  const { [OWNER_ANNOTATION]: _owner, ...rest } = annotations;
  return rest as T;
}

export function ownerAnnotationOf(annotations: Record<string, string> | null | undefined): string | undefined {
  return annotations?.[OWNER_ANNOTATION];
}

/**
 * How a live job's owner annotation stands to a resource that would change it (adopt, take
 * back a create, update, delete): `free` (no annotation, as jobs made outside Pulumi are),
 * `ours` (it names the resource, under any of the names it is known by), `handedOver` (another
 * resource's, named by `takeOwnershipFrom`: it may be taken over) or `another` (refused).
 */
export type Ownership = { kind: "free" } | { kind: "ours" } | { kind: "handedOver"; from: string } | { kind: "another"; owner: string };

/**
 * `ours` lists the owners this resource is known by: the one the program sends now and, for an
 * existing resource, the one its state recorded (a resource renamed through `aliases`, a stack
 * renamed, keeps its job until the next update writes the new owner).
 */
export function ownershipOf(
  annotations: Record<string, string> | null | undefined,
  ours: ReadonlyArray<string | undefined>,
  takeOwnershipFrom?: string,
): Ownership {
  const owner = ownerAnnotationOf(annotations);
  if (owner === undefined) return { kind: "free" };
  if (ours.includes(owner)) return { kind: "ours" };
  if (takeOwnershipFrom === owner) return { kind: "handedOver", from: owner };
  return { kind: "another", owner };
}

/** The words that tell a user how to take a job over from `owner`, with the value to paste. */
export function takeOverAdvice(owner: string): string {
  return `set \`takeOwnershipFrom: ${JSON.stringify(owner)}\` on the Job`;
}
