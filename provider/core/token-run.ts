// A Job's `tokenRun` output: the execution its current token started (`{job}-{token}`) and its
// result. Derived from the token, never from `status.latestCreatedExecution`, so a run started
// elsewhere (console, Scheduler, `gcloud run jobs execute`) does not change it. Pure.
import type { ApiExecution } from "./api";
import { type ExecutionSummary, executionSummary, isFinal } from "./execution-summary";
import { type ExecutionToken, tokenOf } from "./executions";

/** The output key. */
export const TOKEN_RUN = "tokenRun";

export interface TokenRun extends ExecutionSummary {
  /** Which token started it. */
  kind: ExecutionToken["kind"];
  /** The token's value. */
  token: string;
}

export function tokenRunOf(token: ExecutionToken, execution: ApiExecution): TokenRun {
  return { kind: token.kind, token: token.value, ...executionSummary(execution) };
}

/** The tokenRun the state holds, when it is about the token `spec` carries now. */
export function keptTokenRun(state: Record<string, unknown>, spec: unknown): TokenRun | undefined {
  const kept = state[TOKEN_RUN] as Partial<TokenRun> | undefined;
  const token = tokenOf(spec);
  if (!kept || !token || kept.token !== token.value || kept.kind !== token.kind) return undefined;
  return kept as TokenRun;
}

/** Whether a kept tokenRun is worth reading again (its execution may still change). */
export function tokenRunOpen(run: TokenRun | undefined): boolean {
  return !!run && !isFinal(run.completionStatus);
}
