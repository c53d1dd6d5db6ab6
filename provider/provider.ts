// The dynamic provider's implementation, as the Pulumi engine calls it: the engine face only.
// Loaded by package name (`pulumi-cloudrun-jobs/impl`) inside the provider process, so the
// serialized `__provider` stays a tiny shim (shim.ts). Each entry point decodes the engine's
// property bags (core/inputs.ts), calls the core or reconcile (engine/), and encodes the result.
// The gateway is injected: `createProvider(gateway)` runs the same orchestration in-process.
import "./orphan-watch"; // in the provider process only: exit once `pulumi` is gone (orphan-watch.ts)
import type * as pulumi from "@pulumi/pulumi";
import { type ConfigLookup, endpointFromEnv } from "./cloud/clients";
import { ConfigurationError } from "./cloud/errors";
import { Gateway } from "./cloud/gateway";
import { describeRetry } from "./cloud/retry";
import { checkInputs, type PreviousNames, stackSettingsOf, type StackSettings } from "./core/check";
import { defaultLabelsOf } from "./core/default-labels";
import { diffResource } from "./core/diff";
import { failedRunPlan, runPlan, tokenOf } from "./core/executions";
import { decodeInputs, lastReadOf, type Props, replaceOnChangesOf, SECRET_PATHS } from "./core/inputs";
import { secretnessLines, secretPathsOf, shownPaths } from "./core/secrets";
import { SCHEMA_VERSION } from "./core/outputs";
import { keptTokenRun } from "./core/token-run";
import { UNKNOWN } from "./core/unknown";
import type { Log, ReconcileContext } from "./engine/context";
import type { JobGateway } from "./engine/gateway-contract";
import { deleteJob as deleteOwnedJob, ownerInState } from "./engine/ownership";
import { createJob, readJob, updateJob } from "./engine/reconcile";
import { createRunProvider, type JobRunProvider } from "./run-provider";

export { SCHEMA_VERSION, UNKNOWN };

/** The provider's entry points, as `pulumi.dynamic.ResourceProvider` names them. */
export interface JobProvider {
  configure(req: pulumi.dynamic.ConfigureRequest): Promise<void>;
  check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult>;
  diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult>;
  create(inputs: Props): Promise<pulumi.dynamic.CreateResult>;
  read(id: string, props?: Props): Promise<pulumi.dynamic.ReadResult>;
  update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult>;
  delete(id: string, props?: Props): Promise<void>;
  /** The JobRun resource's entry points, over the same gateway and settings (run-provider.ts). */
  runs: JobRunProvider;
}

export interface ProviderOptions {
  /** Where lines for the `pulumi` output go; the engine shows the provider's stdout. */
  log?: Log;
  /** The environment `configure` reads project and region from, after the stack config. */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The provider over a gateway: a JobGateway, or a function that makes one per call from the
 * stack config (the default also reads CLOUD_RUN_EMULATOR_HOST and CLOUD_RUN_TRANSPORT when
 * called, as the provider process sets them). `configure` makes one at once, so a bad setting
 * fails the preview, before any call.
 */
export function createProvider(
  gateway: JobGateway | ((config: ConfigLookup, log: Log) => JobGateway),
  options: ProviderOptions = {},
): JobProvider {
  const log = options.log ?? ((line: string) => console.log(line));
  const env = options.env ?? {};
  let settings: StackSettings = {};
  const previousNames: PreviousNames = new Map();
  let config: ConfigLookup = () => undefined;
  const madeHere = new Set<string>();
  const context = (): ReconcileContext => ({ gateway: typeof gateway === "function" ? gateway(config, log) : gateway, log, madeHere });

  return {
    async configure(req) {
      config = (key) => configText(req.config.get(key));
      const defaults = defaultLabelsOf(config);
      if (defaults.problem) throw new ConfigurationError(defaults.problem);
      settings = { ...stackSettingsOf(config, env), ...(defaults.labels ? { defaultLabels: defaults.labels } : {}) };
      if (typeof gateway === "function") gateway(config, log);
    },

    async check(olds, news) {
      const checked = checkInputs(olds, news, settings, previousNames);
      if (checked.failures?.length) return checked;
      // Against an emulator where nothing listens, the preview fails as the update would (cloud/reachable.ts).
      const refused = await context().gateway.unreachable?.(String(checked.inputs.name ?? news.name));
      return refused ? { ...checked, failures: [{ property: "", reason: refused }] } : checked;
    },

    async diff(_id, olds, news) {
      const d = diffResource(olds, news, replaceOnChangesOf(news), { olds: olds[SECRET_PATHS], news: news[SECRET_PATHS] });
      const token = d.tokens.length || d.replaces.length ? tokenOf(news.spec) : undefined;
      // The preview shows the token as an update; this line says what that update will do.
      if (token) log(`cloudrun job ${String(news.name)}: ${runPlan(String(news.name), token, decodeInputs(news).waitSeconds)}`);
      // The last up left this token's run failed: the engine updates anyway (init errors); say what that does.
      const failed = token ? undefined : failedRunPlan(olds, news);
      if (failed) log(`cloudrun job ${String(news.name)}: ${failed}`);
      // Lines for what the preview cannot show (paths only, never a value): an update whose only
      // change is which values are secret, and, when a secret seals a whole object or array in
      // the engine's display (`containers: [secret]`), which paths changed inside it.
      for (const line of secretnessLines(d.secretness)) log(`cloudrun job ${String(news.name)}: ${line}`);
      const secret = [...secretPathsOf(olds[SECRET_PATHS]), ...secretPathsOf(news[SECRET_PATHS])];
      if (secret.length && d.paths.length) log(`cloudrun job ${String(news.name)}: changed: ${shownPaths(d.paths, secret).join(", ")}`);
      return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace };
    },

    async create(props) {
      const inputs = decodeInputs(props);
      return { id: inputs.id, outs: await createJob(context(), inputs) };
    },

    async read(id, props = {}) {
      const found = await readJob(context(), id, props);
      // A job deleted outside Pulumi: no id tells the engine to drop it from state on refresh.
      return found ? { id, props: found.outs, inputs: found.inputs } : {};
    },

    async update(_id, olds, news) {
      const d = diffResource(olds, news, [], { olds: olds[SECRET_PATHS], news: news[SECRET_PATHS] });
      // `changes` of the plan is the manifest's: a change of secretness alone alters nothing in Cloud Run.
      const plan = { changes: d.paths.length > 0, tokenChanged: d.tokens.length > 0, secretnessOnly: d.changes && d.paths.length === 0 };
      const tokenRun = plan.tokenChanged ? undefined : keptTokenRun(olds, news.spec);
      const last = { ...lastReadOf(olds), previousOwner: ownerInState(olds), ...(tokenRun ? { tokenRun } : {}) };
      return { outs: await updateJob(context(), decodeInputs(news), last, plan) };
    },

    async delete(id, props) {
      await deleteOwnedJob(context(), id, props);
    },

    runs: createRunProvider(context),
  };
}

/**
 * A stack config value as text. The engine sends config JSON-encoded (a map or a list as its JSON
 * text, pulumi/pulumi#17667); should it send one as it is, it is read back as that JSON text.
 */
function configText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** The provider the engine loads: Cloud Run, or the emulator CLOUD_RUN_EMULATOR_HOST names. */
const provider = createProvider(
  (config, log) => new Gateway(endpointFromEnv(process.env, config), { onRetry: (r) => log(describeRetry(r)) }),
  { env: process.env },
);

export const { configure, check, diff, create, read, update, runs } = provider;
const deleteJob = provider.delete;
export { deleteJob as delete };
