// Whether anything listens at the emulator's address, asked once per provider process, when the
// first job passes its check. Against an emulator a preview then fails where `up` would (nothing
// listens at CLOUD_RUN_EMULATOR_HOST) instead of passing and leaving the update to fail after a
// second engine start-up: `pulumi up` with its preview fails in about the time of one preview
// (issue 26). It opens one TCP connection and closes it, sending nothing: no API call, so a
// preview's call counts stay at zero. Against Cloud Run itself nothing is opened: a preview
// stays off the network.
import { connect } from "node:net";
import { hostAndPort } from "./clients";
import { adviceFor, Code, statusName } from "./errors";

/** How long a connection may take to open before the address counts as reachable anyway. */
const PROBE_MS = 2_000;

/**
 * The addresses seen listening in this process: asked once, not once per job. A refusal is not
 * kept (asking again costs a millisecond, and an emulator may have started since).
 */
const listening = new Set<string>();

/**
 * Resolves with undefined once a connection to `emulatorHost` opens, or when none settles within
 * PROBE_MS (a slow network is for the calls to report, with their retries); with the socket's
 * error when the connection is refused or the host does not resolve.
 */
export function probeEmulator(emulatorHost: string): Promise<Error | undefined> {
  if (listening.has(emulatorHost)) return Promise.resolve(undefined);
  const { apiEndpoint, port } = hostAndPort(emulatorHost);
  return new Promise((resolve) => {
    const socket = connect({ host: apiEndpoint, port });
    const timer = setTimeout(() => finish(), PROBE_MS);
    function finish(err?: Error): void {
      clearTimeout(timer);
      socket.destroy();
      if (!err) listening.add(emulatorHost);
      resolve(err);
    }
    socket.once("connect", () => finish());
    socket.once("error", (err) => finish(err));
  });
}

/**
 * What a refused probe says of a job, as a check failure's reason: the wording and advice of a
 * refused call (`job <name>: <what> (UNAVAILABLE). <what to do>`), without a verb (nothing was
 * being done yet). A check failure, not a thrown error: the engine prints it as the resource's
 * problem, where an exception from check would also be printed with its stack.
 */
export function unreachable(emulatorHost: string, job: string, cause: Error): string {
  const detail = `nothing listens at CLOUD_RUN_EMULATOR_HOST=${emulatorHost}: ${cause.message}`;
  return `job ${job}: ${detail} (${statusName(Code.UNAVAILABLE)}). ${adviceFor(Code.UNAVAILABLE, detail, "deploy")}`;
}
