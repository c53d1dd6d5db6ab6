// Types of toolchain.mjs, for the tests that import it.
export const ROOT: string;
export const TOOLS: string;
export const TOOLS_BIN: string;
export const PULUMI_VERSION: string;
export const PULUMI_MIN_VERSION: string;
export const NODE_MIN_MAJOR: number;
export const LANGUAGE_HOST_VERSION: string;
export const STATE_DIR: string;
export const LOCAL_PASSPHRASE: string;
/** `base` with .tools/bin first on PATH and Pulumi kept local and offline (file backend, no update checks). */
export function toolchainEnv(base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export function hasLocalTool(name: string): boolean;
