// Per-RPC call counters (emulator-only), so tests can assert how many calls a client made, and
// through which face: a suite run "over REST" proves it by the REST face's count.
import type { Face } from "../base/face";

export class CallCounter {
  private readonly counts = new Map<string, number>();
  private readonly perFace: Record<Face, number> = { grpc: 0, rest: 0, v1: 0 };

  record(qualifiedRpc: string, face: Face): void {
    this.counts.set(qualifiedRpc, (this.counts.get(qualifiedRpc) ?? 0) + 1);
    this.perFace[face] += 1;
  }

  /** Calls per face: `{ grpc: 12, rest: 0, v1: 0 }`. A v1 call counts once, under v1. */
  faces(): Record<Face, number> {
    return { ...this.perFace };
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
    for (const face of Object.keys(this.perFace) as Face[]) this.perFace[face] = 0;
  }
}
