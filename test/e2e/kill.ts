// Killing a running `pulumi` the way a crash or `kill -9` would: the engine and every process
// it started (the dynamic-provider host), and nothing else on the machine; or the `pulumi`
// process alone, as `kill -9 <pid of pulumi>` does, leaving its plugins to notice by themselves.
import { execFileSync } from "node:child_process";

function pgrep(args: string[]): number[] {
  try {
    return execFileSync("pgrep", args, { encoding: "utf8" }).split("\n").filter(Boolean).map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

function tree(pid: number): number[] {
  return [pid, ...pgrep(["-P", String(pid)]).flatMap(tree)];
}

const enginesOf = (stackName: string) => pgrep(["-f", `pulumi (up|destroy|refresh|preview) .*--stack ${stackName}( |$)`]);

/** Kills (SIGKILL) the `pulumi <verb>` of this stack and its whole process tree. */
export function killEngine(stackName: string): number {
  return killAll(enginesOf(stackName).flatMap(tree));
}

/**
 * Kills (SIGKILL) the `pulumi <verb>` process of this stack only, not the processes it started:
 * what a user's `kill -9`, the out-of-memory killer or a crash of the CLI does. Returns the
 * pids killed and the pids of their children at that moment (the provider host among them).
 */
export function killEngineOnly(stackName: string): { killed: number[]; children: number[] } {
  const killed = enginesOf(stackName);
  const children = killed.flatMap((pid) => tree(pid).slice(1));
  killAll(killed);
  return { killed, children };
}

function killAll(victims: number[]): number {
  for (const pid of victims) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
  return victims.length;
}
