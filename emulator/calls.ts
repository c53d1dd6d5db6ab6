// Per-RPC call counters (emulator-only), so tests can assert how many calls a client made.
export class CallCounter {
  private readonly counts = new Map<string, number>();

  record(qualifiedRpc: string): void {
    this.counts.set(qualifiedRpc, (this.counts.get(qualifiedRpc) ?? 0) + 1);
  }

  /** Calls of "Jobs.GetJob", of "GetJob" (any service) or of everything ("*"). */
  count(rpc: string): number {
    let total = 0;
    for (const [key, n] of this.counts) {
      if (rpc === "*" || key === rpc || key.endsWith(`.${rpc}`)) total += n;
    }
    return total;
  }

  /** `{ "Jobs.GetJob": 3, … }` */
  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }

  reset(): void {
    this.counts.clear();
  }
}
