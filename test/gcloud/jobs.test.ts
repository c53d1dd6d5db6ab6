// The real gcloud (`gcloud run jobs …`, `… executions …`, `… executions tasks …`, the IAM
// commands) against the emulator, with the environment the emulator prints and nothing else.
// Each command's answer is checked against what gcloud's own code reads (googlecloudsdk
// api_lib/run/job.py, execution.py, task.py, command_lib/run/printers/job_printer.py) and the
// region asked for is where the job lands. No real Google endpoint can be reached: every API
// gcloud is given is a host under cloudrun-emulator.invalid (never resolves), through the
// emulator as proxy, which refuses other hosts and CONNECT; the suite checks that afterwards.
// Skipped, with one line, where gcloud is not on PATH.
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GCLOUD_DOMAIN } from "../../emulator";
import { gcloudOnPath, startGcloudHarness, type GcloudHarness } from "./harness";

const hasGcloud = !!gcloudOnPath();
if (!hasGcloud) console.log("gcloud not on PATH: the gcloud suite is skipped");

const PROJECT = "gcloud-suite";
const EU = "europe-west1";
const US = "us-east1";
const IMAGE = "us-docker.pkg.dev/cloudrun/container/job:latest";
const SLOW = 180_000;

let h: GcloudHarness;
type Result = Awaited<ReturnType<GcloudHarness["ok"]>>;
let number: string;
const key = (region: string, job: string) => `projects/${PROJECT}/locations/${region}/jobs/${job}`;
const executionsOf = (region: string, job: string) =>
  [...h.emulator.store.executions.values()].filter((e) => e.execution.name!.startsWith(`${key(region, job)}/executions/`));

describe.skipIf(!hasGcloud)("gcloud run jobs against the emulator", () => {
  // The command families run as concurrent chains (gcloud takes seconds to start; the machine
  // has two cores): each chain is sequential where its commands depend on one another, the
  // tests below await their chain and check what it saw.
  const chains: Record<string, Promise<Record<string, any>>> = {};
  const chain = (name: string, run: () => Promise<Record<string, any>>, after: string[] = []) => {
    chains[name] = Promise.all(after.map((a) => chains[a]!)).then(run);
    chains[name].catch(() => undefined);
  };

  beforeAll(async () => {
    // Simulated attempts take 300 ms; `--exec` runs the `sleeper` job's `sleep` locally, so it
    // is still running when the suite cancels it.
    h = await startGcloudHarness(PROJECT, { taskDurationMs: 300, exec: true });
    number = h.emulator.projects.numberOf(PROJECT);

    // gcloud without the run override (everything else as printed): it must not get anywhere.
    chain("withoutOverride", async () => ({
      result: await h.gcloud(["run", "jobs", "describe", "nowhere", "--region", EU], {
        drop: ["CLOUDSDK_API_ENDPOINT_OVERRIDES_RUN"],
        unlimited: true,
      }),
    }));

    chain("created", async () => {
      const [alpha, beta] = await Promise.all([
        h.ok([
          "run",
          "jobs",
          "create",
          "alpha",
          "--image",
          IMAGE,
          "--region",
          EU,
          "--tasks",
          "2",
          "--parallelism",
          "1",
          "--max-retries",
          "1",
          "--task-timeout",
          "5m",
          "--set-env-vars",
          "A=1,B=2",
          "--labels",
          "team=data",
          "--set-cloudsql-instances",
          `${PROJECT}:${EU}:db`,
          "--vpc-connector",
          "c1",
          "--vpc-egress",
          "all-traffic",
          "--memory",
          "1Gi",
          "--cpu",
          "2",
          "--set-secrets",
          "TOKEN=api-token:1",
          "--add-volume",
          "name=scratch,type=in-memory,size-limit=100Mi",
          "--add-volume-mount",
          "volume=scratch,mount-path=/scratch",
          "--command",
          "true",
          "--quiet",
        ]),
        h.ok(["run", "jobs", "create", "beta", "--image", IMAGE, "--region", US, "--labels", "team=ops", "--quiet"]),
      ]);
      return { alpha, beta, keys: [...h.emulator.store.jobs.keys()].sort() };
    });
    chain("described", async () => {
      const [human, asJson, exported, asYaml] = await Promise.all([
        h.ok(["run", "jobs", "describe", "alpha", "--region", EU]),
        h.json(["run", "jobs", "describe", "alpha", "--region", EU]),
        h.ok(["run", "jobs", "describe", "alpha", "--region", EU, "--format", "export"]),
        h.ok(["run", "jobs", "describe", "alpha", "--region", EU, "--format", "yaml"]),
      ]);
      return { human, asJson, exported, asYaml };
    }, ["created"]);
    chain("listed", async () => {
      const [all, eu, filtered, limited] = await Promise.all([
        h.json<any[]>(["run", "jobs", "list"]),
        h.ok(["run", "jobs", "list", "--region", EU, "--format", "value(metadata.name)"]),
        h.ok(["run", "jobs", "list", "--filter", "metadata.labels.team=ops", "--format", "value(metadata.name,region)"]),
        h.ok(["run", "jobs", "list", "--limit", "1", "--format", "value(metadata.name)"]),
      ]);
      return { all, eu, filtered, limited };
    }, ["created"]);
    chain("changed", async () => {
      await h.ok([
        "run",
        "jobs",
        "update",
        "alpha",
        "--region",
        EU,
        "--update-env-vars",
        "C=3",
        "--remove-env-vars",
        "A",
        "--update-labels",
        "env=dev",
        "--tasks",
        "3",
        "--quiet",
      ]);
      const updated = await h.json(["run", "jobs", "describe", "alpha", "--region", EU]);
      const file = path.join(h.dir, "alpha.yaml");
      writeFileSync(
        file,
        (await h.ok(["run", "jobs", "describe", "alpha", "--region", EU, "--format", "export"])).stdout.replace(
          "maxRetries: 1",
          "maxRetries: 2",
        ),
      );
      const replaced = await h.ok(["run", "jobs", "replace", file, "--region", EU, "--quiet"]);
      return { updated, replaced, after: structuredClone(h.emulator.store.jobs.get(key(EU, "alpha"))!.job) };
    }, ["described", "listed"]);
    chain("executed", async () => {
      const waited = await h.ok(["run", "jobs", "execute", "alpha", "--region", EU, "--wait"]);
      const asynchronous = await h.json([
        "run",
        "jobs",
        "execute",
        "alpha",
        "--region",
        EU,
        "--async",
        "--args",
        "x,y",
        "--update-env-vars",
        "D=4",
        "--tasks",
        "1",
        "--task-timeout",
        "30s",
      ]);
      const run = executionsOf(EU, "alpha").find((e) => e.execution.name!.endsWith(`/${asynchronous.metadata.name}`))!;
      const first = executionsOf(EU, "alpha")
        .find((e) => e.execution.name !== run.execution.name)!
        .execution.name!.split("/")
        .pop()!;
      const [listed, described, describedJson, tasks, task] = await Promise.all([
        h.json<any[]>(["run", "jobs", "executions", "list", "--job", "alpha", "--region", EU]),
        h.ok(["run", "jobs", "executions", "describe", first, "--region", EU]),
        h.json(["run", "jobs", "executions", "describe", first, "--region", EU]),
        h.json<any[]>(["run", "jobs", "executions", "tasks", "list", "--execution", first, "--region", EU]),
        h.ok(["run", "jobs", "executions", "tasks", "describe", `${first}-task1`, "--region", EU]),
      ]);
      const job = await h.ok(["run", "jobs", "describe", "alpha", "--region", EU]);
      return { waited, asynchronous, run: structuredClone(run), first, listed, described, describedJson, tasks, task, job };
    }, ["changed"]);
    chain("cancelled", async () => {
      await h.ok(["run", "jobs", "create", "sleeper", "--image", IMAGE, "--region", EU, "--command", "sleep", "--args", "60", "--quiet"]);
      const started = await h.json(["run", "jobs", "execute", "sleeper", "--region", EU, "--async"]);
      const id = started.metadata.name as string;
      const cancelled = await h.ok(["run", "jobs", "executions", "cancel", id, "--region", EU, "--quiet"]);
      const state = executionsOf(EU, "sleeper")[0]!.state;
      const deleted = await h.ok(["run", "jobs", "executions", "delete", id, "--region", EU, "--quiet"]);
      return { id, cancelled, state, deleted, left: executionsOf(EU, "sleeper").length };
    }, ["listed"]);
    chain("iam", async () => {
      await h.ok([
        "run",
        "jobs",
        "add-iam-policy-binding",
        "alpha",
        "--region",
        EU,
        "--member",
        "user:ada@example.com",
        "--role",
        "roles/run.invoker",
      ]);
      const policy = await h.json(["run", "jobs", "get-iam-policy", "alpha", "--region", EU]);
      const file = path.join(h.dir, "policy.json");
      writeFileSync(
        file,
        JSON.stringify({
          bindings: [...policy.bindings, { role: "roles/run.developer", members: ["group:dev@example.com"] }],
          etag: policy.etag,
        }),
      );
      await h.ok(["run", "jobs", "set-iam-policy", "alpha", file, "--region", EU, "--quiet"]);
      await h.ok([
        "run",
        "jobs",
        "remove-iam-policy-binding",
        "alpha",
        "--region",
        EU,
        "--member",
        "user:ada@example.com",
        "--role",
        "roles/run.invoker",
      ]);
      return { policy, stored: structuredClone(h.emulator.store.policies.get(key(EU, "alpha"))!.bindings) };
    }, ["listed"]);
    chain("deployed", async () => {
      const [deployed, wrongRegion] = await Promise.all([
        h.ok(["run", "jobs", "deploy", "gamma", "--image", IMAGE, "--region", US, "--execute-now", "--wait", "--quiet"]),
        h.gcloud(["run", "jobs", "describe", "alpha", "--region", US]),
      ]);
      const state = executionsOf(US, "gamma")[0]?.state;
      await h.ok(["run", "jobs", "deploy", "gamma", "--image", IMAGE, "--region", US, "--labels", "tier=gold", "--quiet"]);
      const redeployed = structuredClone(h.emulator.store.jobs.get(key(US, "gamma"))!.job);
      await h.ok(["run", "jobs", "delete", "beta", "--region", US, "--quiet"]);
      return { deployed, wrongRegion, state, redeployed, betaLeft: h.emulator.store.jobs.has(key(US, "beta")) };
    }, ["listed"]);
  });
  afterAll(async () => {
    await Promise.allSettled(Object.values(chains));
    await h?.close();
  });

  it("is given an environment in which every API is the emulator's and nothing else can be reached", () => {
    const urls = Object.entries(h.env).filter(([k]) => k.startsWith("CLOUDSDK_API_ENDPOINT_OVERRIDES_"));
    expect(urls.map(([k]) => k).sort()).toEqual([
      "CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDRESOURCEMANAGER",
      "CLOUDSDK_API_ENDPOINT_OVERRIDES_RUN",
      "CLOUDSDK_API_ENDPOINT_OVERRIDES_SERVICEUSAGE",
    ]);
    for (const [, url] of urls) expect(new URL(url).hostname.endsWith(`.${GCLOUD_DOMAIN}`)).toBe(true);
    expect(GCLOUD_DOMAIN.endsWith(".invalid")).toBe(true);
    expect(h.env).toMatchObject({
      CLOUDSDK_PROXY_TYPE: "http",
      CLOUDSDK_PROXY_ADDRESS: "127.0.0.1",
      CLOUDSDK_PROXY_PORT: String(h.emulator.port),
      CLOUDSDK_CORE_PROJECT: PROJECT,
    });
    expect(h.env.CLOUDSDK_AUTH_ACCESS_TOKEN).toBeTruthy();
    expect(Object.keys(h.env).filter((k) => k.startsWith("GOOGLE_"))).toEqual([]);
  });

  it(
    "create (many flags) lands in the region asked for",
    async () => {
      const { alpha, beta, keys } = await chains.created!;
      expect((alpha as Result).text).toContain(`region [${EU}]`);
      expect((beta as Result).text).toContain(`region [${US}]`);
      expect(keys).toEqual([key(EU, "alpha"), key(US, "beta")]);
    },
    SLOW,
  );

  it(
    "describe, in every format, reads what gcloud expects",
    async () => {
      const { human, asJson, exported, asYaml } = await chains.described!;
      // job_printer.py: "Last updated on {run.googleapis.com/lastUpdatedTime} by {lastModifier}".
      expect(human.text).toMatch(/Last updated on \d{4}-\d\d-\d\dT\S+ by emulator@cloudrun\.local/);
      expect(human.text).toMatch(/Tasks:\s+2/);
      expect(human.text).toMatch(/SQL connections:\s+gcloud-suite:europe-west1:db/);
      expect(human.text).toMatch(/Connector:\s+\S*c1/);
      expect(human.text).toMatch(/TOKEN\s+api-token:1/);
      expect(asJson.metadata).toMatchObject({
        name: "alpha",
        namespace: number,
        labels: { team: "data", "cloud.googleapis.com/location": EU, "run.googleapis.com/lastUpdatedTime": expect.any(String) },
      });
      expect(asJson.spec.template.metadata.annotations).toMatchObject({
        "run.googleapis.com/client-name": "gcloud",
        "run.googleapis.com/cloudsql-instances": `${PROJECT}:${EU}:db`,
        "run.googleapis.com/vpc-access-egress": "all-traffic",
      });
      expect(asJson.spec.template.spec).toMatchObject({
        taskCount: 2,
        parallelism: 1,
        template: { spec: { maxRetries: 1, timeoutSeconds: "300" } },
      });
      expect(asJson.status.conditions[0]).toMatchObject({ type: "Ready", status: "True" });
      // export_printer.py drops status and server metadata; gcloud's empty container name is not echoed.
      expect(exported.stdout).not.toMatch(/^status:|resourceVersion|uid:|name: ''/m);
      expect(exported.stdout).toContain(`namespace: '${number}'`);
      expect(asYaml.stdout).toMatch(/^status:/m);
      expect(asYaml.stdout).toContain("run.googleapis.com/lastUpdatedTime");
    },
    SLOW,
  );

  it(
    "list: all regions, one region, filters and limits",
    async () => {
      const { all, eu, filtered, limited } = await chains.listed!;
      const ours = (all as any[]).filter((j) => ["alpha", "beta"].includes(j.metadata.name));
      expect(ours.map((j) => [j.metadata.name, j.metadata.labels["cloud.googleapis.com/location"]]).sort()).toEqual([
        ["alpha", EU],
        ["beta", US],
      ]);
      expect(eu.stdout.trim().split("\n")).toContain("alpha");
      expect(eu.stdout).not.toContain("beta");
      expect(filtered.stdout.trim()).toBe(`beta\t${US}`);
      expect(limited.stdout.trim().split("\n")).toHaveLength(1);
    },
    SLOW,
  );

  it(
    "update and replace change the job in place; replace reads the namespace as the project number",
    async () => {
      const { updated, replaced, after } = await chains.changed!;
      expect(updated.metadata.generation).toBe(2);
      expect(updated.metadata.labels).toMatchObject({ team: "data", env: "dev" });
      expect(updated.spec.template.spec.taskCount).toBe(3);
      expect(updated.spec.template.spec.template.spec.containers[0].env.map((e: { name: string }) => e.name).sort()).toEqual([
        "B",
        "C",
        "TOKEN",
      ]);
      expect(replaced.text).toContain("alpha");
      expect(after.generation).toBe("3");
      expect(after.template.template.maxRetries).toBe(2);
      // Nothing went to another region or to a phantom project named by the number.
      expect([...h.emulator.store.jobs.keys()].every((k) => k.startsWith(`projects/${PROJECT}/`))).toBe(true);
    },
    SLOW,
  );

  it(
    "execute (--wait, --async with overrides), executions list/describe, tasks list/describe",
    async () => {
      const { waited, asynchronous, run, first, listed, described, describedJson, tasks, task, job } = await chains.executed!;
      expect(waited.text).toMatch(/completed successfully|has successfully completed/i);
      expect(asynchronous.kind).toBe("Execution");
      expect(run.execution.taskCount).toBe(1);
      expect(run.execution.template.containers[0].args).toEqual(["x", "y"]);
      expect(run.execution.template.containers[0].env.map((e: { name: string }) => e.name)).toContain("D");
      expect(run.execution.template.timeout).toMatchObject({ seconds: "30" });
      expect((listed as any[]).map((e) => e.metadata.name).sort()).toEqual([first, asynchronous.metadata.name].sort());
      // The execution carries the job's Cloud SQL and VPC settings (job_printer.py ExecutionPrinter).
      expect(described.text).toMatch(/SQL connections:\s+gcloud-suite:europe-west1:db/);
      expect(described.text).toMatch(/3 tasks completed successfully/);
      expect(describedJson.metadata).toMatchObject({ namespace: number, labels: { "run.googleapis.com/job": "alpha" } });
      expect(describedJson.status).toMatchObject({ succeededCount: 3, completionTime: expect.any(String) });
      expect((tasks as any[]).map((t) => t.metadata.name)).toEqual([0, 1, 2].map((i) => `${first}-task${i}`));
      expect(tasks[0].metadata.labels).toMatchObject({
        "run.googleapis.com/execution": first,
        "run.googleapis.com/runningState": "Succeeded",
      });
      expect(task.text).toMatch(/Running state:\s+Succeeded/);
      expect(task.text).toMatch(/SQL connections:\s+gcloud-suite:europe-west1:db/);
      // The job's status as job_printer.py reads it.
      expect(job.text).toMatch(/Executed 2 times/);
    },
    SLOW,
  );

  it(
    "executions cancel and delete",
    async () => {
      const { id, cancelled, state, deleted, left } = await chains.cancelled!;
      expect(cancelled.text).toContain(`Cancelled execution [${id}]`);
      expect(state).toBe("cancelled");
      expect(deleted.text).toContain(id);
      expect(left).toBe(0);
    },
    SLOW,
  );

  it(
    "IAM: add-iam-policy-binding, get-iam-policy, set-iam-policy, remove-iam-policy-binding",
    async () => {
      const { policy, stored } = await chains.iam!;
      expect(policy.bindings).toEqual([{ role: "roles/run.invoker", members: ["user:ada@example.com"] }]);
      expect(stored).toEqual([{ role: "roles/run.developer", members: ["group:dev@example.com"] }]);
    },
    SLOW,
  );

  it(
    "deploy creates (--execute-now --wait) and updates; delete; a job asked for in another region is not found",
    async () => {
      const { deployed, wrongRegion, state, redeployed, betaLeft } = await chains.deployed!;
      expect(deployed.text).toMatch(/completed execution/);
      expect(state).toBe("succeeded");
      expect(wrongRegion.code).not.toBe(0);
      expect(wrongRegion.text).toContain("Cannot find job [alpha]");
      expect(redeployed).toMatchObject({ generation: "2", labels: { tier: "gold" } });
      expect(betaLeft).toBe(false);
    },
    SLOW,
  );

  it(
    "never reached anything but the emulator: a missing override is a refused CONNECT, and nothing else was ever refused",
    async () => {
      await Promise.allSettled(Object.values(chains));
      const { result } = await chains.withoutOverride!;
      expect(result.code).not.toBe(0);
      const refused = h.emulator.proxy.refused();
      expect(refused.length).toBeGreaterThan(0);
      expect(new Set(refused)).toEqual(new Set([`CONNECT ${EU}-run.googleapis.com:443`]));
      const hosts = Object.keys(h.emulator.proxy.hosts());
      for (const host of hosts) expect(host.endsWith(`.${GCLOUD_DOMAIN}`)).toBe(true);
      expect(hosts).toEqual(expect.arrayContaining([`${EU}-run.${GCLOUD_DOMAIN}`, `${US}-run.${GCLOUD_DOMAIN}`, `run.${GCLOUD_DOMAIN}`]));
    },
    SLOW,
  );
});
