// Emulated time. Executions run on this clock, so a speed factor turns a 10-minute
// simulated execution into seconds (emulator-only; timestamps then run ahead of wall time).
export interface Timer {
  cancel(): void;
}

export interface Clock {
  now(): Date;
  /** Calls fn after `ms` of emulated time. */
  setTimer(ms: number, fn: () => void): Timer;
}

export class ScaledClock implements Clock {
  private readonly realOrigin = Date.now();

  constructor(readonly speed = 1) {
    if (!(speed > 0)) throw new Error(`clock speed must be > 0, got ${speed}`);
  }

  now(): Date {
    const real = Date.now();
    return new Date(this.realOrigin + (real - this.realOrigin) * this.speed);
  }

  setTimer(ms: number, fn: () => void): Timer {
    const handle = setTimeout(fn, Math.max(0, ms / this.speed));
    return { cancel: () => clearTimeout(handle) };
  }
}

export function timestamp(date: Date): { seconds: string; nanos: number } {
  const ms = date.getTime();
  return { seconds: String(Math.floor(ms / 1000)), nanos: (((ms % 1000) + 1000) % 1000) * 1_000_000 };
}

/** Milliseconds of a Duration / Timestamp message (int64 seconds arrive as strings). */
export function millis(value: { seconds?: unknown; nanos?: unknown } | null | undefined): number {
  if (!value) return 0;
  return Number(value.seconds ?? 0) * 1000 + Math.floor(Number(value.nanos ?? 0) / 1_000_000);
}
