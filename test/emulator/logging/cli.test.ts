// The CLI's side of logs: `env gcloud` prints the Logging override, --max-log-entries bounds the
// store and is checked, and a CLI emulator with --exec answers entries:list.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../../..");
const outDir = path.join(root, "node_modules", ".cache", "cloudrun-emulator-logging-cli-test");
const cli = path.join(outDir, "cli.js");

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

describe("cloudrun-emulator CLI and logs", () => {
  it("`env gcloud` points gcloud's Logging API at the emulator", () => {
    const r = spawnSync(process.execPath, [cli, "env", "gcloud", "--port", "18124"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("export CLOUDSDK_API_ENDPOINT_OVERRIDES_LOGGING=http://logging.cloudrun-emulator.invalid/\n");
    expect(spawnSync(process.execPath, [cli, "--help"], { encoding: "utf8" }).stdout).toContain("--max-log-entries");
  });

  it("refuses a bad --max-log-entries; keeps that many entries per project", async () => {
    const bad = spawnSync(process.execPath, [cli, "--port", "0", "--max-log-entries", "0"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--max-log-entries must be a positive integer");

    const child = spawn(process.execPath, [cli, "--port", "0", "--quiet", "--exec", "--max-log-entries", "3"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      let out = "";
      const port = await new Promise<number>((resolve, reject) => {
        child.stdout!.on("data", (c: Buffer) => {
          out += c.toString();
          const m = /ready on 127\.0\.0\.1:(\d+)/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        child.on("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      const base = `http://127.0.0.1:${port}`;
      const job = {
        template: {
          template: {
            containers: [{ image: "img", command: [process.execPath], args: ["-e", "for (let i = 1; i <= 5; i++) console.log(`n${i}`)"] }],
          },
        },
      };
      expect(
        (await fetch(`${base}/v2/projects/p/locations/us-central1/jobs?jobId=five`, { method: "POST", body: JSON.stringify(job) })).status,
      ).toBe(200);
      expect((await fetch(`${base}/v2/projects/p/locations/us-central1/jobs/five:run`, { method: "POST", body: "{}" })).status).toBe(200);
      const list = async () =>
        (await (
          await fetch(`${base}/v2/entries:list`, { method: "POST", body: JSON.stringify({ resourceNames: ["projects/p"] }) })
        ).json()) as { entries?: Array<{ textPayload: string }> };
      const deadline = Date.now() + 10_000;
      let texts: string[] = [];
      while (Date.now() < deadline) {
        texts = ((await list()).entries ?? []).map((e) => e.textPayload);
        if (texts.includes("Container called exit(0).")) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(texts).toEqual(["n4", "n5", "Container called exit(0)."]);
    } finally {
      child.kill("SIGTERM");
    }
  });
});
