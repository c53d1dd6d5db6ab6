// The one error model. A failure of a call to Cloud Run (or a refusal worded like one) is a
// CloudRunError {verb, resource, code, detail}; a setting the provider cannot use is a
// ConfigurationError. Both are rendered here, for the two audiences there are: a deploy
// (`<verb> job <name>: <what happened> (<STATUS>). <what to do>`, docs/architecture.md) and
// someone at a terminal running the export command (the flags to check instead). No message
// repeats a credential the process was given (redact.ts).
import { redact } from "./redact";

/** gRPC status codes we act on (google.rpc.Code, https://grpc.io/docs/guides/status-codes/). */
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

interface Advice {
  /** Inside `pulumi up`/`preview`: the Pulumi commands or manifest fields to look at. */
  deploy: string;
  /** At a terminal (the export command): the flags to check; none when nothing applies. */
  terminal?: string;
}

/** What to do about each failure, in one line per audience. */
const ADVICE: Partial<Record<number, Advice>> = {
  [Code.INVALID_ARGUMENT]: {
    deploy: "fix the field named above in the manifest",
    terminal: "check --project (the project id) and --region",
  },
  [Code.NOT_FOUND]: {
    deploy: "check project, region and name; run `pulumi refresh` if the job was deleted outside Pulumi",
    terminal: "check --project (the project id) and --region",
  },
  [Code.ALREADY_EXISTS]: {
    deploy: "a job with this name already exists: adopt it with the `import` resource option, or choose another name",
  },
  [Code.PERMISSION_DENIED]: {
    deploy: "grant the deploying identity roles/run.developer (and roles/iam.serviceAccountUser on the job's service account)",
    terminal: "the caller needs roles/run.viewer on the project",
  },
  [Code.UNAUTHENTICATED]: {
    deploy: "run `gcloud auth application-default login`, or set GOOGLE_APPLICATION_CREDENTIALS",
    terminal: "run `gcloud auth application-default login`, or set GOOGLE_APPLICATION_CREDENTIALS",
  },
  [Code.ABORTED]: { deploy: "the job changed concurrently: run `pulumi refresh`, then `pulumi up` again" },
  [Code.UNAVAILABLE]: {
    deploy: "Cloud Run could not be reached; check the network (or CLOUD_RUN_EMULATOR_HOST) and run `pulumi up` again",
    terminal: "Cloud Run could not be reached: check the network, or CLOUD_RUN_EMULATOR_HOST when using the emulator",
  },
  [Code.DEADLINE_EXCEEDED]: {
    deploy: "Cloud Run did not answer in time; run `pulumi up` again",
    terminal: "Cloud Run did not answer in time; try again",
  },
  [Code.RESOURCE_EXHAUSTED]: { deploy: "a quota or rate limit was reached; wait a minute and run `pulumi up` again" },
  [Code.UNIMPLEMENTED]: {
    deploy: "the region may not offer Cloud Run jobs; check `region`",
    terminal: "the region may not offer Cloud Run jobs; check --region",
  },
  [Code.FAILED_PRECONDITION]: { deploy: "Cloud Run refused the change in the job's current state; see the message" },
};

/** google-auth-library's failure when no Application Default Credentials exist (it has no gRPC status). */
const NO_CREDENTIALS: Advice = {
  deploy:
    "run `gcloud auth application-default login` (or set GOOGLE_APPLICATION_CREDENTIALS); to use the local emulator instead, set CLOUD_RUN_EMULATOR_HOST",
  terminal: ADVICE[Code.UNAUTHENTICATED]!.terminal,
};

export interface CloudRunErrorFields {
  /** What was being done: `create`, `update`, `read`, `adopt`, `run`, `list`… */
  verb: string;
  /** The job (or the parent, or the operation) it was done to. */
  resource: string;
  /** The gRPC status; undefined only for a client failure that carries none (no credentials). */
  code: number | undefined;
  /** What happened, in one line. */
  detail: string;
  /** What to do, when the status's usual advice does not fit this case. */
  advice?: string;
  /** The client's own error, when there was one. */
  cause?: unknown;
}

/** A call to Cloud Run failed, or the provider refuses what it would do to a job. */
export class CloudRunError extends Error {
  readonly verb: string;
  readonly resource: string;
  readonly code: number | undefined;
  readonly detail: string;
  readonly advice: string | undefined;

  constructor(fields: CloudRunErrorFields) {
    const advice = fields.advice ?? adviceFor(fields.code, fields.detail, "deploy");
    super(`${fields.verb} job ${fields.resource}: ${fields.detail} (${statusName(fields.code)})${advice ? `. ${advice}` : ""}`, {
      cause: fields.cause,
    });
    this.name = "CloudRunError";
    this.verb = fields.verb;
    this.resource = fields.resource;
    this.code = fields.code;
    this.detail = fields.detail;
    this.advice = advice;
  }
}

/** A setting the provider cannot use (a malformed emulator address, an import id that is not the resource's). */
export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigurationError";
  }
}

/** auth-client.ts's words for a token that impersonation could not get: the account is the second word on. */
const IMPERSONATION_FAILED = /^cannot impersonate (\S+) \(([^)]+)\)/;

/** What to do when impersonation is refused: the account, the role, and the command that grants it. */
function impersonationAdvice(account: string, key: string, audience: keyof Advice): string {
  const grant = `gcloud iam service-accounts add-iam-policy-binding ${account} --member=<the deploying identity> --role=roles/iam.serviceAccountTokenCreator`;
  return audience === "deploy"
    ? `grant the deploying identity roles/iam.serviceAccountTokenCreator on the service account ${account} (\`${grant}\`), or set ${key} to an account it may impersonate`
    : `grant your identity roles/iam.serviceAccountTokenCreator on the service account ${account} (\`${grant}\`)`;
}

/**
 * The advice for a status. A failure without one is google-auth-library's when there are no
 * credentials: "Could not load the default credentials" (the terminal wording matches any
 * credential failure, as the export command always did). A refused impersonation, whatever its
 * status, asks for the role on the account.
 */
export function adviceFor(code: number | undefined, detail: string, audience: keyof Advice): string | undefined {
  const impersonation = IMPERSONATION_FAILED.exec(detail);
  if (impersonation && (code === undefined || code === Code.PERMISSION_DENIED || code === Code.NOT_FOUND)) {
    return impersonationAdvice(impersonation[1]!, impersonation[2]!, audience);
  }
  if (code !== undefined) return ADVICE[code]?.[audience];
  const noCredentials = audience === "deploy" ? /default credentials/i : /credential/i;
  return noCredentials.test(detail) ? NO_CREDENTIALS[audience] : undefined;
}

export interface GrpcLikeError {
  code?: number;
  /** gRPC: the status message. REST (gax's GoogleError.parseHttpError): the raw `details` array. */
  details?: unknown;
  message?: string;
  statusDetails?: Array<{ fieldViolations?: Array<{ field?: string; description?: string }> }>;
}

export function codeOf(err: unknown): number | undefined {
  const code = (err as GrpcLikeError | undefined)?.code;
  return typeof code === "number" ? code : undefined;
}

/** The status's name (UNAVAILABLE…), NO_STATUS without one. */
export function statusName(code: number | undefined): string {
  return code === undefined ? "NO_STATUS" : (CODE_NAMES[code] ?? `code ${code}`);
}

/**
 * gax's retry gives up with "Total timeout … exceeded … retrying error Error: 14 UNAVAILABLE: …":
 * the error it kept retrying is the one worth reporting.
 */
function unwrapRetried(code: number | undefined, text: string): { code: number | undefined; text: string } {
  const retried = /retrying error Error: (\d+) [A-Z_]+: (.*)$/s.exec(text);
  return retried ? { code: Number(retried[1]), text: retried[2]! } : { code, text };
}

/** Turns any client failure into a CloudRunError; a CloudRunError passes through unchanged. */
export function translateError(verb: string, resource: string, err: unknown): CloudRunError {
  if (err instanceof CloudRunError) return err;
  const e = (err ?? {}) as GrpcLikeError;
  const text = (typeof e.details === "string" && e.details) || e.message || String(err);
  const unwrapped = unwrapRetried(codeOf(err), text);
  const violations = (e.statusDetails ?? []).flatMap((d) => d.fieldViolations ?? []);
  const raw = violations.length
    ? violations.map((v) => `${v.field}: ${v.description}`).join("; ")
    : // grpc-js's words for call credentials that failed (auth-client.ts says what failed).
      unwrapped.text.replace(/^\d+ [A-Z_]+: /, "").replace(/^Getting metadata from plugin failed with error: /, "");
  // One line: the server's text may hold several violations on separate lines.
  const detail = redact(
    raw
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean)
      .join("; "),
  );
  return new CloudRunError({ verb, resource, code: unwrapped.code, detail, cause: err });
}

/**
 * A failure as the export command prints it: `could not list the jobs of <parent>: <what>
 * (<STATUS>)`, then what to do on a line of its own.
 */
export function renderForTerminal(err: CloudRunError): string {
  const first = err.detail.split("; ")[0] || "no detail";
  // grpc-js appends an empty "Resolution note" and nests "Error: " when it cannot connect.
  const what = first.replace(/\.?\s*Resolution note:.*$/, "").replace(/Last error: Error: /, "last error: ");
  const advice = adviceFor(err.code, what, "terminal");
  const status = err.code !== undefined ? ` (${statusName(err.code)})` : "";
  return `could not ${err.verb} the jobs of ${err.resource}: ${what}${status}${advice ? `\n${advice}` : ""}`;
}
