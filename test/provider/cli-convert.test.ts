// `pulumi-cloudrun-jobs convert`, in-process: what it reads, what it writes on stdout and stderr,
// and its exit codes, with the files and streams of a test (ConvertIO), then once through main()
// with real files.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseAllDocuments, stringify } from "yaml";
import { convertCommand, type ConvertIO } from "../../provider/cli-convert";
import { main } from "../../provider/cli";
import { checkJobManifest } from "../../provider/core/check";
import { gcpJob, IMAGE } from "./core/convert/helpers";

const ID = "projects/my-project/locations/europe-west1/jobs/my-job";

function run(args: string[], files: Record<string, unknown>, yaml: ConvertIO["stringifyYaml"] = () => stringify) {
  const out: string[] = [];
  const err: string[] = [];
  const io: ConvertIO = {
    read: (file) => {
      if (!(file in files)) throw new Error(`ENOENT: no such file, open '${file}'`);
      const content = files[file];
      return typeof content === "string" ? content : JSON.stringify(content);
    },
    out: (t) => void out.push(t),
    err: (t) => void err.push(t),
    stringifyYaml: yaml,
  };
  const code = convertCommand(args, io);
  return { code, stdout: out.join(""), stderr: err.join("") };
}

function exported(...jobs: [string, Record<string, unknown>][]) {
  return {
    version: 3,
    deployment: {
      resources: [
        { urn: "urn:pulumi:dev::legacy::pulumi:pulumi:Stack::legacy-dev", type: "pulumi:pulumi:Stack" },
        ...jobs.map(([name, inputs]) => ({
          urn: `urn:pulumi:dev::legacy::gcp:cloudrunv2/job:Job::${name}`,
          type: "gcp:cloudrunv2/job:Job",
          id: `projects/my-project/locations/europe-west1/jobs/${String(inputs.name)}`,
          inputs,
        })),
      ],
    },
  };
}

describe("pulumi-cloudrun-jobs convert", () => {
  it("writes the manifest as YAML, headed by the line that adopts it", () => {
    const { code, stdout, stderr } = run(["job.json"], { "job.json": gcpJob({ execution: { taskCount: 3 } }) });
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toBe(`# new Job("my-job", manifest, { import: "${ID}" });`);
    const [doc] = parseAllDocuments(stdout);
    expect(checkJobManifest(doc!.toJS()).failures).toEqual([]);
    expect(doc!.toJS()).toMatchObject({ apiVersion: "run.googleapis.com/v1", kind: "Job", metadata: { name: "my-job" } });
    expect(stderr).toBe(`new Job("my-job", manifest, { import: "${ID}" });\n`);
  });

  it("reads stdin when given - or nothing, and writes JSON with --json", () => {
    for (const args of [["--json"], ["-", "--json"]]) {
      const { code, stdout } = run(args, { "-": gcpJob() });
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toMatchObject({ project: "my-project", region: "europe-west1", metadata: { name: "my-job" } });
    }
  });

  it("writes the notes on stderr", () => {
    const { code, stderr } = run(["job.json"], { "job.json": gcpJob({ job: { deletionProtection: true } }) });
    expect(code).toBe(0);
    expect(stderr).toMatch(/^note: deletionProtection: .*`protect: true`/m);
  });

  it("converts every cloudrunv2 Job of a stack export, or the one --name or --urn picks", () => {
    const state = exported(["nightly", gcpJob({ job: { name: "nightly-1" } })], ["weekly", gcpJob({ job: { name: "weekly-1" } })]);
    const all = run(["--from-stack-export", "state.json"], { "state.json": state });
    expect(all.code).toBe(0);
    expect(parseAllDocuments(all.stdout).map((d) => (d.toJS() as { metadata: { name: string } }).metadata.name)).toEqual([
      "nightly-1",
      "weekly-1",
    ]);
    expect(all.stdout).toContain('# new Job("weekly", manifest, { import: "projects/my-project/locations/europe-west1/jobs/weekly-1" });');
    for (const args of [
      ["--name", "weekly"],
      ["--name", "weekly-1"],
      ["--urn", "urn:pulumi:dev::legacy::gcp:cloudrunv2/job:Job::weekly"],
    ]) {
      const one = run(["state.json", ...args], { "state.json": state });
      expect(one.code).toBe(0);
      expect(parseAllDocuments(one.stdout).map((d) => (d.toJS() as { metadata: { name: string } }).metadata.name)).toEqual(["weekly-1"]);
    }
    const none = run(["state.json", "--name", "monthly"], { "state.json": state });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(
      "no gcp:cloudrunv2/job:Job matches monthly; the export has:\n  urn:pulumi:dev::legacy::gcp:cloudrunv2/job:Job::nightly",
    );
  });

  it("names each refused pulumi-gcp property and exits 1, writing no manifest", () => {
    const { code, stdout, stderr } = run(["job.json"], { "job.json": gcpJob({ container: { imagee: IMAGE }, task: { timeout: "1.5s" } }) });
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain("refused: template.template.containers[0].imagee: unknown key `imagee`: did you mean `image`?");
    expect(stderr).toMatch(/not converted: fix or remove the refused properties above/);
  });

  it.each([
    [["a.json", "b.json"], /one input at a time/],
    [["a.json", "--from-stack-export", "b.json"], /either as a file or with --from-stack-export/],
    [["--urn", "u", "--name", "n"], /with --urn or with --name, not both/],
    [["--bogus"], /Unknown option '--bogus'/],
  ])("refuses the command line %j with exit code 2", (args, message) => {
    const { code, stderr } = run(args, {});
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).toContain("Run `pulumi-cloudrun-jobs convert --help` for usage.");
  });

  it("exits 1 when the input cannot be read, is not JSON, or --name is given for arguments", () => {
    expect(run(["missing.json"], {}).stderr).toMatch(/^pulumi-cloudrun-jobs convert: cannot read missing\.json as JSON: ENOENT/);
    expect(run(["bad.json"], { "bad.json": "{" }).code).toBe(1);
    const named = run(["job.json", "--name", "x"], { "job.json": gcpJob() });
    expect(named.code).toBe(1);
    expect(named.stderr).toMatch(/--urn and --name pick a resource of a `pulumi stack export`/);
  });

  it("says how to get YAML when the yaml package is missing", () => {
    const { code, stderr } = run(["job.json"], { "job.json": gcpJob() }, () => new Error("writing YAML needs the `yaml` package"));
    expect(code).toBe(1);
    expect(stderr).toMatch(/needs the `yaml` package/);
  });
});

describe("main() dispatches convert", () => {
  let dir: string | undefined;
  afterEach(() => {
    vi.restoreAllMocks();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("reads the file from disk and prints the manifest", async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "crj-convert-"));
    const file = path.join(dir, "job.json");
    writeFileSync(file, JSON.stringify(gcpJob()));
    const written: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => written.push(String(chunk)) > 0);
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    expect(await main(["convert", file, "--json"])).toBe(0);
    expect(JSON.parse(written.join(""))).toMatchObject({ kind: "Job", metadata: { name: "my-job" } });
  });

  it("prints convert's help", async () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => written.push(String(chunk)) > 0);
    expect(await main(["convert", "--help"])).toBe(0);
    expect(written.join("")).toMatch(/^Usage: pulumi-cloudrun-jobs convert /);
  });
});
