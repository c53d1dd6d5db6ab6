// CPU, memory and GPU limits Cloud Run accepts for a job's containers.
// docs/architecture.md, facts: CPU and memory limits.
import { DEFAULT_CPU_MILLIS, DEFAULT_MEMORY_BYTES } from "../defaults";
import { formatBytes, formatMillicpu, GiB, MiB, parseMillicpu, parseQuantity } from "../quantities";
import type { ContainerManifest } from "../schema/v1";
import { isUnknown } from "../unknown";
import { keyPath, type Report } from "./common";

/**
 * CPU ↔ memory pairs Cloud Run accepts for jobs (docs/architecture.md facts: v1 → v2 mapping, docs configuring/jobs/cpu and memory-limits):
 * a fraction of a vCPU (0.08–1): 512 MiB (more memory needs a whole vCPU) [I]; 1 vCPU: 512 MiB–4 GiB;
 * 2: ≤ 8 GiB; 4: 2–16 GiB; 6: 4–24 GiB; 8: 4–32 GiB.
 */
const FRACTIONAL = { millis: 999, min: 512 * MiB, max: 512 * MiB };
const CPU_MEMORY: ReadonlyArray<{ millis: number; min: number; max: number }> = [
  { millis: 1000, min: 512 * MiB, max: 4 * GiB },
  { millis: 2000, min: 512 * MiB, max: 8 * GiB },
  { millis: 4000, min: 2 * GiB, max: 16 * GiB },
  { millis: 6000, min: 4 * GiB, max: 24 * GiB },
  { millis: 8000, min: 4 * GiB, max: 32 * GiB },
];
/** GPU jobs need at least 4 vCPU and 16 GiB (docs configuring/jobs/gpu) [I]. */
const GPU_MIN_MILLIS = 4000;
const GPU_MIN_MEMORY = 16 * GiB;

/** Returns true when the container asks for a GPU. */
export function checkResources(c: ContainerManifest, at: string, report: Report): boolean {
  const limits = c.resources?.limits;
  if (!limits) return false;
  const lat = `${at}.resources.limits`;
  for (const key of Object.keys(limits)) {
    if (!["cpu", "memory", "nvidia.com/gpu"].includes(key)) {
      report(`${lat}${keyPath(key)}`, "Cloud Run limits only `cpu`, `memory` and `nvidia.com/gpu`: remove it");
    }
  }
  const isUnknownValue = (v: string | number | undefined) => typeof v === "string" && isUnknown(v);
  if (isUnknownValue(limits.cpu) || isUnknownValue(limits.memory) || isUnknownValue(limits["nvidia.com/gpu"])) return false;
  const millis = limits.cpu !== undefined ? parseMillicpu(limits.cpu) : DEFAULT_CPU_MILLIS;
  const bytes = limits.memory !== undefined ? parseQuantity(limits.memory) : DEFAULT_MEMORY_BYTES;
  if (millis === undefined) {
    report(`${lat}.cpu`, `\`${limits.cpu}\` is not a CPU quantity: use e.g. "1", "2" or "500m"`);
  }
  if (bytes === undefined) {
    report(`${lat}.memory`, `\`${limits.memory}\` is not a memory quantity: use e.g. "512Mi" or "2Gi"`);
  }
  const gpuValue = limits["nvidia.com/gpu"];
  const gpu = gpuValue !== undefined;
  if (gpu && parseQuantity(gpuValue) !== 1) {
    report(`${lat}${keyPath("nvidia.com/gpu")}`, 'Cloud Run gives a container at most one GPU: use "1"');
  }
  if (millis === undefined || bytes === undefined) return gpu;
  const fractional = millis < 1000;
  const row = fractional ? FRACTIONAL : CPU_MEMORY.find((r) => r.millis === millis);
  if (fractional && millis < 80) {
    report(`${lat}.cpu`, `${formatMillicpu(millis)} is less than the smallest CPU, 80m: raise it`);
    return gpu;
  }
  if (!row) {
    report(`${lat}.cpu`, `${formatMillicpu(millis)} vCPU is not offered: use a fraction of 1 (e.g. "500m"), or 1, 2, 4, 6 or 8`);
    return gpu;
  }
  if (bytes < row.min) {
    report(
      `${lat}.memory`,
      `${formatBytes(bytes)} is less than ${formatBytes(row.min)}, the least memory for ${formatMillicpu(millis)} vCPU: raise memory or lower cpu`,
    );
  } else if (bytes > row.max) {
    const enough = CPU_MEMORY.find((r) => r.max >= bytes && r.millis > millis);
    const fix = enough ? `raise cpu to ${formatMillicpu(enough.millis)} or lower memory` : "lower memory to at most 32Gi";
    const cpu = fractional ? `less than 1` : formatMillicpu(millis);
    report(`${lat}.memory`, `${formatBytes(bytes)} is more than ${formatBytes(row.max)}, the most memory for ${cpu} vCPU: ${fix}`);
  }
  if (gpu && (millis < GPU_MIN_MILLIS || bytes < GPU_MIN_MEMORY)) {
    report(lat, `a GPU needs at least 4 vCPU and 16Gi of memory: set cpu to "4" or more and memory to "16Gi" or more`);
  }
  return gpu;
}
