// The gateway against the in-process emulator: what it answers, and what each call costs in
// protobuf code generation (none once a type is set up; see withSetUpLroDecoders).
// The protobufjs the Google client uses (google-gax's), the one the gateway reaches.
import { protobuf } from "google-gax";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { closeClients, endpointFromEnv, TRANSPORT_CONFIG_KEY } from "../../../provider/cloud/clients";
import { ConfigurationError } from "../../../provider/cloud/errors";
import { Gateway } from "../../../provider/cloud/gateway";
import { jobPath } from "../../../provider/core/names";
import { createJob, updateJob } from "./job-verbs";

const PROJECT = "gw-project";
const REGION = "europe-west1";
const body = (image: string) => ({ labels: { team: "gw" }, template: { template: { containers: [{ image }] } } });

/** Counts protobufjs type set-ups (each generates five codecs with `new Function`) during `fn`. */
async function setUpsDuring(fn: () => Promise<unknown>): Promise<number> {
  const proto = protobuf.Type.prototype as unknown as { setup(): unknown };
  const setup = proto.setup;
  let count = 0;
  proto.setup = function (this: unknown) {
    count++;
    return setup.call(this);
  };
  try {
    await fn();
  } finally {
    proto.setup = setup;
  }
  return count;
}

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, taskDurationMs: 200 });
});

afterAll(async () => {
  await closeClients();
  await emulator.stop();
});

describe("endpointFromEnv", () => {
  it("reads the emulator host and the transport, gRPC when unset", () => {
    expect(endpointFromEnv({})).toEqual({});
    expect(endpointFromEnv({ CLOUD_RUN_EMULATOR_HOST: "127.0.0.1:8090", CLOUD_RUN_TRANSPORT: "REST" })).toEqual({
      emulatorHost: "127.0.0.1:8090",
      transport: "rest",
    });
    expect(endpointFromEnv({ CLOUD_RUN_TRANSPORT: "grpc" })).toEqual({ transport: "grpc" });
  });

  it("refuses another transport, naming the variable and the values", () => {
    expect(() => endpointFromEnv({ CLOUD_RUN_TRANSPORT: "http" })).toThrow(ConfigurationError);
    expect(() => endpointFromEnv({ CLOUD_RUN_TRANSPORT: "http" })).toThrow(
      /CLOUD_RUN_TRANSPORT must be "grpc" or "rest", got "http": unset it/,
    );
  });

  it("lets the stack config key choose the transport before the environment does", () => {
    const config = (value: string) => (key: string) => (key === TRANSPORT_CONFIG_KEY ? value : undefined);
    expect(TRANSPORT_CONFIG_KEY).toBe("cloudrun-jobs:transport");
    expect(endpointFromEnv({ CLOUD_RUN_TRANSPORT: "grpc" }, config("rest"))).toEqual({ transport: "rest" });
    expect(endpointFromEnv({ CLOUD_RUN_TRANSPORT: "rest" }, () => undefined)).toEqual({ transport: "rest" });
    expect(() => endpointFromEnv({}, config("h2"))).toThrow(
      /stack config cloudrun-jobs:transport must be "grpc" or "rest", got "h2": run `pulumi config rm cloudrun-jobs:transport`/,
    );
  });

  it("refuses an emulator address without a port, before any client is made", () => {
    expect(() => endpointFromEnv({ CLOUD_RUN_EMULATOR_HOST: "localhost" })).toThrow(
      /CLOUD_RUN_EMULATOR_HOST must be host:port \(e.g. 127.0.0.1:8090\), got "localhost"/,
    );
  });
});

describe.each(["grpc", "rest"] as const)("gateway over %s", (transport) => {
  let gateway: Gateway;
  const id = (name: string) => `${transport}-${name}`;

  beforeAll(() => {
    gateway = new Gateway({ emulatorHost: emulator.address, transport });
  });

  it("answers creates, updates and deletes with plain jobs, through that face only", async () => {
    emulator.calls.reset();
    const created = await createJob(gateway, PROJECT, REGION, id("plain-1"), body("img:1"));
    expect(created).toMatchObject({ name: jobPath(PROJECT, REGION, id("plain-1")), labels: { team: "gw" }, generation: "1" });
    expect(created.template?.template?.containers?.[0]?.image).toBe("img:1");
    expect(typeof created.etag).toBe("string");
    // Plain data: enums as names, no protobufjs message left.
    expect(Object.getPrototypeOf(created)).toBe(Object.prototype);
    expect(created.launchStage).toBe("GA");

    const updated = await updateJob(gateway, { ...created, template: body("img:2").template });
    expect(updated.template?.template?.containers?.[0]?.image).toBe("img:2");
    expect(updated.generation).toBe("2");

    await gateway.deleteJob(created.name ?? "");
    expect(await gateway.getJob(created.name ?? "")).toBeUndefined();
    const faces = emulator.calls.faces();
    expect(faces[transport]).toBeGreaterThanOrEqual(4);
    expect(faces).toEqual({ grpc: 0, rest: 0, v1: 0, [transport]: faces[transport] });
  });

  it("long-polls the operation that carries a run token until the run ends, and finds it again by the job", async () => {
    emulator.calls.reset();
    const job = { ...body("img:1"), runExecutionToken: "t1" };
    const op = await gateway.startCreateJob(PROJECT, REGION, id("run-1"), job);
    expect(op.done).toBe(false);
    const name = jobPath(PROJECT, REGION, id("run-1"));
    const execution = `${name}/executions/${id("run-1")}-t1`;
    const token = { kind: "runExecutionToken", value: "t1" } as const;
    // Without the operation in hand (an interrupted up): the running operation is found by listing.
    const found = await gateway.waitExecution({ job: name, execution, token, deadline: Date.now() + 30_000 });
    expect(found).toEqual({ done: true });
    expect((await gateway.getExecution(execution))?.succeededCount).toBe(1);
    expect(emulator.calls.count("ListOperations")).toBe(1);
    expect(emulator.calls.count("WaitOperation")).toBeGreaterThanOrEqual(1);
    expect(emulator.calls.count("GetOperation")).toBe(0);
    expect(emulator.calls.faces()[transport]).toBe(emulator.calls.count("*"));
    expect((await op.result()).name).toBe(name);
  });

  it("generates no protobuf code per call once the types are set up", async () => {
    // Warm: the first calls set up every type they touch (here and in the in-process emulator).
    for (const name of ["warm-1", "warm-2"]) {
      const job = await createJob(gateway, PROJECT, REGION, id(name), body("img:1"));
      await updateJob(gateway, { ...job, labels: { team: "gw", round: "warm" } });
    }
    const setUps = await setUpsDuring(async () => {
      for (let i = 0; i < 5; i++) {
        const job = await createJob(gateway, PROJECT, REGION, id(`steady-${i}`), body("img:1"));
        await updateJob(gateway, { ...job, labels: { team: "gw", round: String(i) } });
      }
    });
    // Unpatched, each LRO answer set the Job type up again: 20 set-ups per create (plus updates).
    expect(setUps).toBe(0);
  });
});

describe("the server's refusals", () => {
  /** The refusals a deploy meets most, each as the gateway reports it over `transport`. */
  async function refusals(transport: "grpc" | "rest") {
    const gateway = new Gateway({ emulatorHost: emulator.address, transport });
    const job = `refused-${transport}`;
    const created = await createJob(gateway, PROJECT, REGION, job, body("img:1"));
    const failure = (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (err: Error) => ({ name: err.name, message: err.message.replaceAll(transport, "T"), code: (err as { code?: number }).code }),
      );
    return {
      exists: await failure(createJob(gateway, PROJECT, REGION, job, body("img:1"))),
      stale: await failure(updateJob(gateway, { ...created, etag: '"stale"' })),
      invalid: await failure(
        createJob(gateway, PROJECT, REGION, `bad-${transport}`, {
          template: { template: { containers: [{ image: "img", resources: { limits: { cpu: "lots" } } }] } },
        }),
      ),
      missing: await failure(gateway.deleteJob(jobPath(PROJECT, REGION, `absent-${transport}`))),
    };
  }

  it("are reported in the same words, with the same codes, over gRPC and REST", async () => {
    const grpc = await refusals("grpc");
    const rest = await refusals("rest");
    expect(grpc.exists).toMatchObject({ name: "CloudRunError", code: 6 });
    expect(grpc.stale).toMatchObject({ name: "CloudRunError", code: 10 });
    expect(grpc.invalid).toMatchObject({ name: "CloudRunError", code: 3 });
    expect(grpc.invalid?.message).toContain("cpu");
    expect(rest).toEqual(grpc);
  });
});
