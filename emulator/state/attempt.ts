// One attempt of one task: simulated (succeeds after the task duration) or, with --exec, the
// container's command + args run as a local process with Cloud Run's task environment
// (docs/cloud-run-facts.md §3.8 "Task runtime contract"). Emulator-only: no image is pulled.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import type { Container, RpcStatus } from "../model/types";
import type { Clock, Timer } from "./clock";

export interface AttemptResult {
  exitCode?: number;
  termSignal?: number;
  status: RpcStatus;
}

export interface AttemptSpec {
  job: string;
  execution: string;
  taskIndex: number;
  attempt: number;
  taskCount: number;
  container: Container | undefined;
  simulatedMs: number;
  exec: boolean;
  forcedFailure?: RpcStatus;
  log: (line: string) => void;
  /** What the container writes (task-log.ts makes log entries of it). */
  output?: (stream: "stdout" | "stderr", chunk: Buffer | string) => void;
}

export interface RunningAttempt {
  /** Stops the attempt; its result is then decided by the caller. */
  kill(): void;
}

export const CONTAINER_ERROR = "The container exited with an error.";

function exitResult(exitCode: number): AttemptResult {
  return exitCode === 0 ? { exitCode: 0, status: { code: 0, message: "" } } : { exitCode, status: { code: 2, message: CONTAINER_ERROR } };
}

/** Host basics plus the container's env plus the reserved contract variables (which win). */
export function taskEnvironment(spec: AttemptSpec): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of ["PATH", "HOME", "TMPDIR", "SystemRoot", "LANG"]) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  for (const e of spec.container?.env ?? []) {
    if (!e.name) continue;
    // Secrets cannot be read locally: a recognisable placeholder instead (emulator-only).
    const ref = e.valueSource?.secretKeyRef;
    env[e.name] = ref ? `emulator-secret:${ref.secret}:${ref.version || "latest"}` : (e.value ?? "");
  }
  env.CLOUD_RUN_JOB = spec.job;
  env.CLOUD_RUN_EXECUTION = spec.execution;
  env.CLOUD_RUN_TASK_INDEX = String(spec.taskIndex);
  env.CLOUD_RUN_TASK_ATTEMPT = String(spec.attempt);
  env.CLOUD_RUN_TASK_COUNT = String(spec.taskCount);
  return env;
}

/**
 * A simulated attempt runs no container, so its log holds what the emulator says of it: a start
 * line and an exit line on stdout (emulator-only wording).
 */
function simulate(spec: AttemptSpec, clock: Clock, done: (r: AttemptResult) => void): RunningAttempt {
  const what = `simulated task ${spec.taskIndex}, attempt ${spec.attempt}`;
  spec.output?.(
    "stdout",
    `cloudrun-emulator: ${what} of ${spec.execution} started (no container runs; --exec runs the container's command)\n`,
  );
  const timer: Timer = clock.setTimer(spec.simulatedMs, () => {
    const result = spec.forcedFailure ? { exitCode: 1, status: spec.forcedFailure } : exitResult(0);
    spec.output?.("stdout", `cloudrun-emulator: ${what} exits with code ${result.exitCode}\n`);
    done(result);
  });
  return { kill: () => timer.cancel() };
}

/** How long after its exit a process's output may still arrive (a child it left may hold the pipes). */
const OUTPUT_GRACE_MS = 250;

function execute(spec: AttemptSpec, done: (r: AttemptResult) => void): RunningAttempt {
  const c = spec.container!;
  const argv = [...(c.command ?? []), ...(c.args ?? [])];
  const tag = `[${spec.execution} task${spec.taskIndex} attempt${spec.attempt}]`;
  let child: ChildProcess;
  try {
    child = spawn(argv[0]!, argv.slice(1), {
      env: taskEnvironment(spec),
      cwd: c.workingDir && existsSync(c.workingDir) ? c.workingDir : undefined,
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group, so a timeout or cancel also stops what the command started.
      detached: process.platform !== "win32",
    });
  } catch (err) {
    done({ exitCode: 127, status: { code: 2, message: `cannot start ${argv[0]}: ${String(err)}` } });
    return { kill: () => {} };
  }
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) if (line) spec.log(`${tag} ${line}`);
  };
  child.stdout?.on("data", (chunk: Buffer) => {
    forward(chunk);
    spec.output?.("stdout", chunk);
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    forward(chunk);
    spec.output?.("stderr", chunk);
  });
  let finished = false;
  child.on("error", (err) => {
    if (finished) return;
    finished = true;
    done({ exitCode: 127, status: { code: 2, message: `cannot start ${argv[0]}: ${err.message}` } });
  });
  // The result waits for the output: 'close' (the pipes drained) or, if something the command
  // started keeps them open, OUTPUT_GRACE_MS after 'exit'.
  let exited: AttemptResult | undefined;
  let closed = false;
  const settle = () => {
    if (finished || !exited) return;
    finished = true;
    done(exited);
  };
  child.on("exit", (code, signal) => {
    if (finished) return;
    if (code !== null) exited = spec.forcedFailure && code === 0 ? { exitCode: 1, status: spec.forcedFailure } : exitResult(code);
    else exited = { termSignal: signalNumber(signal), status: { code: 2, message: `The container was terminated by signal ${signal}.` } };
    if (closed) settle();
    else setTimeout(settle, OUTPUT_GRACE_MS).unref();
  });
  child.on("close", () => {
    closed = true;
    settle();
  });
  return {
    kill: () => {
      finished = true;
      if (child.pid === undefined || child.exitCode !== null) return;
      try {
        if (process.platform !== "win32") process.kill(-child.pid, "SIGKILL");
        else child.kill("SIGKILL");
      } catch {
        /* already gone */
      }
    },
  };
}

function signalNumber(signal: NodeJS.Signals | null): number {
  const table: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
  return (signal && table[signal]) || 0;
}

export function startAttempt(spec: AttemptSpec, clock: Clock, done: (r: AttemptResult) => void): RunningAttempt {
  // "a container without command stays simulated" (issue 3).
  if (spec.exec && (spec.container?.command ?? []).length > 0) return execute(spec, done);
  return simulate(spec, clock, done);
}
