// Translation of gRPC failures into messages users can act on. Pure: the gateway calls it.
// Messages read `<verb> job <name>: <what happened> (<STATUS>). <what to do>` (design.md).

/** gRPC status codes we act on (google.rpc.Code). */
export const Code = {
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

const CODE_NAMES = Object.fromEntries(Object.entries(Code).map(([k, v]) => [v, k])) as Record<number, string>;

/** What to do about each failure, in one line. */
const ADVICE: Partial<Record<number, string>> = {
  [Code.INVALID_ARGUMENT]: "fix the field named above in the manifest",
  [Code.NOT_FOUND]: "check project, region and name; run `pulumi refresh` if the job was deleted outside Pulumi",
  [Code.ALREADY_EXISTS]: "a job with this name already exists: adopt it with the `import` resource option, or choose another name",
  [Code.PERMISSION_DENIED]: "grant the deploying identity roles/run.developer (and roles/iam.serviceAccountUser on the job's service account)",
  [Code.UNAUTHENTICATED]: "run `gcloud auth application-default login`, or set GOOGLE_APPLICATION_CREDENTIALS",
  [Code.ABORTED]: "the job changed concurrently: run `pulumi refresh`, then `pulumi up` again",
  [Code.UNAVAILABLE]: "Cloud Run could not be reached; check the network (or CLOUD_RUN_EMULATOR_HOST) and run `pulumi up` again",
  [Code.DEADLINE_EXCEEDED]: "Cloud Run did not answer in time; run `pulumi up` again",
  [Code.RESOURCE_EXHAUSTED]: "a quota or rate limit was reached; wait a minute and run `pulumi up` again",
  [Code.UNIMPLEMENTED]: "the region may not offer Cloud Run jobs; check `region`",
  [Code.FAILED_PRECONDITION]: "Cloud Run refused the change in the job's current state; see the message",
};

/** google-auth-library's failure when no Application Default Credentials exist (no gRPC status). */
const NO_CREDENTIALS =
  "run `gcloud auth application-default login` (or set GOOGLE_APPLICATION_CREDENTIALS); to use the local emulator instead, set CLOUD_RUN_EMULATOR_HOST";

export class CloudRunError extends Error {
  constructor(
    message: string,
    readonly code: number | undefined,
    /** The client's own error, for callers that word messages for another audience (the CLI). */
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = "CloudRunError";
  }
}

export interface GrpcLikeError {
  code?: number;
  details?: string;
  message?: string;
  statusDetails?: Array<{ fieldViolations?: Array<{ field?: string; description?: string }> }>;
}

export function codeOf(err: unknown): number | undefined {
  const code = (err as GrpcLikeError | undefined)?.code;
  return typeof code === "number" ? code : undefined;
}

export function statusName(code: number | undefined): string {
  return code === undefined ? "NO_STATUS" : (CODE_NAMES[code] ?? `code ${code}`);
}

/**
 * gax's retry gives up with "Total timeout … exceeded … retrying error Error: 14 UNAVAILABLE: …":
 * the error it kept retrying is the one worth reporting.
 */
export function unwrapRetried(code: number | undefined, text: string): { code: number | undefined; text: string } {
  const retried = /retrying error Error: (\d+) [A-Z_]+: (.*)$/s.exec(text);
  return retried ? { code: Number(retried[1]), text: retried[2]! } : { code, text };
}

/** Turns any client failure into `<verb> job <name>: <what happened> (<STATUS>). <advice>`. */
export function translateError(verb: string, name: string, err: unknown): CloudRunError {
  if (err instanceof CloudRunError) return err;
  const e = (err ?? {}) as GrpcLikeError;
  const unwrapped = unwrapRetried(codeOf(err), e.details || e.message || String(err));
  const code = unwrapped.code;
  const violations = (e.statusDetails ?? []).flatMap((d) => d.fieldViolations ?? []);
  const raw = violations.length
    ? violations.map((v) => `${v.field}: ${v.description}`).join("; ")
    : unwrapped.text.replace(/^\d+ [A-Z_]+: /, "");
  // One or two lines: the server's text may hold several violations on separate lines.
  const what = raw.split("\n").map((l) => l.trim()).filter(Boolean).join("; ");
  const advice = code !== undefined ? ADVICE[code] : /default credentials/i.test(what) ? NO_CREDENTIALS : undefined;
  return new CloudRunError(`${verb} job ${name}: ${what} (${statusName(code)})${advice ? `. ${advice}` : ""}`, code, err);
}
