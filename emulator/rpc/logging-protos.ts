// The Cloud Logging v2 protos as Google's Node client for Logging ships them (the
// @google-cloud/logging-api package that @google-cloud/logging depends on), loaded like Run's
// (base/protos.ts) so the gRPC face speaks the client's wire format. They are a development
// dependency of this package: where they are not installed, the emulator has no gRPC Logging
// service (the REST face, `POST /v2/entries:list`, needs no protos and is always there).
import type * as grpc from "@grpc/grpc-js";
import * as grpcJs from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { existsSync } from "node:fs";
import path from "node:path";

export const LOGGING_SERVICE = "google.logging.v2.LoggingServiceV2";

function protosOf(pkg: string): string | undefined {
  let main: string;
  try {
    main = require.resolve(pkg);
  } catch {
    return undefined;
  }
  let dir = path.dirname(main);
  while (!existsSync(path.join(dir, "package.json"))) {
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  const protos = path.join(dir, "build", "protos");
  return existsSync(protos) ? protos : undefined;
}

let cached: { definition?: grpc.ServiceDefinition; reason?: string } | undefined;

/** The LoggingServiceV2 service definition, or why there is none. */
export function loggingService(): { definition?: grpc.ServiceDefinition; reason?: string } {
  if (cached) return cached;
  const logging = protosOf("@google-cloud/logging-api");
  const gax = protosOf("google-gax");
  if (!logging || !gax) {
    cached = { reason: "the Cloud Logging protos are not installed (npm install @google-cloud/logging)" };
    return cached;
  }
  const definition = protoLoader.loadSync(["google/logging/v2/logging.proto"], {
    keepCase: false,
    longs: String,
    enums: String,
    defaults: false,
    oneofs: true,
    includeDirs: [logging, gax],
  });
  let node: unknown = grpcJs.loadPackageDefinition(definition);
  for (const part of LOGGING_SERVICE.split(".")) node = (node as Record<string, unknown>)[part];
  const service = (node as { service?: grpc.ServiceDefinition } | undefined)?.service;
  cached = service ? { definition: service } : { reason: `${LOGGING_SERVICE} not found in the Logging protos` };
  return cached;
}
