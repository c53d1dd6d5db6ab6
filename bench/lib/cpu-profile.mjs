// Reading V8 CPU profiles (the inspector's Profiler.stop, or --cpu-prof files) for the bench's
// profiling tools (profile.mjs, self-profile.mjs, create-cost.mjs --profile): which package a
// sample's code belongs to, and self time by package and by function.

/** The package (or our own build) a profile node's script URL belongs to. */
export function packageOf(url) {
  if (!url) return "(native / engine)";
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  if (url.includes("/dist/provider/")) return "pulumi-cloudrun-jobs (dist/provider)";
  if (url.includes("/dist/emulator/")) return "emulator (dist/emulator)";
  if (url.includes("/bench/noop/")) return "bench/noop";
  if (url.startsWith("node:")) return "node internals";
  return url.replace(/^file:\/\//, "");
}

/**
 * Self time (µs) of one profile by package and by function (`name package:line`), leaving out
 * the pseudo-nodes named in `skip` (always "(idle)"); `busyUs` is the sum of what is kept.
 */
export function selfTimes(profile, skip = []) {
  const leaveOut = new Set(["(idle)", ...skip]);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const byPkg = new Map();
  const byFn = new Map();
  let busyUs = 0;
  profile.samples.forEach((id, i) => {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    if (leaveOut.has(functionName)) return;
    const us = profile.timeDeltas[i] ?? 0;
    busyUs += us;
    const pkg = packageOf(url);
    byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + us);
    const fn = `${functionName || "(anonymous)"} ${pkg}:${lineNumber + 1}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + us);
  });
  return { byPkg, byFn, busyUs };
}

/** The k largest entries of a Map of µs, one line each, through `format(us)`. */
export function topLines(map, k, format) {
  return [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(([name, us]) => `${format(us)}  ${name}`);
}
