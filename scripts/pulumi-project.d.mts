// Types of pulumi-project.mjs, for the tests that import it.
import type { ChildProcess } from "node:child_process";

export const JOB_TYPE: string;
export interface PulumiResult {
  code: number;
  stdout: string;
  stderr: string;
}
export function npmInstall(dir: string, opts?: { quiet?: boolean }): void;
export function pulumi(
  dir: string,
  args: string[],
  opts?: { env?: Record<string, string>; echo?: boolean; capture?: boolean; onSpawn?: (child: ChildProcess) => void },
): Promise<PulumiResult>;
export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  initErrors?: string[];
}
export function exportedJobs(dir: string, stack: string, env?: Record<string, string>): Promise<StateResource[]>;
