// One attempt's log: what its process writes becomes stdout/stderr entries, one per line, and
// the platform's lines about it (its exit) system entries, in the store as they happen.
import { StringDecoder } from "node:string_decoder";
import { containerLine, MAX_PAYLOAD_BYTES, systemLine, type TaskLogContext, type TaskStream } from "../model/logging/entry";
import type { Clock } from "./clock";
import type { LogStore } from "./logs";

export class TaskLog {
  private readonly pending: Record<TaskStream, string> = { stdout: "", stderr: "" };
  private readonly decoders: Record<TaskStream, StringDecoder> = { stdout: new StringDecoder("utf8"), stderr: new StringDecoder("utf8") };

  constructor(
    private readonly logs: LogStore,
    private readonly clock: Clock,
    readonly context: TaskLogContext,
  ) {}

  /** A chunk of a stream: every complete line becomes an entry; the rest waits for its newline. */
  write(stream: TaskStream, chunk: Buffer | string): void {
    let text = this.pending[stream] + (typeof chunk === "string" ? chunk : this.decoders[stream].write(chunk));
    for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n")) {
      this.line(stream, text.slice(0, nl));
      text = text.slice(nl + 1);
    }
    // A line longer than an entry can hold is cut into entries (Logging's 256 KB limit).
    while (text.length > MAX_PAYLOAD_BYTES) {
      this.line(stream, text.slice(0, MAX_PAYLOAD_BYTES));
      text = text.slice(MAX_PAYLOAD_BYTES);
    }
    this.pending[stream] = text;
  }

  /** One line of output (a trailing `\r` is dropped; empty lines make no entry). */
  line(stream: TaskStream, text: string): void {
    const line = text.endsWith("\r") ? text.slice(0, -1) : text;
    if (!line) return;
    this.logs.append(this.context.project, containerLine(this.context, stream, line, this.now()));
  }

  /** The streams ended: what is left without a newline is a line too. */
  end(): void {
    for (const stream of ["stdout", "stderr"] as const) {
      const rest = this.pending[stream] + this.decoders[stream].end();
      this.pending[stream] = "";
      if (rest) this.line(stream, rest);
    }
  }

  system(text: string, severity: "INFO" | "WARNING" | "ERROR"): void {
    this.logs.append(this.context.project, systemLine(this.context, text, severity, this.now()));
  }

  private now(): number {
    return this.logs.stamp(this.clock.now().getTime());
  }
}
