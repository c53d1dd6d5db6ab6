// --state-file: the store as JSON, written shortly after every change and on stop, read at
// start, so jobs and executions survive a restart (emulator-only). Writes are atomic
// (temporary file + rename) so a crash never leaves half a file.
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { Store, StoreData } from "./store";

const FORMAT = "cloudrun-emulator-state/v1";
const WRITE_DELAY_MS = 50;
/** Log lines come in bursts: they are written at most once a second (and on stop). */
const LOG_WRITE_DELAY_MS = 1000;

export class StateFile {
  private timer: NodeJS.Timeout | undefined;
  private timerDue = 0;
  private unsubscribe: (() => void) | undefined;
  private unsubscribeLogs: (() => void) | undefined;

  constructor(
    private readonly path: string,
    private readonly store: Store,
    private readonly log: (line: string) => void = () => {},
  ) {}

  /** Loads the file if it exists; returns whether it did. */
  load(): boolean {
    if (!existsSync(this.path)) return false;
    const parsed = JSON.parse(readFileSync(this.path, "utf8")) as { format?: string; data?: StoreData };
    if (parsed.format !== FORMAT || !parsed.data) throw new Error(`${this.path} is not a cloudrun-emulator state file (${FORMAT})`);
    this.store.load(parsed.data);
    return true;
  }

  watch(): void {
    this.unsubscribe = this.store.onChange(() => this.schedule(WRITE_DELAY_MS));
    this.unsubscribeLogs = this.store.logs.onAppend(() => this.schedule(LOG_WRITE_DELAY_MS));
  }

  private schedule(delay: number): void {
    if (this.timer && this.timerDue <= Date.now() + delay) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDue = Date.now() + delay;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // A failed write must not take the emulator down; the next change tries again.
      try {
        this.flush();
      } catch (err) {
        this.log(`cloudrun-emulator: cannot write ${this.path}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }, delay);
  }

  flush(): void {
    const tmp = `${this.path}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify({ format: FORMAT, data: this.store.toJSON() }));
    renameSync(tmp, this.path);
  }

  close(): void {
    this.unsubscribe?.();
    this.unsubscribeLogs?.();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.flush();
  }
}
