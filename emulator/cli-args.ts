// Parsing helpers for the CLI: durations ("500ms", "2s", "1m", bare numbers are ms) and
// fault specs ("rpc=GetJob,code=UNAVAILABLE,times=2" or a JSON object).
import type { FaultKind, FaultSpec } from "./faults";

export function parseDurationMs(text: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new Error(`${flag} must be a duration like 500ms, 2s or 1m, got "${text}"`);
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] ?? "ms"]!;
  return Number(m[1]) * factor;
}

export function parseFaultSpec(text: string): FaultSpec {
  if (text.trim().startsWith("{")) return JSON.parse(text) as FaultSpec;
  const spec: Record<string, string> = {};
  for (const part of text.split(",")) {
    const i = part.indexOf("=");
    if (i <= 0) throw new Error(`fault "${text}": expected key=value pairs, got "${part}"`);
    spec[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  if (!spec.rpc) throw new Error(`fault "${text}": rpc= is required`);
  return {
    rpc: spec.rpc,
    ...(spec.kind ? { kind: spec.kind as FaultKind } : {}),
    ...(spec.code ? { code: spec.code } : {}),
    ...(spec.message ? { message: spec.message } : {}),
    ...(spec.times ? { times: Number(spec.times) } : {}),
    ...(spec.fraction ? { fraction: Number(spec.fraction) } : {}),
    ...(spec.latency ? { latencyMs: parseDurationMs(spec.latency, "latency") } : {}),
  };
}
