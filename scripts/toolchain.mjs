// The project's toolchain: where the pinned tools live and the environment every
// command of ours runs in. Plain JavaScript with no dependencies, because it must
// run on the machine's own Node.js (possibly 20) before anything is installed.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const TOOLS = path.join(ROOT, ".tools");
export const TOOLS_BIN = path.join(TOOLS, "bin");

/** The Pulumi release we build when no recent `pulumi` is installed (pkg/v3 and sdk/v3 at one version). */
export const PULUMI_VERSION = "3.276.0";
/** The oldest installed `pulumi` we accept: `ReadResult.inputs` (3.216) and inline refresh/destroy (3.181) are needed. */
export const PULUMI_MIN_VERSION = "3.216.0";
export const NODE_MIN_MAJOR = 22;
/** The Node.js language host built when the `pulumi` used has none (tools/pulumi-language-nodejs/ says why). */
export const LANGUAGE_HOST_VERSION = "3.68.0";

/** Local stacks: file backend under a git-ignored folder and a fixed passphrase (DEVELOPERS.md, "The machine"). */
export const STATE_DIR = path.join(ROOT, ".pulumi-state");
export const LOCAL_PASSPHRASE = "pulumi-cloudrun-jobs-local";

/**
 * Environment for every Pulumi-driving command: offline by construction.
 * docs/architecture.md, facts: running the engine offline.
 */
export function toolchainEnv(base = process.env) {
  const env = { ...base };
  env.PATH = `${TOOLS_BIN}${path.delimiter}${base.PATH ?? ""}`;
  env.PULUMI_BACKEND_URL = base.PULUMI_BACKEND_URL ?? `file://${STATE_DIR}`;
  if (base.PULUMI_CONFIG_PASSPHRASE === undefined && base.PULUMI_CONFIG_PASSPHRASE_FILE === undefined) {
    env.PULUMI_CONFIG_PASSPHRASE = LOCAL_PASSPHRASE;
  }
  env.PULUMI_HOME = base.PULUMI_HOME ?? path.join(TOOLS, "pulumi-home");
  env.PULUMI_SKIP_UPDATE_CHECK = "true";
  env.PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION = "true";
  env.PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK = "true";
  env.PULUMI_DIY_BACKEND_NO_LEGACY_WARNING = "true";
  return env;
}

export function hasLocalTool(name) {
  return existsSync(path.join(TOOLS_BIN, name));
}
