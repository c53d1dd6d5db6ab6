// What a conversion collects on its way: notes, refusals, and where each part of the manifest came
// from, so that a failure of checkJobManifest on the result names the pulumi-gcp property (paths.ts).
import { isIdentifier } from "../failures";
import type { JobManifestInput } from "../public-types";
import type { Refusal } from "./result";

export type TaskSpecInput = JobManifestInput["spec"]["template"]["spec"]["template"]["spec"];
export type ContainerInput = TaskSpecInput["containers"][number];
export type EnvInput = NonNullable<ContainerInput["env"]>[number];
export type ProbeInput = NonNullable<ContainerInput["startupProbe"]>;
export type VolumeInput = NonNullable<TaskSpecInput["volumes"]>[number];
export type StringMap = Record<string, string>;

/** The pulumi-gcp path of the task template (`template.template`), the root of most properties. */
export const TASK_AT = "template.template";

export interface Trail {
  notes: string[];
  refusals: Refusal[];
  /** `job <key>` / `template <key>` → the pulumi-gcp property an annotation was made from. */
  annotationSources: Map<string, string>;
  /** The pulumi-gcp index of each volume the manifest keeps (Cloud SQL volumes become an annotation). */
  volumeIndex: number[];
  /** Per container, the pulumi-gcp index of each mount the manifest keeps. */
  mountIndex: number[][];
}

export function newTrail(): Trail {
  return { notes: [], refusals: [], annotationSources: new Map(), volumeIndex: [], mountIndex: [] };
}

export function note(t: Trail, property: string, text: string): void {
  t.notes.push(`${property}: ${text}`);
}

export function refuse(t: Trail, property: string, reason: string): void {
  t.refusals.push({ property, reason });
}

/**
 * `target[key] = value` as an own property, whatever the key: a key from the input such as
 * `__proto__` must be a key like any other, not the object's prototype.
 */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Sets a `run.googleapis.com/*` annotation and remembers which pulumi-gcp property it stands for. */
export function setAnnotation(t: Trail, level: "job" | "template", into: StringMap, key: string, value: string, source: string): void {
  setOwn(into, key, value);
  t.annotationSources.set(`${level} ${key}`, source);
}

/** `["a/b"]` for a map key that is not an identifier, `.key` otherwise (as failures.ts spells paths). */
export function keyAt(key: string): string {
  return isIdentifier(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}
