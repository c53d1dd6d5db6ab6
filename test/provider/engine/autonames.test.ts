// Autonamed jobs are as safe as named ones (issue 26): a refresh never changes what check
// decides, a replacement gets a new name, and a create whose outcome was lost is taken back
// under the same name instead of leaving a second job. In-process, through the gateway seam,
// with an engine double that keeps read's inputs as the real engine does (3.216+).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { closeClients } from "../../../provider/cloud/clients";
import { Gateway } from "../../../provider/cloud/gateway";
import { createProvider, type JobProvider } from "../../../provider/provider";
import { manifest } from "../../e2e/corpus";
import { EngineDouble } from "./engine-double";

const PROJECT = "autoname-project";
const REGION = "europe-west1";
const parent = `projects/${PROJECT}/locations/${REGION}`;

let emulator: RunningEmulator;
let provider: JobProvider;
const lines: string[] = [];

/** A provider process of its own: the engine starts one per deployment. */
async function newProvider(): Promise<JobProvider> {
  const p = createProvider(new Gateway({ emulatorHost: emulator.address }), { log: (line) => lines.push(line) });
  await p.configure({ config: { get: (k: string) => ({ "gcp:project": PROJECT, "gcp:region": REGION })[k] } } as never);
  return p;
}

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, taskDurationMs: 20 });
  provider = await newProvider();
});
afterAll(async () => {
  await closeClients();
  await emulator?.stop();
});

const jobsInCloud = (prefix: string) =>
  [...emulator.store.jobs.keys()]
    .filter((n) => n.startsWith(`${parent}/jobs/`))
    .map((n) => n.split("/").pop()!)
    .filter((n) => n.startsWith(`${prefix}-`))
    .sort();

function program(logical: string, spec: Record<string, unknown> = {}, metadata?: Record<string, unknown>, exec?: Record<string, unknown>) {
  return () => {
    const m = manifest("unused", { spec, exec }) as Record<string, unknown>;
    const { name: _n, ...meta } = (m.metadata ?? {}) as Record<string, unknown>;
    return { ...m, metadata: { ...meta, ...(metadata ?? {}) }, __owner: `dev::autonames::${logical}` };
  };
}

describe("autonamed jobs", () => {
  it("keep their name through refresh: the preview after it plans nothing, with or without a token", async () => {
    for (const spec of [{}, { runExecutionToken: "t1" }]) {
      const logical = Object.keys(spec).length ? "refresh-token" : "refresh-plain";
      const engine = new EngineDouble(provider, program(logical, spec));
      await engine.up();
      const name = engine.state.inputs?.name as string;
      expect(name).toMatch(new RegExp(`^${logical}-[a-z0-9]{7}$`));
      expect(await engine.refresh()).toBe(true);
      // What the engine now holds as the inputs does not name the job: the program did not.
      expect((engine.state.inputs?.metadata as Record<string, unknown>)?.name).toBeUndefined();
      expect(await engine.preview()).toEqual({ changes: false, replaces: [], name });
      // Twice, and in a new provider process (a later `pulumi up --refresh`).
      engine["provider" as never] = (await newProvider()) as never;
      expect(await engine.refresh()).toBe(true);
      expect(await engine.preview()).toEqual({ changes: false, replaces: [], name });
      await engine.up();
      expect(engine.state.inputs?.name).toBe(name);
      expect(jobsInCloud(logical)).toEqual([name]);
    }
  });

  it("refreshed from a state an older version refreshed (metadata.name in the inputs): still no replacement", async () => {
    const engine = new EngineDouble(provider, program("older-state"));
    await engine.up();
    const name = engine.state.inputs?.name as string;
    // What earlier versions left in the state after a refresh: the name in metadata, no mark.
    const { __autonamed: _a, ...inputs } = engine.state.inputs!;
    engine.state.inputs = { ...inputs, metadata: { ...(inputs.metadata as object), name } };
    const { __autonamed: _b, ...outputs } = engine.state.outputs!;
    engine.state.outputs = outputs;
    expect(await engine.preview()).toEqual({ changes: false, replaces: [], name });
    expect(await engine.refresh()).toBe(true);
    expect(await engine.preview()).toEqual({ changes: false, replaces: [], name });
  });

  it("a named job keeps its name through refresh too, and an adopted one", async () => {
    const engine = new EngineDouble(provider, program("named", {}, { name: "named-for-refresh" }));
    await engine.up();
    await engine.refresh();
    expect(await engine.preview()).toEqual({ changes: false, replaces: [], name: "named-for-refresh" });
  });

  it("draws the same name for the same resource, so a create whose answer was lost is taken back, not made twice", async () => {
    const logical = "lost-create";
    const first = new EngineDouble(provider, program(logical, { runExecutionToken: "v1" }));
    await first.up();
    const name = first.state.inputs?.name as string;
    // The engine never recorded it (a killed `pulumi up`, then `pulumi cancel`): a new process, no state.
    const again = new EngineDouble(await newProvider(), program(logical, { runExecutionToken: "v1" }));
    expect((await again.preview()).name).toBe(name);
    await again.up();
    expect(again.state.inputs?.name).toBe(name);
    expect(jobsInCloud(logical)).toEqual([name]);
    expect(emulator.store.executionsOf(`${parent}/jobs/${name}`)).toHaveLength(1);
    expect(lines.some((l) => l.includes(name) && l.includes("taking it over"))).toBe(true);
  });

  it("a replacement draws another name, created before the old job is deleted", async () => {
    const logical = "replaced";
    const exec = { taskCount: 1 };
    const engine = new EngineDouble(provider, () => ({
      ...program(logical, {}, undefined, exec)(),
      __replaceOnChanges: ["spec.template.spec.taskCount"],
    }));
    await engine.up();
    const before = engine.state.inputs?.name as string;
    exec.taskCount = 2;
    const planned = await engine.preview();
    expect(planned.replaces).toEqual(["spec"]);
    expect(planned.name).not.toBe(before);
    await engine.up();
    expect(engine.state.inputs?.name).toBe(planned.name);
    expect(jobsInCloud(logical)).toEqual([planned.name]);
  });
});

describe("a replacement that keeps the job's name (`pulumi up --replace`: checked with no old inputs, the same name is drawn)", () => {
  it("takes the job back for the new resource and does not delete it with the old one", async () => {
    for (const named of [false, true]) {
      const logical = named ? "targeted-named" : "targeted-auto";
      const p = await newProvider();
      const engine = new EngineDouble(p, program(logical, {}, named ? { name: "targeted-named-job" } : undefined));
      await engine.up();
      const old = engine.state;
      // What the engine does for --replace: create with the same inputs, then delete the old.
      const created = await p.create({ ...old.inputs! });
      expect(created.id).toBe(old.id);
      await p.delete(old.id!, old.outputs ?? {});
      expect(emulator.store.jobs.has(old.id!)).toBe(true);
      expect(lines.some((l) => l.includes("not deleted: the resource that replaces this one"))).toBe(true);
      // A later deployment (another process) deletes it as usual.
      await (await newProvider()).delete(old.id!, created.outs as Record<string, unknown>);
      expect(emulator.store.jobs.has(old.id!)).toBe(false);
    }
  });
});
