// One port for both faces, so CLOUD_RUN_EMULATOR_HOST names the emulator whatever transport a
// client uses: a connection that opens with the HTTP/2 preface ("PRI * HTTP/2.0", what gRPC
// clients send) goes to the gRPC server, anything else (HTTP/1.1 REST) to the HTTP server.
// Both listen on loopback ports of their own; this front pipes each connection to one of them
// (emulator-only: Cloud Run serves gRPC and REST on the same host name, behind Google's front end).
import * as net from "node:net";

const HTTP2_PREFACE = "PRI";

export interface SharedPort {
  port: number;
  close(): Promise<void>;
}

export function listenShared(host: string, port: number, grpcPort: number, httpPort: number): Promise<SharedPort> {
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.once("close", () => sockets.delete(s));
  };
  const server = net.createServer((client) => {
    track(client);
    client.setNoDelay(true);
    client.once("data", (first: Buffer) => {
      client.pause();
      const target = first.toString("latin1", 0, HTTP2_PREFACE.length) === HTTP2_PREFACE ? grpcPort : httpPort;
      const upstream = net.connect({ host: "127.0.0.1", port: target });
      track(upstream);
      upstream.setNoDelay(true);
      upstream.once("connect", () => {
        upstream.write(first);
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
      // Either side closing (a `drop` fault destroys the upstream session) closes the other.
      upstream.once("close", () => client.destroy());
      client.once("close", () => upstream.destroy());
      upstream.on("error", () => client.destroy());
    });
    client.on("error", () => client.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve({
        port: (server.address() as net.AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
