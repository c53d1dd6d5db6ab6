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
