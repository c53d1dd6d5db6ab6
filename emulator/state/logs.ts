// The emulator's Cloud Logging store: the LogEntries its tasks wrote, per project, in the order
// they were written (timestamps never go backwards: each entry gets a microsecond of its own).
// Bounded: the last `limit` entries per project are kept (default 10,000), the oldest dropped
// first; an entry's payload is at most 256 KB (model/logging/entry.ts). Persisted with the rest of
// the state by --state-file (state-file.ts), under `logs`.
import type { LogEntryJson } from "../model/logging/entry";

export const DEFAULT_LOG_LIMIT = 10_000;

export interface LogsData {
  /** Entries per project, oldest first. */
  entries: Record<string, LogEntryJson[]>;
  dropped?: Record<string, number>;
}

export class LogStore {
  private readonly byProject = new Map<string, LogEntryJson[]>();
  private readonly droppedCount = new Map<string, number>();
  private readonly listeners = new Set<(project: string, entry: LogEntryJson) => void>();
  private lastMicros = 0;

  constructor(readonly limit = DEFAULT_LOG_LIMIT) {
    if (!(Number.isInteger(limit) && limit > 0)) throw new Error(`the log limit must be a positive integer, got ${limit}`);
  }

  /**
   * A timestamp for a new entry, in microseconds: the clock's time, or one microsecond after the
   * last entry's if the clock has not moved on (so entries keep the order they were written in).
   */
  stamp(clockMs: number): number {
    const micros = Math.max(Math.floor(clockMs) * 1000, this.lastMicros + 1);
    this.lastMicros = micros;
    return micros;
  }

  append(project: string, entry: LogEntryJson): void {
    let list = this.byProject.get(project);
    if (!list) this.byProject.set(project, (list = []));
    list.push(entry);
    if (list.length > this.limit) {
      const excess = list.length - this.limit;
      list.splice(0, excess);
      this.droppedCount.set(project, (this.droppedCount.get(project) ?? 0) + excess);
    }
    for (const listener of this.listeners) listener(project, entry);
  }

  /** A project's entries, oldest first (do not modify). */
  entries(project: string): readonly LogEntryJson[] {
    return this.byProject.get(project) ?? [];
  }

  projects(): string[] {
    return [...this.byProject.keys()];
  }

  /** How many entries of a project the bound has dropped so far. */
  dropped(project: string): number {
    return this.droppedCount.get(project) ?? 0;
  }

  size(): number {
    let n = 0;
    for (const list of this.byProject.values()) n += list.length;
    return n;
  }

  onAppend(listener: (project: string, entry: LogEntryJson) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  reset(): void {
    this.byProject.clear();
    this.droppedCount.clear();
  }

  toJSON(): LogsData {
    return { entries: Object.fromEntries(this.byProject), dropped: Object.fromEntries(this.droppedCount) };
  }

  /** Loads saved entries; a smaller limit than they were saved with keeps the newest. */
  load(data: LogsData | undefined): void {
    this.reset();
    for (const [project, list] of Object.entries(data?.entries ?? {})) {
      const kept = list.slice(-this.limit);
      this.byProject.set(project, kept);
      const dropped = (data?.dropped?.[project] ?? 0) + (list.length - kept.length);
      if (dropped) this.droppedCount.set(project, dropped);
      for (const entry of kept) {
        const micros = microsOf(entry.timestamp);
        if (micros > this.lastMicros) this.lastMicros = micros;
      }
    }
  }
}

/** Microseconds since the epoch of an RFC 3339 UTC timestamp as the emulator writes them. */
export function microsOf(timestamp: string): number {
  const ms = Date.parse(timestamp);
  const fraction = /\.(\d+)/.exec(timestamp)?.[1] ?? "";
  return Math.floor(ms / 1000) * 1_000_000 + Number(fraction.slice(0, 6).padEnd(6, "0"));
}
