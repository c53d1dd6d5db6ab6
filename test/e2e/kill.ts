// Killing a running `pulumi` the way a crash or `kill -9` would: the engine and every process
// it started (the dynamic-provider host), and nothing else on the machine.
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

/** Kills (SIGKILL) the `pulumi <verb>` of this stack and its whole process tree. */
export function killEngine(stackName: string): number {
  const roots = pgrep(["-f", `pulumi (up|destroy|refresh|preview) .*--stack ${stackName}( |$)`]);
  const victims = roots.flatMap(tree);
  for (const pid of victims) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
  return victims.length;
}
