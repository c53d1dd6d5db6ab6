// Timestamps and durations in the shape the v2 messages carry them ({ seconds, nanos }, int64
// seconds as strings). Pure conversions: the clock that says what time it is lives in state/clock.ts.

export function timestamp(date: Date): { seconds: string; nanos: number } {
  const ms = date.getTime();
  return { seconds: String(Math.floor(ms / 1000)), nanos: (((ms % 1000) + 1000) % 1000) * 1_000_000 };
}

/** Milliseconds of a Duration / Timestamp message (int64 seconds arrive as strings). */
export function millis(value: { seconds?: unknown; nanos?: unknown } | null | undefined): number {
  if (!value) return 0;
  return Number(value.seconds ?? 0) * 1000 + Math.floor(Number(value.nanos ?? 0) / 1_000_000);
}
