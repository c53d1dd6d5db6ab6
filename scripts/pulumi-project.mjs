// Running a Pulumi project of this repository (an example folder) the way a user does: `npm
// install` in the folder, then the `pulumi` CLI itself in it. Used by `npm run quickstart`,
// examples/run.mjs and the tests. Plain JavaScript with built-ins only (see toolchain.mjs).
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { ROOT, toolchainEnv } from "./toolchain.mjs";

/** The resource type of a Job (pulumi-nodejs:dynamic/<module>:<type>, provider/job.ts). */
export const JOB_TYPE = "pulumi-nodejs:dynamic/cloudrun:Job";

function hashOf(file) {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

/** Whether every file of an installed copy of this package matches the repository's build. */
function copyIsCurrent(copy) {
  const walk = (dir) =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? walk(p) : [p];
    });
  if (!existsSync(path.join(copy, "dist"))) return false;
  for (const file of walk(path.join(copy, "dist"))) {
    const mine = path.join(ROOT, path.relative(copy, file));
    if (!existsSync(mine) || hashOf(mine) !== hashOf(file)) return false;
  }
  return hashOf(path.join(copy, "package.json")) === hashOf(path.join(ROOT, "package.json"));
}

/**
 * `npm install` in a project folder. The examples depend on this package by path, installed as
 * a copy (their .npmrc says `install-links`), so a copy made before the last build is removed
 * first: npm itself would call it up to date.
 */
export function npmInstall(dir, { quiet = false } = {}) {
  const copy = path.join(dir, "node_modules", "pulumi-cloudrun-jobs");
  if (existsSync(copy) && !statSync(copy).isSymbolicLink() && !copyIsCurrent(copy)) rmSync(copy, { recursive: true, force: true });
  const r = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", ...(quiet ? ["--loglevel=error"] : [])], {
    cwd: dir,
    env: toolchainEnv(),
    stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit",
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`npm install in ${dir} failed (exit ${r.status}):\n${r.stderr ?? ""}`);
}

/**
 * Runs `pulumi <args>` in a project folder with the project's toolchain (Node.js >= 22 and
 * pulumi from .tools/bin, the local file backend, no network for Pulumi).
 * @param {string} dir
 * @param {string[]} args
 * @param {{ env?: Record<string, string>, echo?: boolean, capture?: boolean, onSpawn?: (child: import("node:child_process").ChildProcess) => void }} [opts]
 *   echo: print `$ pulumi …` and stream the output, as a terminal would show it;
 *   capture: collect stdout and stderr (also when echoing).
 * @returns {Promise<{ code: number, stdout: string, stderr: string }>}
 */
export function pulumi(dir, args, { env = {}, echo = false, capture = true, onSpawn } = {}) {
  if (echo) process.stdout.write(`\n$ pulumi ${args.join(" ")}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn("pulumi", args, { cwd: dir, env: toolchainEnv({ ...process.env, ...env }), stdio: ["ignore", "pipe", "pipe"] });
    onSpawn?.(child);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      if (capture) stdout += d;
      if (echo) process.stdout.write(d);
    });
    child.stderr.on("data", (d) => {
      if (capture) stderr += d;
      if (echo) process.stderr.write(d);
    });
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
  });
}

/** The Job resources of a stack's state (`pulumi stack export`), or an error saying why none. */
export async function exportedJobs(dir, stack, env = {}) {
  const r = await pulumi(dir, ["stack", "export", "--stack", stack], { env });
  if (r.code !== 0) throw new Error(`pulumi stack export failed (exit ${r.code}): ${r.stderr}`);
  const resources = JSON.parse(r.stdout).deployment?.resources ?? [];
  return resources.filter((res) => res.type === JOB_TYPE);
}
