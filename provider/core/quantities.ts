// Kubernetes quantities as Cloud Run reads them (`cpu: "1"` = `"1000m"`, `memory: "1Gi"` =
// `"1024Mi"`), parsed to numbers and printed back in one canonical spelling.
// docs/architecture.md, facts: CPU and memory limits.

const BINARY: ReadonlyArray<[string, number]> = [
  ["Ei", 2 ** 60],
  ["Pi", 2 ** 50],
  ["Ti", 2 ** 40],
  ["Gi", 2 ** 30],
  ["Mi", 2 ** 20],
  ["Ki", 2 ** 10],
];
const DECIMAL: ReadonlyArray<[string, number]> = [
  ["E", 1e18],
  ["P", 1e15],
  ["T", 1e12],
  ["G", 1e9],
  ["M", 1e6],
  ["k", 1e3],
];
const SUFFIX = new Map<string, number>([...BINARY, ...DECIMAL, ["m", 1e-3], ["", 1]]);

const QUANTITY = /^([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(Ei|Pi|Ti|Gi|Mi|Ki|E|P|T|G|M|k|m)?$/;

/** The value of a quantity in base units (cores, bytes), or undefined when it is not one. */
export function parseQuantity(value: string | number): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value : undefined;
  const match = QUANTITY.exec(value.trim());
  if (!match) return undefined;
  return Number(match[1]) * (SUFFIX.get(match[2] ?? "") ?? 1);
}

/** CPU in millicores, rounded as Kubernetes does (1m resolution). */
export function parseMillicpu(value: string | number): number | undefined {
  const cores = parseQuantity(value);
  return cores === undefined ? undefined : Math.round(cores * 1000);
}

/** Canonical CPU: whole cores as `"2"`, fractions as millicores `"500m"`. */
export function formatMillicpu(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

/** Canonical memory: the largest binary unit that divides it exactly, else decimal, else bytes. */
export function formatBytes(bytes: number): string {
  const whole = Math.round(bytes);
  for (const [suffix, size] of BINARY) if (whole >= size && whole % size === 0) return `${whole / size}${suffix}`;
  for (const [suffix, size] of DECIMAL) if (whole >= size && whole % size === 0) return `${whole / size}${suffix}`;
  return String(whole);
}

export const MiB = 2 ** 20;
export const GiB = 2 ** 30;
