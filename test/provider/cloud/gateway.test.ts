// The gateway against the in-process emulator: what it answers, and what each call costs in
// protobuf code generation (none once a type is set up; see withSetUpLroDecoders).
// The protobufjs the Google client uses (google-gax's), the one the gateway reaches.
import { protobuf } from "google-gax";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { closeClients } from "../../../provider/cloud/clients";
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
let gateway: Gateway;

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true });
  gateway = new Gateway({ emulatorHost: emulator.address });
});

afterAll(async () => {
  await closeClients();
  await emulator.stop();
});

describe("gateway", () => {
  it("answers creates, updates and deletes with plain jobs", async () => {
    const created = await createJob(gateway, PROJECT, REGION, "plain-1", body("img:1"));
    expect(created).toMatchObject({ name: jobPath(PROJECT, REGION, "plain-1"), labels: { team: "gw" }, generation: "1" });
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
  });

  it("generates no protobuf code per call once the types are set up", async () => {
    // Warm: the first calls set up every type they touch (here and in the in-process emulator).
    for (const id of ["warm-1", "warm-2"]) {
      const job = await createJob(gateway, PROJECT, REGION, id, body("img:1"));
      await updateJob(gateway, { ...job, labels: { team: "gw", round: "warm" } });
    }
    const setUps = await setUpsDuring(async () => {
      for (let i = 0; i < 5; i++) {
        const job = await createJob(gateway, PROJECT, REGION, `steady-${i}`, body("img:1"));
        await updateJob(gateway, { ...job, labels: { team: "gw", round: String(i) } });
      }
    });
    // Unpatched, each LRO answer set the Job type up again: 20 set-ups per create (plus updates).
    expect(setUps).toBe(0);
  });
});
