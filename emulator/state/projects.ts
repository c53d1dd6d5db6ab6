// One project, two names: Cloud Run knows a project by its id and by its number, answers v1
// `metadata.namespace` with the number, and a request naming either reaches the same jobs.
// The emulator stores everything under the project id; a number is resolved back to the id it
// belongs to. A number is either given (`--project-number id=number`) or derived from the id
// (model/defaults.ts `projectNumber`, a stable fake): emulator-only, Cloud Run's numbers come
// from Resource Manager.
import { projectNumber } from "../model/defaults";
import type { Store } from "./store";

const NUMBER = /^\d+$/;

export class ProjectNumbers {
  private readonly given = new Map<string, string>();
  private readonly seen = new Set<string>();

  constructor(
    private readonly store: Store,
    given: Record<string, string> = {},
  ) {
    for (const [id, number] of Object.entries(given)) this.set(id, number);
  }

  set(id: string, number: string): void {
    if (NUMBER.test(id)) throw new Error(`project id "${id}" is a number: give id=number`);
    if (!NUMBER.test(number)) throw new Error(`project number "${number}" for "${id}" is not a number`);
    for (const [other, n] of this.given)
      if (n === number && other !== id) throw new Error(`project number ${number} is given to both "${other}" and "${id}"`);
    this.given.set(id, number);
  }

  /** The number of a project id (a number is its own number). */
  numberOf(project: string): string {
    if (NUMBER.test(project)) return project;
    return this.given.get(project) ?? projectNumber(project);
  }

  /** Remembers an id seen in a request, so that its number can be resolved later. */
  note(project: string): void {
    if (!NUMBER.test(project) && !this.given.has(project)) this.seen.add(project);
  }

  /** The id a project id or number names: a number known as some project's becomes that id. */
  idOf(project: string): string {
    if (!NUMBER.test(project)) return project;
    for (const [id, number] of this.given) if (number === project) return id;
    const candidates = new Set(this.seen);
    for (const key of this.store.jobs.keys()) candidates.add(key.split("/")[1]!);
    for (const record of this.store.deletedJobs) candidates.add(record.job.name!.split("/")[1]!);
    for (const id of candidates) if (!NUMBER.test(id) && this.numberOf(id) === project) return id;
    return project;
  }

  /** `projects/{number}/…` as `projects/{id}/…`; other strings unchanged. Notes ids it sees. */
  canonicalName(name: string): string {
    const m = /^projects\/([^/]+)(\/.*)?$/.exec(name);
    if (!m) return name;
    this.note(m[1]!);
    const id = this.idOf(m[1]!);
    return id === m[1] ? name : `projects/${id}${m[2] ?? ""}`;
  }
}

/** `id=number` (the CLI's `--project-number`). */
export function parseProjectNumber(text: string): [string, string] {
  const m = /^([^=\s]+)=(\d+)$/.exec(text.trim());
  if (!m) throw new Error(`--project-number must be <project-id>=<number>, got "${text}"`);
  return [m[1]!, m[2]!];
}
