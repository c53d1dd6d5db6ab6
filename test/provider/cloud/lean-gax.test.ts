// The lean gax module (provider/cloud/lean-gax.ts): the trimmed protos resolve every reference
// the Jobs and Executions services make, over the installed @google-cloud/run; both generated
// clients build over gRPC and REST with it and expose every method they expose with the full
// definitions; what is cut is other services; the locations client is made only when used.
import * as gax from "google-gax";
import { PassThroughClient } from "google-auth-library";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { leanGax, trimRunProtos } from "../../../provider/cloud/lean-gax";

const requireHere = createRequire(__filename);
type Json = Parameters<typeof trimRunProtos>[0];
const full = requireHere("@google-cloud/run/build/protos/protos.json") as Json;
const { JobsClient } = requireHere("@google-cloud/run/build/src/v2/jobs_client") as typeof import("@google-cloud/run").v2;
const { ExecutionsClient } = requireHere("@google-cloud/run/build/src/v2/executions_client") as typeof import("@google-cloud/run").v2;
const SERVICES = ["Jobs", "Executions"];

const v2Names = (json: Json) => Object.keys((json.nested!.google!.nested!.cloud!.nested!.run!.nested!.v2!.nested ?? {}) as object);
const options = (fallback: boolean) => ({
  apiEndpoint: "127.0.0.1",
  port: 1,
  universeDomain: "googleapis.com",
  // As provider/cloud/clients.ts makes them against an emulator.
  ...(fallback
    ? { fallback: true, protocol: "http", authClient: new PassThroughClient() }
    : { sslCreds: gax.grpc.credentials.createInsecure() }),
});

describe("trimRunProtos", () => {
  const trimmed = trimRunProtos(full, SERVICES);

  it("keeps every definition the two services reach: the trimmed root resolves all references", () => {
    const root = gax.protobuf.Root.fromJSON(trimmed as gax.protobuf.INamespace);
    expect(() => root.resolveAll()).not.toThrow();
    for (const service of SERVICES) {
      const svc = root.lookupService(`google.cloud.run.v2.${service}`);
      for (const method of svc.methodsArray) {
        expect(method.resolvedRequestType, `${service}.${method.name}`).toBeTruthy();
        expect(method.resolvedResponseType, `${service}.${method.name}`).toBeTruthy();
      }
    }
    // The long-running types named in method options resolve too.
    for (const type of ["Job", "Execution", "Condition", "ExecutionTemplate", "TaskTemplate"]) {
      expect(root.lookupType(`google.cloud.run.v2.${type}`).fieldsArray.length, type).toBeGreaterThan(0);
    }
  });

  it("cuts the other services and only what they alone use, leaving the input unchanged", () => {
    const before = JSON.stringify(full);
    const kept = v2Names(trimmed);
    const all = v2Names(full);
    for (const gone of ["Services", "Revisions", "Builds", "Service", "Revision"]) {
      if (all.includes(gone)) expect(kept, gone).not.toContain(gone);
    }
    for (const service of SERVICES) expect(kept).toContain(service);
    expect(kept.length).toBeLessThan(all.length);
    // Other packages are shared, not copied.
    expect(trimmed.nested!.google!.nested!.longrunning).toBe(full.nested!.google!.nested!.longrunning);
    expect(JSON.stringify(full)).toBe(before);
  });

  it("returns protos without a v2 namespace as they are", () => {
    const other = { nested: { google: { nested: { protobuf: { nested: {} } } } } } as Json;
    expect(trimRunProtos(other, SERVICES)).toBe(other);
  });
});

describe("leanGax", () => {
  const lean = leanGax(gax, full, SERVICES);

  it.each([false, true])("the generated clients build with it and expose the same methods (fallback %s)", async (fallback) => {
    for (const Client of [JobsClient, ExecutionsClient]) {
      const plain = new Client(options(fallback));
      const leaner = new Client(options(fallback), lean);
      await plain.initialize();
      await leaner.initialize();
      expect(Object.keys(leaner.innerApiCalls).sort()).toEqual(Object.keys(plain.innerApiCalls).sort());
      expect(Object.keys(leaner.descriptors.longrunning).sort()).toEqual(Object.keys(plain.descriptors.longrunning).sort());
      await Promise.all([plain.close(), leaner.close()]);
    }
  });

  it("makes the locations client only at its first use", async () => {
    const made: unknown[] = [];
    const spy = Object.create(gax, {
      LocationsClient: {
        value: class extends gax.LocationsClient {
          constructor(...args: ConstructorParameters<typeof gax.LocationsClient>) {
            super(...args);
            made.push(this);
          }
        },
      },
    }) as typeof gax;
    const client = new JobsClient(options(false), leanGax(spy, full, SERVICES));
    expect(made).toHaveLength(0);
    await client.initialize();
    expect(made).toHaveLength(0);
    // The first locations call makes it (it then fails: nothing listens on port 1).
    await client.getLocation({ name: "projects/p/locations/l" }, { timeout: 50, retry: null } as never).catch(() => undefined);
    expect(made).toHaveLength(1);
    await client.close();
  });

  it("falls back to the full definitions when the trimmed ones do not resolve", () => {
    // GetJob's request names a v2 type by a longer relative path ("run.v2.…", valid protobuf
    // resolution that the trim does not follow), so the trimmed definitions miss it.
    const broken = structuredClone(full);
    const v2 = broken.nested!.google!.nested!.cloud!.nested!.run!.nested!.v2!;
    const jobs = v2.nested!.Jobs as Json & { methods: Record<string, { requestType: string }> };
    jobs.methods.GetJob!.requestType = "run.v2.OnlyHere";
    v2.nested!.OnlyHere = { fields: { name: { type: "string", id: 1 } } };
    expect(v2Names(trimRunProtos(broken, SERVICES))).not.toContain("OnlyHere");
    for (const module of ["grpc", "rest"] as const) {
      const made = leanGax(gax, broken, SERVICES);
      const Grpc = module === "grpc" ? made.GrpcClient : made.fallback.GrpcClient;
      const loaded = new Grpc({ sslCreds: gax.grpc.credentials.createInsecure() } as never).loadProtoJSON(broken as never, true) as unknown;
      if (module === "grpc") {
        const jobsService = (loaded as { google: { cloud: { run: { v2: { Jobs: { service: Record<string, unknown> } } } } } }).google.cloud
          .run.v2.Jobs.service;
        expect(Object.keys(jobsService)).toContain("GetJob");
      } else {
        expect((loaded as gax.protobuf.Root).lookupType("google.cloud.run.v2.OnlyHere")).toBeTruthy();
      }
      // From then on the full definitions are used for the protobufjs root as well.
      expect((made.protobufFromJSON(broken as never) as gax.protobuf.Root).lookup("google.cloud.run.v2.Services") !== null).toBe(
        v2Names(broken).includes("Services"),
      );
    }
  });
});
