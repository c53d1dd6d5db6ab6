// Kubernetes resource quantities, as Cloud Run takes them in `resources.limits` (§2.4).
const CPU = /^(\d+(?:\.\d+)?)(m?)$/;
const MEMORY = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/;
const UNITS: Record<string, number> = {
  "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4,
};

/** vCPUs of "1", "0.5" or "1000m"; undefined when unparseable. */
export function parseCpu(value: string): number | undefined {
  const m = CPU.exec(value.trim());
  if (!m) return undefined;
  return Number(m[1]) / (m[2] === "m" ? 1000 : 1);
}

/** Bytes of "512Mi", "1G" or "536870912"; undefined when unparseable. */
export function parseMemory(value: string): number | undefined {
  const m = MEMORY.exec(value.trim());
  if (!m) return undefined;
  return Number(m[1]) * UNITS[m[2] ?? ""]!;
}
