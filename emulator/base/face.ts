// The names of the faces a call can come through. Counters (state/calls.ts), the one call path
// (services/dispatch.ts) and the Control service all speak of them, so they live below all three.

/** The face a call came through: v2 over gRPC, v2 over REST (transcoding), or the v1 REST API. */
export type Face = "grpc" | "rest" | "v1";
