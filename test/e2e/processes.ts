// Processes the tests started and that must not outlive what started them: the dynamic-provider
// host (`pulumi-resource-pulumi-nodejs`, `@pulumi/pulumi/cmd/dynamic-provider`), the Node.js
// language host and the program it runs (`@pulumi/pulumi/cmd/run`), and this checkout's
// emulator CLI (dist/emulator/cli.js).
//
// "Ours" is told by an environment variable this module sets in the test process as it is
// loaded (OWNER_ENV): every process the tests start inherits it (`pulumi` passes its environment
// to its plugins), and processes of other sessions on the same machine and checkout do not
// carry this value. Of ours, a leftover is one whose parent is 1 or that is no longer a
// descendant of this test process: nothing will ever stop it. Linux only (/proc).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const OWNER_ENV = "CRJ_TEST_PROCESS_OWNER";
process.env[OWNER_ENV] ??= `${process.pid}-${Date.now()}`;
const OWNER = process.env[OWNER_ENV]!;

const ROOT = path.resolve(__dirname, "..", "..");
/** The kinds of process watched, each told by its command line. */
const KINDS = {
  provider: ["pulumi-resource-pulumi-nodejs", `cmd${path.sep}dynamic-provider`],
  "language-host": ["pulumi-language-nodejs"],
  program: [`pulumi${path.sep}cmd${path.sep}run`], // the program the Node.js language host runs
  emulator: [path.join(ROOT, "dist", "emulator", "cli.js")],
} as const;
export type ProcessKind = keyof typeof KINDS;
const ALL_KINDS = Object.keys(KINDS) as ProcessKind[];
const kindOf = (cmdline: string) => ALL_KINDS.find((k) => KINDS[k].some((w) => cmdline.includes(w)));

export interface ProcessInfo {
  kind: ProcessKind;
  pid: number;
  ppid: number;
  cmdline: string;
  /** Seconds since the process started. */
  ageSeconds: number;
}

function read(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined; // gone meanwhile, or not ours to read
  }
}

const CLOCK_TICKS = 100; // USER_HZ on Linux
function uptimeSeconds(): number {
  return Number((read("/proc/uptime") ?? "0").split(" ")[0]);
}

/** Every process with its parent, command line and whether it carries this test process's owner mark. */
function allProcesses(): Array<Omit<ProcessInfo, "kind"> & { kind: ProcessKind | undefined; ours: boolean }> {
  const uptime = uptimeSeconds();
  const found: Array<Omit<ProcessInfo, "kind"> & { kind: ProcessKind | undefined; ours: boolean }> = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = read(`/proc/${entry}/stat`);
    if (!stat) continue;
    // pid (comm) state ppid …; comm may hold spaces and parentheses: split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ppid = Number(fields[1]);
    const startTicks = Number(fields[19]);
    const cmdline = (read(`/proc/${entry}/cmdline`) ?? "").split("\0").filter(Boolean).join(" ");
    const environ = read(`/proc/${entry}/environ`) ?? "";
    found.push({
      kind: kindOf(cmdline),
      pid: Number(entry),
      ppid,
      cmdline,
      ageSeconds: Math.round(uptime - startTicks / CLOCK_TICKS),
      ours: environ.split("\0").includes(`${OWNER_ENV}=${OWNER}`),
    });
  }
  return found;
}

/**
 * The processes of the given kinds this test process started (directly or not) that nothing
 * will stop any more: their parent is 1, or they are no longer descendants of this process.
 */
export function leftoverProcesses(kinds: readonly ProcessKind[] = ALL_KINDS): ProcessInfo[] {
  const all = allProcesses();
  const parentOf = new Map(all.map((p) => [p.pid, p.ppid]));
  const descends = (pid: number) => {
    for (let p = parentOf.get(pid), hops = 0; p !== undefined && p > 1 && hops < 64; p = parentOf.get(p), hops++) {
      if (p === process.pid) return true;
    }
    return false;
  };
  return all
    .filter((p): p is typeof p & { kind: ProcessKind } => p.ours && p.pid !== process.pid && p.kind !== undefined && kinds.includes(p.kind))
    .filter((p) => p.ppid === 1 || !descends(p.pid))
    .map(({ ours: _ours, ...p }) => p);
}

const describeAll = (ps: ProcessInfo[]) =>
  ps.map((p) => `  ${p.kind} pid ${p.pid} (parent ${p.ppid}, ${p.ageSeconds} s old): ${p.cmdline}`).join("\n");

/**
 * Waits until no leftover process of ours (of the given kinds; default all) remains, and throws,
 * naming them, if some still run after `timeoutMs`; those are killed first, so that a failure
 * leaves nothing running. A wait, not a timing assertion: processes of an operation that has
 * just returned may take a moment to exit (the engine gives a plugin up to 5 s after SIGINT).
 */
export async function expectNoLeftoverProcesses(
  what: string,
  { timeoutMs = 15_000, kinds = ALL_KINDS }: { timeoutMs?: number; kinds?: readonly ProcessKind[] } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let left = leftoverProcesses(kinds);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    left = leftoverProcesses(kinds);
  }
  if (left.length > 0) {
    killProcesses(left);
    throw new Error(
      `${what}: ${left.length} process(es) of ours still running ${timeoutMs / 1000} s later, orphaned (now killed):\n${describeAll(left)}`,
    );
  }
}

/** Kills (SIGKILL) the leftover processes of the given kinds; returns them. */
export function killLeftoverProcesses(kinds: readonly ProcessKind[]): ProcessInfo[] {
  const left = leftoverProcesses(kinds);
  killProcesses(left);
  return left;
}

function killProcesses(left: readonly ProcessInfo[]): void {
  for (const p of left) {
    try {
      process.kill(p.pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
}
