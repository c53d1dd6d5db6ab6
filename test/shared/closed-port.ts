// An address where nothing listens: a port the system handed out, then closed, so connections to
// it are refused (the emulator host of the tests of a closed emulator port).
import { createServer } from "node:net";

export async function closedAddress(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `127.0.0.1:${port}`;
}
