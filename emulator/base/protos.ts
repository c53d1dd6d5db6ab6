// Loads the Cloud Run v2 and long-running-operation protos that ship with the client
// libraries, so the emulator speaks exactly the wire format `@google-cloud/run` speaks.
// docs/cloud-run-facts.md §5.1.
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { accessSync, existsSync } from "node:fs";
import path from "node:path";
import protobuf from "protobufjs";

/** The `build/protos` folder of an installed package (found from its main file: exports hide package.json). */
function packageProtos(pkg: string): string {
  let dir = path.dirname(require.resolve(pkg));
  while (!existsSync(path.join(dir, "package.json"))) dir = path.dirname(dir);
  return path.join(dir, "build", "protos");
}

function protoRoots(): string[] {
  return [packageProtos("@google-cloud/run"), packageProtos("google-gax")];
}

const FILES = [
  "google/cloud/run/v2/job.proto",
  "google/cloud/run/v2/execution.proto",
  "google/cloud/run/v2/task.proto",
  "google/longrunning/operations.proto",
  "google/rpc/error_details.proto",
];

/**
 * Decoding options: camelCase fields like the Node client, int64 as strings, enums as names,
 * no defaults (so absence stays absence) and `oneofs: true` so a oneof member that is set to
 * its zero value (`maxRetries: 0`) is still known to be set.
 */
const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: false,
  oneofs: true,
  includeDirs: protoRoots(),
};

let cached: { grpcObject: grpc.GrpcObject; root: protobuf.Root } | undefined;

export function loadProtos(): { grpcObject: grpc.GrpcObject; root: protobuf.Root } {
  if (!cached) {
    const definition = protoLoader.loadSync(FILES, LOADER_OPTIONS);
    const root = new protobuf.Root();
    root.resolvePath = (_origin, target) => {
      for (const dir of protoRoots()) {
        const candidate = path.join(dir, target);
        try {
          accessSync(candidate);
          return candidate;
        } catch {
          /* try the next root */
        }
      }
      return target;
    };
    root.loadSync(FILES, { keepCase: false });
    root.resolveAll();
    cached = { grpcObject: grpc.loadPackageDefinition(definition), root };
  }
  return cached;
}

/**
 * Packs a message into a `google.protobuf.Any`, as Cloud Run does for LRO metadata and
 * responses. protobufjs defines Any from its built-in JSON, so the field keeps its proto name
 * `type_url` even when everything else is camelCase.
 */
export function packAny(typeName: string, value: object): { type_url: string; value: Buffer } {
  const type = loadProtos().root.lookupType(typeName);
  const message = type.fromObject(value);
  return { type_url: `type.googleapis.com/${typeName}`, value: Buffer.from(type.encode(message).finish()) };
}

export function serviceDefinition(fullName: string): grpc.ServiceDefinition {
  let node: unknown = loadProtos().grpcObject;
  for (const part of fullName.split(".")) node = (node as Record<string, unknown>)[part];
  const ctor = node as { service?: grpc.ServiceDefinition };
  if (!ctor?.service) throw new Error(`proto service ${fullName} not found`);
  return ctor.service;
}
