// Runs executions: taskCount tasks, at most `parallelism` at once, each retried up to
// maxRetries, each attempt bounded by the timeout. Conditions go ResourcesAvailable →
// Started → Completed and the counts follow. docs/cloud-run-facts.md §3.8.
import { condition, setCondition } from "../model/conditions";
import { computeEtag } from "../model/etag";
import { parseExecutionName } from "../model/names";
import { millis, timestamp } from "../model/time";
import { CONTAINER_ERROR, startAttempt, type AttemptResult, type RunningAttempt } from "./attempt";
import type { Clock, Timer } from "./clock";
import type { ExecutionRecord, Store, TaskRecord } from "./store";
import { TaskLog } from "./task-log";

export interface RunnerOptions {
  /** Emulated milliseconds a simulated task takes. */
  taskDurationMs: number;
  /** Emulated milliseconds between creation and start (provisioning). */
  startDelayMs: number;
  exec: boolean;
  log: (line: string) => void;
}

export type ExecutionEvent = "started" | "finished";

interface Active {
  timers: Set<Timer>;
  attempts: Map<string, { attempt: RunningAttempt; timeout: Timer }>;
}

/**
 * The platform's line on how an attempt ended (run.googleapis.com/varlog/system): "Container
 * called exit(N)." is what Cloud Run writes (INFO for 0; WARNING otherwise, as for services);
 * the signal and timeout lines are inferred (emulator/README.md, "Logs").
 */
function logExit(log: TaskLog, result: AttemptResult, timeoutMs: number): void {
  if (result.exitCode !== undefined) {
    // A command that could not start, or an injected failure, says why first.
    if (result.exitCode !== 0 && result.status.message && result.status.message !== CONTAINER_ERROR)
      log.system(result.status.message, "ERROR");
    log.system(`Container called exit(${result.exitCode}).`, result.exitCode === 0 ? "INFO" : "WARNING");
  } else if (result.termSignal !== undefined) log.system(`Container terminated on signal ${result.termSignal}.`, "WARNING");
  else if (result.status.code === 4) {
    log.system(
      `Terminating task because it has reached the maximum timeout of ${Math.round(timeoutMs / 1000)} seconds. To change this limit, see https://cloud.google.com/run/docs/configuring/task-timeout`,
      "ERROR",
    );
  } else log.system(result.status.message || "The task ended.", "ERROR");
}

/** "Each retry gets the full timeout" (§3.8); the message is [I]. */
const TIMEOUT_MESSAGE = "The configured timeout was reached.";

export class Runner {
  private readonly active = new Map<string, Active>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly options: RunnerOptions,
    private readonly onEvent: (execution: string, event: ExecutionEvent) => void,
  ) {}

  start(name: string): void {
    const slot: Active = { timers: new Set(), attempts: new Map() };
    this.active.set(name, slot);
    const record = this.store.executions.get(name);
    if (record?.state === "running") {
      this.pump(name);
      return;
    }
    const timer = this.clock.setTimer(this.options.startDelayMs, () => {
      slot.timers.delete(timer);
      this.markStarted(name);
    });
    slot.timers.add(timer);
  }

  /** After a restart: executions that had not finished carry on; interrupted attempts start again. */
  resumeAll(): void {
    for (const [name, record] of this.store.executions) {
      if (record.state !== "pending" && record.state !== "running") continue;
      for (const t of this.store.tasksOf(name)) if (t.state === "running") t.state = "pending";
      this.start(name);
    }
  }

  isActive(name: string): boolean {
    return this.active.has(name);
  }

  /** Stops everything without changing state (shutdown; the state file resumes it). */
  stopAll(): void {
    for (const slot of this.active.values()) this.stopSlot(slot);
    this.active.clear();
  }

  private stopSlot(slot: Active): void {
    for (const t of slot.timers) t.cancel();
    for (const { attempt, timeout } of slot.attempts.values()) {
      timeout.cancel();
      attempt.kill();
    }
  }

  cancel(name: string): void {
    const record = this.store.executions.get(name);
    if (!record || (record.state !== "pending" && record.state !== "running")) return;
    const slot = this.active.get(name);
    if (slot) this.stopSlot(slot);
    this.active.delete(name);
    const now = this.clock.now();
    for (const t of this.store.tasksOf(name)) {
      if (t.state !== "pending" && t.state !== "running") continue;
      t.state = "cancelled";
      t.task.conditions = setCondition(
        t.task.conditions,
        condition("Completed", "CONDITION_FAILED", now, { executionReason: "CANCELLED", message: "The task was cancelled." }),
      );
      t.task.completionTime = timestamp(now);
      this.touchTask(t, now);
    }
    record.state = "cancelled";
    this.finish(record, "CONDITION_FAILED", { executionReason: "CANCELLED", message: "The execution was cancelled." });
  }

  private markStarted(name: string): void {
    const record = this.store.executions.get(name);
    if (record?.state !== "pending") return;
    const now = this.clock.now();
    const e = record.execution;
    record.state = "running";
    e.startTime = timestamp(now);
    e.conditions = setCondition(e.conditions, condition("ResourcesAvailable", "CONDITION_SUCCEEDED", now));
    e.conditions = setCondition(e.conditions, condition("Started", "CONDITION_SUCCEEDED", now));
    e.conditions = setCondition(
      e.conditions,
      condition("Completed", "CONDITION_PENDING", now, { message: "Waiting for execution to complete." }),
    );
    this.touchExecution(record, now);
    this.onEvent(name, "started");
    this.pump(name);
  }

  /** Starts pending tasks while fewer than `parallelism` run; finishes the execution when all are done. */
  private pump(name: string): void {
    const record = this.store.executions.get(name);
    const slot = this.active.get(name);
    if (!record || !slot || record.state !== "running") return;
    const tasks = this.store.tasksOf(name);
    let running = tasks.filter((t) => t.state === "running").length;
    for (const t of tasks) {
      if (running >= (record.execution.parallelism || tasks.length)) break;
      if (t.state !== "pending") continue;
      this.startTask(record, t, slot);
      running++;
    }
    if (tasks.every((t) => t.state === "succeeded" || t.state === "failed" || t.state === "cancelled")) {
      const failed = tasks.find((t) => t.state === "failed");
      this.active.delete(name);
      record.state = failed ? "failed" : "succeeded";
      if (failed) {
        const message = failed.task.conditions?.find((c) => c.type === "Completed")?.message ?? "Execution failed.";
        this.finish(record, "CONDITION_FAILED", { executionReason: "NON_ZERO_EXIT_CODE", message });
      } else {
        this.finish(record, "CONDITION_SUCCEEDED", { message: "Execution completed successfully." });
      }
    } else {
      this.updateCounts(record);
    }
  }

  private startTask(record: ExecutionRecord, t: TaskRecord, slot: Active): void {
    const e = record.execution;
    const parsed = parseExecutionName(e.name!)!;
    const now = this.clock.now();
    t.state = "running";
    t.task.scheduledTime ??= timestamp(now);
    t.task.startTime = timestamp(now);
    t.task.conditions = setCondition(t.task.conditions, condition("Started", "CONDITION_SUCCEEDED", now));
    t.task.conditions = setCondition(
      t.task.conditions,
      condition("Completed", "CONDITION_PENDING", now, { message: "Waiting for the task to complete." }),
    );
    this.touchTask(t, now);
    const attemptNumber = t.attempt;
    const timeoutMs = millis(e.template?.timeout) || 600_000;
    // What the attempt writes, as Cloud Run's logging keeps it (model/logging/entry.ts).
    const container = e.template?.containers?.[0]?.name;
    const log = new TaskLog(this.store.logs, this.clock, {
      project: parsed.project,
      location: parsed.location,
      job: parsed.job,
      execution: parsed.execution,
      taskIndex: t.task.index ?? 0,
      attempt: attemptNumber,
      ...(container ? { container } : {}),
    });
    let settled = false;
    const settle = (result: AttemptResult) => {
      if (settled) return;
      settled = true;
      const entry = slot.attempts.get(t.task.name!);
      entry?.timeout.cancel();
      slot.attempts.delete(t.task.name!);
      log.end();
      logExit(log, result, timeoutMs);
      this.attemptEnded(record, t, result);
    };
    const attempt = startAttempt(
      {
        job: parsed.job,
        execution: parsed.execution,
        taskIndex: t.task.index ?? 0,
        attempt: attemptNumber,
        taskCount: e.taskCount ?? 1,
        container: e.template?.containers?.[0],
        simulatedMs: this.options.taskDurationMs,
        exec: this.options.exec,
        ...(record.forcedFailure ? { forcedFailure: record.forcedFailure } : {}),
        log: this.options.log,
        output: (stream, chunk) => log.write(stream, chunk),
      },
      this.clock,
      settle,
    );
    const timeout = this.clock.setTimer(timeoutMs, () => {
      attempt.kill();
      settle({ status: { code: 4, message: TIMEOUT_MESSAGE } });
    });
    if (!settled) slot.attempts.set(t.task.name!, { attempt, timeout });
    else timeout.cancel();
  }

  private attemptEnded(record: ExecutionRecord, t: TaskRecord, result: AttemptResult): void {
    if (t.state !== "running") return;
    const now = this.clock.now();
    const id = t.task.name!.split("/").pop();
    t.task.lastAttemptResult = {
      status: { code: result.status.code, message: result.status.message, details: [] },
      ...(result.exitCode !== undefined ? { exitCode: result.exitCode } : {}),
      ...(result.termSignal !== undefined ? { termSignal: result.termSignal } : {}),
    };
    const maxRetries = record.execution.template?.maxRetries ?? 3;
    if (result.status.code === 0) {
      t.state = "succeeded";
      t.task.completionTime = timestamp(now);
      t.task.conditions = setCondition(
        t.task.conditions,
        condition("Completed", "CONDITION_SUCCEEDED", now, { message: "Task completed successfully." }),
      );
    } else if ((t.task.retried ?? 0) < maxRetries) {
      t.state = "pending";
      t.task.retried = (t.task.retried ?? 0) + 1;
      t.attempt += 1;
      t.task.conditions = setCondition(
        t.task.conditions,
        condition("Completed", "CONDITION_PENDING", now, { message: `Attempt ${t.attempt - 1} failed; retrying.` }),
      );
    } else {
      t.state = "failed";
      t.task.completionTime = timestamp(now);
      // "Task {task} failed with exit code: 1 and message: The container exited with an error." (§3.8 [V-obs])
      const message =
        result.exitCode !== undefined
          ? `Task ${id} failed with exit code: ${result.exitCode} and message: ${result.status.message}`
          : `Task ${id} failed with message: ${result.status.message}`;
      t.task.conditions = setCondition(
        t.task.conditions,
        condition("Completed", "CONDITION_FAILED", now, {
          message,
          ...(result.exitCode !== undefined ? { executionReason: "NON_ZERO_EXIT_CODE" } : {}),
        }),
      );
    }
    this.touchTask(t, now);
    this.pump(record.execution.name!);
  }

  private updateCounts(record: ExecutionRecord): void {
    const counts = { running: 0, succeeded: 0, failed: 0, cancelled: 0, pending: 0, retried: 0 };
    for (const t of this.store.tasksOf(record.execution.name!)) {
      counts[t.state]++;
      if ((t.task.retried ?? 0) > 0) counts.retried++;
    }
    const e = record.execution;
    e.runningCount = counts.running;
    e.succeededCount = counts.succeeded;
    e.failedCount = counts.failed;
    e.cancelledCount = counts.cancelled;
    e.retriedCount = counts.retried;
    this.touchExecution(record, this.clock.now());
  }

  private finish(
    record: ExecutionRecord,
    state: "CONDITION_SUCCEEDED" | "CONDITION_FAILED",
    extra: { executionReason?: string; message: string },
  ): void {
    const now = this.clock.now();
    const e = record.execution;
    e.completionTime = timestamp(now);
    e.reconciling = false;
    e.conditions = setCondition(e.conditions, condition("Completed", state, now, extra as object));
    this.updateCounts(record);
    this.onEvent(e.name!, "finished");
  }

  private touchTask(t: TaskRecord, now: Date): void {
    t.task.updateTime = timestamp(now);
    t.task.etag = computeEtag(t.task);
  }

  private touchExecution(record: ExecutionRecord, now: Date): void {
    record.execution.updateTime = timestamp(now);
    record.execution.etag = computeEtag(record.execution);
    this.store.changed();
  }
}
