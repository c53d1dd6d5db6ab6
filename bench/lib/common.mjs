// Shared by every figure: the repository root, a `require` rooted there (so programs, the
// engine and the provider process share one @pulumi/pulumi), medians, timers.
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const requireFromRoot = createRequire(path.join(ROOT, "package.json"));
export const auto = requireFromRoot("@pulumi/pulumi/automation");

/**
 * Requires `id` as a program started by `pulumi` would: with nothing of our package, or of the
 * libraries only it loads, cached from an earlier run in this process. A real program loads the
 * package on every preview and up; the inline programs of the bench share one process, so
 * without this the package's load time would drop out of every figure but the first.
 * @pulumi/pulumi stays cached (the engine connection lives there), as it is for the floor.
 */
export function requireAfresh(id) {
  const mine = [
    path.join(ROOT, "dist") + path.sep,
    path.join(ROOT, "bench", "noop") + path.sep,
    path.join(ROOT, "node_modules", "zod") + path.sep,
  ];
  for (const key of Object.keys(requireFromRoot.cache)) {
    if (mine.some((prefix) => key.startsWith(prefix))) delete requireFromRoot.cache[key];
  }
  return requireFromRoot(id);
}

export function median(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** CPU time (user + system) this process has used, in ms. */
export function cpuMs() {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

export async function timed(fn) {
  const start = performance.now();
  const result = await fn();
  return { ms: performance.now() - start, result };
}

export function log(...args) {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${args.join(" ")}\n`);
}

/** Silences console.log (the provider's progress lines) while fn runs in this process. */
export async function quietly(fn) {
  const original = console.log;
  console.log = () => {};
  try {
    return await fn();
  } finally {
    console.log = original;
  }
}
