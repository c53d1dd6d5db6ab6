// examples/from-pulumi-gcp, by its documented commands (issue 31, part 3): an old stack whose
// state holds a gcp.cloudrunv2.Job (the job itself made in the emulator as pulumi-gcp's provider
// sends it), `pulumi stack export`, `pulumi state delete` of the old resource (the job stays),
// `pulumi-cloudrun-jobs convert` of the export, then this project's `up` with the import id it
// printed: the same job (same uid) before and after, only the owner annotation written, and
// `preview --expect-no-changes` holds. The @pulumi/gcp provider itself is not run (its plugin
// cannot be downloaded here); its state is written as the engine keeps it, and imported by the CLI.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { pulumi } from "../../scripts/pulumi-project.mjs";
import { cliProject, type CliProject } from "../cli/project";
import { emulatorClients } from "../e2e/clients";
import { CASES } from "../provider/core/convert/cases";
import { gcpJob } from "../provider/core/convert/helpers";

const T = 300_000;
const PROJECT = "cli-project";
const REGION = "europe-west1";
const ID = `projects/${PROJECT}/locations/${REGION}/jobs/nightly`;
const OLD_URN = "urn:pulumi:prod::infra::gcp:cloudrunv2/job:Job::nightly";
const SHAPE = CASES["env values, Secret Manager references and a secret volume with items"]!;

let emulator: RunningEmulator;
let cloud: ReturnType<typeof emulatorClients>;
let p: CliProject;

/** The old stack's state as the engine keeps it after pulumi-gcp created the job. */
function oldState(args: Record<string, unknown>, uid: string) {
  const version = "v3.200.0";
  const stack = "urn:pulumi:prod::infra::pulumi:pulumi:Stack::infra-prod";
  const provider = "urn:pulumi:prod::infra::pulumi:providers:gcp::default_8_10_0";
  const providerId = "4f5c1e2a-0000-4000-8000-000000000001";
  return {
    version: 3,
    deployment: {
      manifest: { time: "2026-11-01T10:00:00.000Z", magic: createHash("sha256").update(version).digest("hex"), version },
      resources: [
        { urn: stack, custom: false, type: "pulumi:pulumi:Stack" },
        {
          urn: provider,
          custom: true,
          id: providerId,
          type: "pulumi:providers:gcp",
          inputs: { project: PROJECT, version: "8.10.0" },
          outputs: { project: PROJECT, version: "8.10.0" },
        },
        {
          urn: OLD_URN,
          custom: true,
          id: ID,
          type: "gcp:cloudrunv2/job:Job",
          inputs: args,
          outputs: {
            ...args,
            uid,
            effectiveLabels: { "goog-pulumi-provisioned": "true" },
            terraformLabels: { "goog-pulumi-provisioned": "true" },
          },
          parent: stack,
          provider: `${provider}::${providerId}`,
        },
      ],
    },
  };
}

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, taskDurationMs: 20 });
  cloud = emulatorClients(emulator.port);
  p = await cliProject("from-pulumi-gcp", { emulatorHost: emulator.address });
}, T);
afterAll(async () => {
  p?.cleanup();
  await cloud?.close();
  await emulator?.stop();
}, T);

describe("examples/from-pulumi-gcp (pulumi CLI)", () => {
  it(
    "moves the job from the old stack's gcp.cloudrunv2.Job to a Job: same uid, nothing recreated, then no changes",
    async () => {
      // The job pulumi-gcp made.
      const args = gcpJob({ ...SHAPE.parts, job: { name: "nightly", project: PROJECT, location: REGION } });
      const [op] = await cloud.jobs.createJob({
        parent: `projects/${PROJECT}/locations/${REGION}`,
        jobId: "nightly",
        job: structuredClone(SHAPE.sends),
      });
      await op.promise();
      const before = emulator.store.jobs.get(ID)!.job;

      // The old stack, on the same backend: its state holds the resource; export it, then let go of the job.
      const old = path.join(p.dir, "..", "old-infra");
      mkdirSync(old, { recursive: true });
      writeFileSync(path.join(old, "Pulumi.yaml"), "name: infra\nruntime: nodejs\n");
      writeFileSync(path.join(old, "old.json"), JSON.stringify(oldState(args, before.uid!)));
      const inOld = async (cmd: string[]) => {
        const r = await pulumi(old, [...cmd, "--non-interactive"], { env: p.env });
        if (r.code !== 0) throw new Error(`pulumi ${cmd.join(" ")}: ${r.stdout}\n${r.stderr}`);
        return r;
      };
      await inOld(["stack", "init", "prod"]);
      await inOld(["stack", "import", "--file", "old.json", "--stack", "prod"]);
      await inOld(["stack", "export", "--show-secrets", "--file", path.join(p.dir, "state.json"), "--stack", "prod"]);
      await inOld(["state", "delete", OLD_URN, "--yes", "--stack", "prod"]);
      expect((await inOld(["stack", "export", "--stack", "prod"])).stdout).not.toContain("cloudrunv2");
      expect(emulator.store.jobs.get(ID)?.job.uid).toBe(before.uid);

      // Here: convert, as the README says, then adopt.
      const converted = await promisify(execFile)(
        "npx",
        ["--no-install", "pulumi-cloudrun-jobs", "convert", "state.json", "--name", "nightly"],
        {
          cwd: p.dir,
        },
      );
      expect(converted.stderr).toContain(`new Job("nightly", manifest, { import: "${ID}" });`);
      writeFileSync(path.join(p.dir, "nightly.yaml"), converted.stdout);
      await p.config({ importId: ID });
      const up = await p.up();
      expect(up.stdout).toMatch(/\+ 2 created/); // the stack and the Job, which adopted the job
      expect(up.stdout).toContain("cloudrun job nightly: the job matches the manifest: only the owner annotation is written");
      const after = emulator.store.jobs.get(ID)!.job;
      expect(after.uid).toBe(before.uid);
      expect(after.template).toEqual(before.template);
      expect(Number(after.generation)).toBe(Number(before.generation) + 1); // the owner annotation
      expect((await p.outputs()).metadata).toMatchObject({ uid: before.uid });
      expect((await p.run(["preview", "--expect-no-changes"])).code).toBe(0);
    },
    T,
  );
});
