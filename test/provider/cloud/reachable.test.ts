// cloud/reachable.ts: the one TCP connection a provider process opens to an emulator before the
// first check, so that a preview fails where nothing listens (issue 26).
import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Gateway } from "../../../provider/cloud/gateway";
import { probeEmulator, unreachable } from "../../../provider/cloud/reachable";
import { closedAddress } from "../../shared/closed-port";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function listening(): Promise<{ server: Server; host: string; connections: () => number }> {
  let count = 0;
  const server = createServer((socket) => {
    count++;
    socket.on("error", () => {});
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, host: `127.0.0.1:${(server.address() as { port: number }).port}`, connections: () => count };
}

describe("probeEmulator", () => {
  it("answers undefined where something listens, and asks once per address", async () => {
    const { host, connections } = await listening();
    expect(await probeEmulator(host)).toBeUndefined();
    expect(await probeEmulator(host)).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(connections()).toBe(1);
  });

  it("answers the refusal where nothing listens, and asks again next time", async () => {
    const host = await closedAddress();
    expect((await probeEmulator(host))?.message).toMatch(/ECONNREFUSED/);
    // An emulator started since is seen: a refusal is not kept.
    const server = createServer();
    servers.push(server);
    const port = Number(host.split(":")[1]);
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    expect(await probeEmulator(host)).toBeUndefined();
  });
});

describe("the gateway's unreachable", () => {
  it("names the job, the address, the status and the usual advice", async () => {
    const host = await closedAddress();
    const said = await new Gateway({ emulatorHost: host }).unreachable("nightly");
    expect(said).toMatch(
      new RegExp(
        `^job nightly: nothing listens at CLOUD_RUN_EMULATOR_HOST=${host}: connect ECONNREFUSED ${host} \\(UNAVAILABLE\\)\\. Cloud Run could not be reached; check the network \\(or CLOUD_RUN_EMULATOR_HOST\\) and run \`pulumi up\` again$`,
      ),
    );
  });

  it("opens nothing against Cloud Run itself", async () => {
    expect(await new Gateway({}).unreachable("nightly")).toBeUndefined();
  });

  it("words a refusal the same whoever asks", () => {
    expect(unreachable("h:1", "a", new Error("connect ECONNREFUSED h:1"))).toContain(
      "job a: nothing listens at CLOUD_RUN_EMULATOR_HOST=h:1",
    );
  });
});
