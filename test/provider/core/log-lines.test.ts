// The pure parts of a failed run's log lines (provider/core/log-lines.ts): the Logging filter,
// the order of stdout and stderr, the masking of secrets, the wording; and the preview's plan
// after a failed run (core/executions.ts failedRunPlan).
import { describe, expect, it } from "vitest";
import { FAILED_RUN, failedRunMark, failedRunPlan, shortCause } from "../../../provider/core/executions";
import {
  formatLine,
  interleave,
  logsSection,
  maskSecrets,
  microsOf,
  secretValuesOf,
  type TaskLogLine,
  taskLogFilter,
  unavailableLine,
} from "../../../provider/core/log-lines";

const line = (timestamp: string, text: string, stream: TaskLogLine["stream"] = "stdout", task = 0): TaskLogLine => ({
  task,
  timestamp,
  stream,
  text,
});

describe("taskLogFilter", () => {
  it("a task's last attempt: the resource, the job, the execution, the task, the attempt, stdout and stderr", () => {
    expect(taskLogFilter("p1", { job: "migrate", execution: "migrate-v3", task: 2, attempt: 1 })).toBe(
      'resource.type="cloud_run_job" AND resource.labels.job_name="migrate" AND ' +
        'labels."run.googleapis.com/execution_name"="migrate-v3" AND labels."run.googleapis.com/task_index"="2" AND ' +
        'labels."run.googleapis.com/task_attempt"="1" AND ' +
        'logName=("projects/p1/logs/run.googleapis.com%2Fstdout" OR "projects/p1/logs/run.googleapis.com%2Fstderr")',
    );
  });

  it("an execution from an instant on (the stream), quotes escaped", () => {
    expect(taskLogFilter("p", { job: 'j"x', execution: "e", after: "2026-01-01T00:00:00.000000001Z" })).toBe(
      'resource.type="cloud_run_job" AND resource.labels.job_name="j\\"x" AND labels."run.googleapis.com/execution_name"="e" AND ' +
        'logName=("projects/p/logs/run.googleapis.com%2Fstdout" OR "projects/p/logs/run.googleapis.com%2Fstderr") AND ' +
        'timestamp>="2026-01-01T00:00:00.000000001Z"',
    );
  });
});

describe("interleave", () => {
  it("orders by instant across streams and precisions; equal instants keep their order", () => {
    const lines = [
      line("2026-01-01T00:00:02.5Z", "c", "stderr"),
      line("2026-01-01T00:00:01.000001Z", "b"),
      line("2026-01-01T00:00:01Z", "a", "stderr"),
      line("2026-01-01T00:00:02.500000000Z", "d"),
    ];
    expect(interleave(lines).map((l) => l.text)).toEqual(["a", "b", "c", "d"]);
    expect(microsOf("2026-01-01T00:00:01.123456789Z") - microsOf("2026-01-01T00:00:01Z")).toBe(123456);
    expect(microsOf("2026-01-01T01:00:00+01:00")).toBe(microsOf("2026-01-01T00:00:00Z"));
  });
});

describe("masking", () => {
  const inputs = {
    spec: {
      template: {
        spec: {
          template: {
            spec: {
              containers: [
                {
                  image: "img",
                  env: [
                    { name: "DB_PASSWORD", value: "hunter22" },
                    { name: "PIN", value: "123" },
                    { name: "MODE", value: "fast" },
                  ],
                },
                {
                  image: "side",
                  env: [
                    { name: "TOKEN", value: "tok-abcdef" },
                    { name: "TOKEN2", value: "tok-abcdef-longer" },
                  ],
                },
              ],
            },
          },
        },
      },
    },
  };
  const c = "spec.template.spec.template.spec.containers";

  it("the values at or below the secret paths, long enough, longest first; other values never", () => {
    expect(secretValuesOf(inputs, [`${c}[0].env[0].value`, `${c}[0].env[1].value`, `${c}[1].env`])).toEqual([
      "tok-abcdef-longer",
      "tok-abcdef",
      "hunter22",
      "TOKEN2",
      "TOKEN",
    ]);
    expect(secretValuesOf(inputs, undefined)).toEqual([]);
    expect(secretValuesOf(inputs, [`${c}[5].env[0].value`])).toEqual([]);
  });

  it("every occurrence, the longer secret first so no part of it is left", () => {
    expect(maskSecrets("a=tok-abcdef-longer b=tok-abcdef c=hunter22hunter22", ["tok-abcdef-longer", "hunter22", "tok-abcdef"])).toBe(
      "a=**** b=**** c=********",
    );
  });

  it("a line: task index, masked, a trailing newline dropped, control characters shown", () => {
    expect(formatLine(line("2026-01-01T00:00:00Z", "pw hunter22\u001b[2K\r\n", "stderr", 3), ["hunter22"])).toBe(
      "  [task 3] pw ****\\x1b[2K",
    );
  });
});

describe("logsSection", () => {
  const lines = Array.from({ length: 25 }, (_, i) =>
    line(`2026-01-01T00:00:${String(59 - i).padStart(2, "0")}Z`, `line ${25 - i}`, i % 2 ? "stderr" : "stdout"),
  );

  it("the last N lines of each task read (given newest first), oldest first, with the heading; more failed tasks counted", () => {
    const text = logsSection({ tasks: [{ index: 0, attempt: 2, exitCode: 3, lines }], moreFailed: 2 }, 3, []);
    expect(text.split("\n")).toEqual([
      "last 3 log lines of task 0 (attempt 2, exit code 3), stdout and stderr:",
      "  [task 0] line 23",
      "  [task 0] line 24",
      "  [task 0] line 25",
      "2 more failed tasks not shown (see the logs link above)",
    ]);
  });

  it("a task with no lines yet says so; unavailable logs are one line naming the role", () => {
    expect(logsSection({ tasks: [{ index: 1, attempt: 0, lines: [] }], moreFailed: 0 }, 20, [])).toBe(
      "task 1 (attempt 0) wrote no log lines that Cloud Logging has yet (they can take a minute to arrive; the logs link above shows them)",
    );
    expect(logsSection({ tasks: [], moreFailed: 0, unavailable: { kind: "permission", project: "p" } }, 20, [])).toBe(
      unavailableLine({ kind: "permission", project: "p" }),
    );
    expect(unavailableLine({ kind: "permission", project: "p" })).toContain("roles/logging.viewer");
    expect(unavailableLine({ kind: "disabled", project: "p" })).toContain("not enabled in project p");
    expect(unavailableLine({ kind: "failed", status: "UNAVAILABLE", detail: "down" })).toBe(
      "log lines not shown: reading Cloud Logging failed (UNAVAILABLE: down). The logs link above still shows them",
    );
  });
});

describe("the preview after a failed run", () => {
  const execution = {
    name: "projects/p/locations/r/jobs/migrate/executions/migrate-v3",
    completionTime: { seconds: 1 },
    failedCount: 1,
    conditions: [
      {
        type: "Completed",
        state: "CONDITION_FAILED" as const,
        message: "Task migrate-v3-abc failed with exit code: 3 and message: The container exited with an error.",
      },
    ],
  };
  const mark = failedRunMark({ kind: "runExecutionToken", value: "v3" }, execution, execution.name);
  const news = (token: string) => ({ name: "migrate", spec: { runExecutionToken: token } });

  it("the same token: up reports that failure again and runs nothing", () => {
    expect(mark).toEqual({ execution: "migrate-v3", token: "v3", cause: "exit code 3", cancelled: false });
    expect(failedRunPlan({ [FAILED_RUN]: mark }, news("v3"))).toBe(
      "execution migrate-v3 failed (exit code 3): up will report that failure again and run nothing; change runExecutionToken to run again",
    );
  });

  it("another token, no mark, or a start token: nothing to say", () => {
    expect(failedRunPlan({ [FAILED_RUN]: mark }, news("v4"))).toBeUndefined();
    expect(failedRunPlan({}, news("v3"))).toBeUndefined();
    expect(failedRunPlan({ [FAILED_RUN]: mark }, { spec: { startExecutionToken: "v3" } })).toBeUndefined();
  });

  it("a cause without an exit code is kept as it is", () => {
    expect(shortCause("The task timed out.")).toBe("The task timed out.");
  });
});
