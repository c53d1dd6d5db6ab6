// The real `gcloud` against an in-process emulator, with exactly the environment the emulator
// prints (`cloudrun-emulator env gcloud`), nothing inherited: no CLOUDSDK_* or GOOGLE_* variable
// of the machine reaches gcloud, HOME and the gcloud configuration are throwaway directories.
import { execFile } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator";

/** An executable `gcloud` on PATH, found without starting it (gcloud takes seconds to start). */
export function gcloudOnPath(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, "gcloud");
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface GcloudResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr, ANSI colours removed. */
  text: string;
}

export interface GcloudHarness {
  emulator: RunningEmulator;
  env: Record<string, string>;
  /** Runs `gcloud <args>` with the emulator's environment (plus `extraEnv`, minus `drop`). */
  gcloud(
    args: string[],
    options?: { extraEnv?: Record<string, string>; drop?: string[]; stdin?: string; unlimited?: boolean },
  ): Promise<GcloudResult>;
  /** Like gcloud(), but fails with gcloud's output unless it exits 0. */
  ok(args: string[]): Promise<GcloudResult>;
  /** `gcloud … --format json`, parsed. */
  json<T = any>(args: string[]): Promise<T>;
  dir: string;
  close(): Promise<void>;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: an ANSI colour code starts with the escape character.
const ANSI = /\u001b\[[0-9;]*m/g;

/** At most `limit` at once: gcloud is CPU-bound at start (~1.5 s of CPU), the machine has two cores. */
function limiter(limit: number) {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    while (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

export async function startGcloudHarness(project: string, options: EmulatorOptions = {}, concurrency = 3): Promise<GcloudHarness> {
  const slot = limiter(concurrency);
  const emulator = await startEmulator({ quiet: true, ...options });
  const dir = mkdtempSync(path.join(os.tmpdir(), "gcloud-suite-"));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: dir,
    LANG: "C.UTF-8",
    // The suite answers no prompt; commands that would ask take --quiet as well.
    CLOUDSDK_CORE_DISABLE_PROMPTS: "1",
    ...emulator.gcloudEnv({ project, configDir: path.join(dir, "gcloud-config") }),
  };
  const gcloud: GcloudHarness["gcloud"] = (args, opts = {}) =>
    (opts.unlimited ? (run: () => Promise<GcloudResult>) => run() : slot)(
      () =>
        new Promise<GcloudResult>((resolve) => {
          const childEnv = { ...env, ...(opts.extraEnv ?? {}) };
          for (const key of opts.drop ?? []) delete childEnv[key];
          const child = execFile(
            "gcloud",
            args,
            { env: childEnv, cwd: dir, maxBuffer: 16 * 1024 * 1024, timeout: 120_000 },
            (err, stdout, stderr) => {
              const code = err ? (typeof (err as { code?: unknown }).code === "number" ? (err as { code: number }).code : 1) : 0;
              resolve({ code, stdout, stderr, text: `${stdout}\n${stderr}`.replace(ANSI, "") });
            },
          );
          if (opts.stdin !== undefined) child.stdin?.end(opts.stdin);
          else child.stdin?.end();
        }),
    );
  const ok: GcloudHarness["ok"] = async (args) => {
    const result = await gcloud(args);
    if (result.code !== 0) throw new Error(`gcloud ${args.join(" ")} exited ${result.code}:\n${result.text}`);
    return result;
  };
  return {
    emulator,
    env,
    gcloud,
    ok,
    json: async (args) => JSON.parse((await ok([...args, "--format", "json"])).stdout),
    dir,
    close: async () => {
      await emulator.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
