// The `cloudrun-emulator` CLI as a separate process: ready line, --help, one log line per RPC,
// --fault at start, `control` from another process, --state-file, clean shutdown on SIGTERM.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ts from "typescript";
import { v2 } from "@google-cloud/run";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PARENT, clientOptions, jobBody, jobName, rejection } from "../harness";

const root = path.resolve(__dirname, "../../..");
// Inside the repository so the compiled CLI resolves this project's node_modules.
const outDir = path.join(root, "node_modules", ".cache", "cloudrun-emulator-cli-test");
const cli = path.join(outDir, "cli.js");
const work = mkdtempSync(path.join(tmpdir(), "cloudrun-emulator-cli-"));

/** Transpiles every .ts file under emulator/ to CommonJS (type checking is tsc's job, not this test's). */
beforeAll(() => {
  mkdirSync(outDir, { recursive: true });
  const src = path.join(root, "emulator");
  for (const file of (readdirSync(src, { recursive: true }) as string[]).filter((f) => f.endsWith(".ts"))) {
    const { outputText } = ts.transpileModule(readFileSync(path.join(src, file), "utf8"), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2023, esModuleInterop: true },
    });
    mkdirSync(path.dirname(path.join(outDir, file)), { recursive: true });
    writeFileSync(path.join(outDir, file.replace(/\.ts$/, ".js")), outputText);
  }
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Running {
  child: ChildProcess;
  port: number;
  output: () => string;
}

function start(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [cli, "--port", "0", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /ready on 127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]), output: () => out });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
    child.on("exit", (code) => reject(new Error(`emulator exited (${code}): ${out}`)));
  });
}

function stop(r: Running): Promise<number | null> {
  return new Promise((resolve) => {
    r.child.removeAllListeners("exit");
    r.child.on("exit", (code) => resolve(code));
    r.child.kill("SIGTERM");
  });
}

describe("cloudrun-emulator CLI", () => {
  it("--help describes the flags", () => {
    const r = spawnSync(process.execPath, [cli, "--help"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    for (const flag of ["--port", "--host", "--state-file", "--task-duration", "--exec", "--speed", "--fault", "--quiet"])
      expect(r.stdout).toContain(flag);
  });

  it("`env gcloud` prints the export lines that point gcloud at the emulator, and creates the config dir", () => {
    const config = path.join(work, "gcloud-config");
    const r = spawnSync(
      process.execPath,
      [cli, "env", "gcloud", "--port", "18123", "--project", "my-project", "--region", "europe-west1", "--config-dir", config],
      { encoding: "utf8" },
    );
    expect(r.status).toBe(0);
    const env = Object.fromEntries(
      r.stdout
        .trim()
        .split("\n")
        .map((line) => /^export (\w+)=(.*)$/.exec(line)!.slice(1, 3) as [string, string]),
    );
    expect(env).toMatchObject({
      CLOUDSDK_CONFIG: config,
      CLOUDSDK_PROXY_TYPE: "http",
      CLOUDSDK_PROXY_ADDRESS: "127.0.0.1",
      CLOUDSDK_PROXY_PORT: "18123",
      CLOUDSDK_API_ENDPOINT_OVERRIDES_RUN: "http://run.cloudrun-emulator.invalid/",
      CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDRESOURCEMANAGER: "http://cloudresourcemanager.cloudrun-emulator.invalid/",
      CLOUDSDK_API_ENDPOINT_OVERRIDES_SERVICEUSAGE: "http://serviceusage.cloudrun-emulator.invalid/",
      CLOUDSDK_CORE_PROJECT: "my-project",
      CLOUDSDK_RUN_REGION: "europe-west1",
      CLOUDSDK_CORE_DISABLE_USAGE_REPORTING: "1",
      CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK: "1",
    });
    expect(env.CLOUDSDK_AUTH_ACCESS_TOKEN).toBeTruthy();
    expect(existsSync(config)).toBe(true);
    expect(spawnSync(process.execPath, [cli, "env", "gcloud"], { encoding: "utf8" }).stdout).toContain("CLOUDSDK_PROXY_PORT=8090");
    const wrong = spawnSync(process.execPath, [cli, "env", "aws"], { encoding: "utf8" });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain("env gcloud");
  });

  it("refuses a bad flag value with exit code 2", () => {
    const r = spawnSync(process.execPath, [cli, "--port", "99999"], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--port");
  });

  it("serves, logs one line per RPC, takes faults from the command line and from `control`, keeps state, stops on SIGTERM", async () => {
    const stateFile = path.join(work, "state.json");
    const running = await start(["--task-duration", "20ms", "--state-file", stateFile, "--fault", "rpc=ListJobs,code=UNAVAILABLE"]);
    const jobs = new v2.JobsClient(clientOptions(running.port));
    try {
      expect((await rejection(jobs.listJobs({ parent: PARENT }))).code).toBe(14);
      const [op] = await jobs.createJob({ parent: PARENT, jobId: "cli", job: jobBody() });
      await op.promise();
      const address = `127.0.0.1:${running.port}`;
      const added = spawnSync(process.execPath, [cli, "control", address, "add-fault", "rpc=GetJob,code=NOT_FOUND"], { encoding: "utf8" });
      expect(added.status).toBe(0);
      expect(JSON.parse(added.stdout)).toMatchObject({ rpc: "GetJob", kind: "error", code: 5 });
      expect((await rejection(jobs.getJob({ name: jobName("cli") }))).code).toBe(5);
      const calls = spawnSync(process.execPath, [cli, "control", address, "calls"], { encoding: "utf8" });
      expect(JSON.parse(calls.stdout)).toMatchObject({ "Jobs.ListJobs": 1, "Jobs.CreateJob": 1, "Jobs.GetJob": 1 });
      expect(running.output()).toMatch(/Jobs\.CreateJob OK/);
      expect(running.output()).toMatch(/Jobs\.ListJobs UNAVAILABLE \(injected\)/);
    } finally {
      await jobs.close();
    }
    expect(await stop(running)).toBe(0);
    expect(running.output()).toContain("SIGTERM, shutting down");
    expect(existsSync(stateFile)).toBe(true);

    const again = await start(["--quiet", "--state-file", stateFile]);
    const client = new v2.JobsClient(clientOptions(again.port));
    try {
      const [job] = await client.getJob({ name: jobName("cli") });
      expect(job.name).toBe(jobName("cli"));
      expect(again.output()).not.toMatch(/Jobs\.GetJob OK/);
    } finally {
      await client.close();
      await stop(again);
    }
  });
});
