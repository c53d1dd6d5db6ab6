// The provider process ends with the `pulumi` that started it.
//
// Pulumi's dynamic-provider host (`@pulumi/pulumi` cmd/dynamic-provider) is a gRPC server: its
// listening socket keeps Node's event loop alive until the process is killed. The engine stops it
// when it closes the plugin (SIGINT to the plugin's process group, SIGKILL 5 s later:
// `sdk/go/common/resource/plugin/plugin.go`, `execPlugin`). A `pulumi` that never gets there
// (SIGKILL, out of memory, a crash) leaves the host running, with parent 1, for good.
//
// So, in the host only (argv[1] is its entry), this module exits the process once
//   - the engine's end of stdin is closed: the engine gives every plugin a pipe as stdin
//     (`cmd.StdinPipe()`), writes nothing to it, and its end closes when `pulumi` exits however
//     it exits; this holds whatever launcher started the host (Pulumi's own launcher runs node
//     under a shell that stays its parent);
//   - or the parent process changes (the launcher exec'd node, and `pulumi` is gone), checked
//     every second.
// Neither watch keeps the process alive by itself: the timer and the stdin handle are unref'd.
// Loaded in any other process (tests, a program that imports the package), it does nothing.
// Here rather than in the launcher alone: a user's Pulumi installation brings its own launcher.
import { fstatSync } from "node:fs";

/** True when argv is the dynamic-provider host's: `node …/@pulumi/pulumi/cmd/dynamic-provider[/index.js] <engine>`. */
export function isProviderHost(argv: readonly string[] = process.argv): boolean {
  return /[\\/]cmd[\\/]dynamic-provider([\\/](index\.js)?)?$/.test(argv[1] ?? "");
}

export interface OrphanWatchOptions {
  /** How often the parent is checked; default 1000 ms. */
  intervalMs?: number;
  /** The current parent's pid; default process.ppid (read afresh on every call). */
  ppid?: () => number;
  /** A stream whose end means the engine is gone; default stdin when it is a pipe, else none. */
  engineStream?: NodeJS.ReadableStream | null;
  /** What to do once orphaned; default: exit the process. */
  onOrphaned?: (reason: string) => void;
}

/** Starts watching; returns a function that stops the watch. onOrphaned is called at most once. */
export function watchForOrphaning(opts: OrphanWatchOptions = {}): () => void {
  const ppid = opts.ppid ?? (() => process.ppid);
  const onOrphaned = opts.onOrphaned ?? (() => process.exit(0));
  const parent = ppid();
  let done = false;
  const orphaned = (reason: string) => {
    if (done) return;
    stop();
    onOrphaned(reason);
  };

  const timer = setInterval(() => {
    const now = ppid();
    if (now !== parent) orphaned(`parent ${parent} is gone (parent now ${now})`);
  }, opts.intervalMs ?? 1000);
  timer.unref();

  const stream = opts.engineStream === undefined ? stdinIfPipe() : opts.engineStream;
  const onEnd = () => orphaned("the engine closed stdin");
  if (stream) {
    stream.on("end", onEnd);
    stream.on("close", onEnd);
    stream.on("error", onEnd);
    stream.resume(); // read (and drop) whatever comes, so that the end is seen
    (stream as { unref?: () => void }).unref?.();
  }

  function stop() {
    done = true;
    clearInterval(timer);
    if (stream) {
      stream.off("end", onEnd);
      stream.off("close", onEnd);
      stream.off("error", onEnd);
    }
  }
  return stop;
}

function stdinIfPipe(): NodeJS.ReadableStream | null {
  try {
    const stat = fstatSync(0);
    return stat.isFIFO() || stat.isSocket() ? process.stdin : null;
  } catch {
    return null; // no fd 0
  }
}

// Armed once per process: the launcher of this repository's toolchain preloads this module's
// build (scripts/setup.mjs), and the bundled implementation holds a copy of it.
const ARMED = Symbol.for("pulumi-cloudrun-jobs.orphan-watch");
const flags = globalThis as { [ARMED]?: boolean };
if (isProviderHost() && !flags[ARMED]) {
  flags[ARMED] = true;
  watchForOrphaning();
}
