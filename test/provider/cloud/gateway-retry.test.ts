// The gateway's retries against the emulator, per transport: an emulator that is not there fails
// the first attempt of every call, while the transient faults the emulator injects (Cloud Run's
// UNAVAILABLE and friends) are retried and reported. Attempts are counted on the client and on
// the emulator; the retry loop's waits run on a virtual clock (no real waiting).
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { clientsFor, closeClients, type Transport } from "../../../provider/cloud/clients";
import { Gateway } from "../../../provider/cloud/gateway";
import { describeRetry, type RetryClock, type RetryReport } from "../../../provider/cloud/retry";
import { jobPath } from "../../../provider/core/names";
import { createJob } from "./job-verbs";

const PROJECT = "retry-project";
const REGION = "europe-west1";
const body = { template: { template: { containers: [{ image: "img:1" }] } } };

/** A port nothing listens on: one the system handed out, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Waits that take no real time; virtual time moves on by each. */
function virtualClock() {
  let now = 0;
  const sleeps: number[] = [];
  const clock: RetryClock = {
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    random: () => 1,
  };
  return { clock, sleeps };
}

let emulator: RunningEmulator;
let closed: string;

beforeAll(async () => {
  emulator = await startEmulator({ quiet: true, taskDurationMs: 50 });
  closed = `127.0.0.1:${await closedPort()}`;
});

afterAll(async () => {
  await closeClients();
  await emulator.stop();
});

describe.each(["grpc", "rest"] as Transport[])("over %s", (transport) => {
  describe("an emulator host where nothing listens", () => {
    it("fails each call at its first attempt, with the usual message, and reports no retry", async () => {
      const endpoint = { emulatorHost: closed, transport };
      const { jobs } = clientsFor(endpoint);
      const spies = {
        createJob: vi.spyOn(jobs, "createJob"),
        updateJob: vi.spyOn(jobs, "updateJob"),
        getJob: vi.spyOn(jobs, "getJob"),
        deleteJob: vi.spyOn(jobs, "deleteJob"),
      };
      const { clock, sleeps } = virtualClock();
      const reports: RetryReport[] = [];
      // Report every retry, from the first: none may happen.
      const gateway = new Gateway(endpoint, { onRetry: (r) => reports.push(r), retry: { clock, policy: { reportFromAttempt: 1 } } });
      const name = jobPath(PROJECT, REGION, "nowhere");
      const failures = await Promise.all(
        [
          gateway.startCreateJob(PROJECT, REGION, "nowhere", body),
          gateway.startUpdateJob({ ...body, name }),
          gateway.getJob(name),
          gateway.deleteJob(name),
        ].map((p) =>
          p.then(
            () => undefined,
            (err: Error & { code?: number }) => ({ name: err.name, code: err.code, message: err.message }),
          ),
        ),
      );
      for (const [failure, verb] of failures.map((f, i) => [f, ["create", "update", "read", "delete"][i]] as const)) {
        expect(failure).toMatchObject({ name: "CloudRunError", code: 14 });
        expect(failure?.message).toMatch(
          new RegExp(
            `^${verb} job \\S+: .*ECONNREFUSED.* \\(UNAVAILABLE\\)\\. Cloud Run could not be reached; check the network \\(or CLOUD_RUN_EMULATOR_HOST\\) and run \`pulumi up\` again$`,
          ),
        );
      }
      expect(Object.fromEntries(Object.entries(spies).map(([k, spy]) => [k, spy.mock.calls.length]))).toEqual({
        createJob: 1,
        updateJob: 1,
        getJob: 1,
        deleteJob: 1,
      });
      expect(reports).toEqual([]);
      expect(sleeps).toEqual([]);
      for (const spy of Object.values(spies)) spy.mockRestore();
    });
  });

  describe("transient faults the emulator injects", () => {
    const id = (name: string) => `${transport}-${name}`;

    it("are retried, and reported from the third attempt on with the attempt and the wait", async () => {
      const { clock, sleeps } = virtualClock();
      const reports: RetryReport[] = [];
      const gateway = new Gateway({ emulatorHost: emulator.address, transport }, { onRetry: (r) => reports.push(r), retry: { clock } });
      emulator.calls.reset();
      emulator.faults.add({ rpc: "CreateJob", kind: "error", code: "UNAVAILABLE", times: 4 });
      const created = await createJob(gateway, PROJECT, REGION, id("flaky"), body);
      expect(created.name).toBe(jobPath(PROJECT, REGION, id("flaky")));
      expect(emulator.calls.count("CreateJob")).toBe(5);
      expect(sleeps.slice(0, 4)).toEqual([250, 500, 1000, 2000]);
      expect(reports.map(describeRetry)).toEqual([
        `cloudrun job ${id("flaky")}: retrying CreateJob: UNAVAILABLE, attempt 3, next in 1 s`,
        `cloudrun job ${id("flaky")}: retrying CreateJob: UNAVAILABLE, attempt 4, next in 2 s`,
      ]);

      // Reads too, through the same loop.
      reports.length = 0;
      emulator.faults.add({ rpc: "GetJob", kind: "error", code: "RESOURCE_EXHAUSTED", times: 3 });
      expect((await gateway.getJob(created.name ?? ""))?.name).toBe(created.name);
      expect(reports.map(describeRetry)).toEqual([
        `cloudrun job ${id("flaky")}: retrying GetJob: RESOURCE_EXHAUSTED, attempt 3, next in 1 s`,
      ]);
    });

    it("a dropped connection is retried against an emulator too: only a refused one is final", async () => {
      const { clock } = virtualClock();
      const reports: RetryReport[] = [];
      const gateway = new Gateway(
        { emulatorHost: emulator.address, transport },
        { onRetry: (r) => reports.push(r), retry: { clock, policy: { reportFromAttempt: 1 } } },
      );
      emulator.faults.add({ rpc: "CreateJob", kind: "drop", times: 1 });
      const created = await createJob(gateway, PROJECT, REGION, id("dropped"), body);
      expect(created.name).toBe(jobPath(PROJECT, REGION, id("dropped")));
      expect(reports.map((r) => [r.rpc, r.status, r.attempt])).toEqual([["CreateJob", "UNAVAILABLE", 1]]);
    });

    it("give up within the bound, with the server's last answer", async () => {
      const { clock, sleeps } = virtualClock();
      const reports: RetryReport[] = [];
      const gateway = new Gateway({ emulatorHost: emulator.address, transport }, { onRetry: (r) => reports.push(r), retry: { clock } });
      emulator.calls.reset();
      const fault = emulator.faults.add({ rpc: "GetJob", kind: "error", code: "UNAVAILABLE", message: "still down", fraction: 1 });
      try {
        const failure = await gateway.getJob(jobPath(PROJECT, REGION, id("never"))).then(
          () => undefined,
          (err: Error) => err.message,
        );
        expect(failure).toMatch(/^read job \S+: still down \(UNAVAILABLE\)\. Cloud Run could not be reached/);
      } finally {
        emulator.faults.remove(fault.id);
      }
      const attempts = emulator.calls.count("GetJob");
      // Virtual time: the waits alone (calls to the local emulator take no virtual time).
      expect(sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(120_000);
      expect(attempts).toBe(sleeps.length + 1);
      expect(reports.at(-1)?.attempt).toBe(attempts - 1);
    });
  });
});
