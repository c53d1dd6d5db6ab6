// A google-gax module for the generated Cloud Run clients that builds less: the clients take it
// as their second constructor argument (`gaxInstance`), so they stay the package's own classes
// calling the package's own methods.
//
// Why: each JobsClient or ExecutionsClient builds, at construction, gRPC definitions and a
// protobufjs root from the package's protos.json, which describes every Cloud Run v2 service
// (Services, Revisions, Builds, WorkerPools, …), and a LocationsClient with its own definitions.
// The provider calls only Jobs and Executions and never Locations. The difference was ~20 ms of
// CPU and ~5 MB of resident memory for each provider process that makes an API call; bench
// figure 9's load costs measure the client made both ways.
import type * as Gax from "google-gax";

type GaxModule = typeof Gax;
type ProtoJson = { nested?: Record<string, ProtoJson>; [key: string]: unknown };

/** The v2 namespace in protos.json; references inside it are relative to it. */
const V2_PATH = ["google", "cloud", "run", "v2"] as const;
const V2_PREFIX = /^\.?google\.cloud\.run\.v2\./;
/** Where a method names the message types of its long-running operation. */
const OPERATION_INFO = "(google.longrunning.operation_info)";

function v2Of(json: ProtoJson): ProtoJson | undefined {
  let node: ProtoJson | undefined = json;
  for (const key of V2_PATH) node = node?.nested?.[key];
  return node?.nested ? node : undefined;
}

/** The type names one protobufjs JSON node refers to: fields, map keys, methods, LRO types. */
function referencesOf(node: ProtoJson): string[] {
  const names: string[] = [];
  for (const field of Object.values((node.fields ?? {}) as Record<string, { type?: string; keyType?: string }>)) {
    if (field.type) names.push(field.type);
    if (field.keyType) names.push(field.keyType);
  }
  type Method = {
    requestType?: string;
    responseType?: string;
    options?: Record<string, unknown>;
    parsedOptions?: Array<Record<string, unknown>>;
  };
  for (const method of Object.values((node.methods ?? {}) as Record<string, Method>)) {
    if (method.requestType) names.push(method.requestType);
    if (method.responseType) names.push(method.responseType);
    for (const [key, value] of Object.entries(method.options ?? {})) {
      if (key.startsWith(OPERATION_INFO) && typeof value === "string") names.push(value);
    }
    for (const option of method.parsedOptions ?? []) {
      const info = option[OPERATION_INFO] as Record<string, unknown> | undefined;
      for (const value of Object.values(info ?? {})) if (typeof value === "string") names.push(value);
    }
  }
  for (const child of Object.values(node.nested ?? {})) names.push(...referencesOf(child));
  return names;
}

/**
 * protos.json with the v2 namespace cut down to the given services and every v2 definition they
 * reach, transitively; every other package (google.api, google.protobuf, google.longrunning,
 * google.iam, …) is kept whole. Pure: the input is not changed, unchanged subtrees are shared.
 * A name is followed by its first segment, which over-keeps at worst (a nested type that shares
 * a top-level name), never under-keeps: test/provider/cloud/lean-gax.test.ts resolves every
 * reference of the result.
 */
export function trimRunProtos(json: ProtoJson, services: readonly string[]): ProtoJson {
  const v2 = v2Of(json);
  if (!v2?.nested) return json;
  const all = v2.nested;
  const kept = new Set<string>();
  const keep = (name: string): void => {
    const top = name.replace(V2_PREFIX, "").split(".")[0];
    if (top === undefined || kept.has(top) || !all[top]) return;
    kept.add(top);
    for (const ref of referencesOf(all[top])) keep(ref);
  };
  for (const service of services) keep(service);
  const nested = Object.fromEntries(Object.entries(all).filter(([name]) => kept.has(name)));
  // Rebuild only the path down to v2.
  const rebuild = (node: ProtoJson, depth: number): ProtoJson => {
    if (depth === V2_PATH.length) return { ...node, nested };
    const key = V2_PATH[depth];
    return { ...node, nested: { ...node.nested, [key]: rebuild(node.nested![key], depth + 1) } };
  };
  return rebuild(json, 0);
}

type LocationsArgs = ConstructorParameters<GaxModule["LocationsClient"]>;
type LocationsClient = InstanceType<GaxModule["LocationsClient"]>;

/**
 * Stands in for gax's LocationsClient, which every generated client makes at construction for
 * its getLocation and listLocationsAsync (the provider calls neither): the real one is made at
 * the first of those calls.
 */
function lazyLocationsClient(gax: GaxModule) {
  return class LazyLocationsClient {
    private made?: LocationsClient;
    private readonly args: LocationsArgs;
    constructor(...args: LocationsArgs) {
      this.args = args;
    }
    private get real(): LocationsClient {
      return (this.made ??= new gax.LocationsClient(...this.args));
    }
    getLocation(...args: Parameters<LocationsClient["getLocation"]>) {
      return this.real.getLocation(...args);
    }
    listLocationsAsync(...args: Parameters<LocationsClient["listLocationsAsync"]>) {
      return this.real.listLocationsAsync(...args);
    }
    close(): Promise<void> {
      return this.made?.close() ?? Promise.resolve();
    }
  };
}

type Variant = Pick<GaxModule, "GrpcClient" | "protobufFromJSON" | "LocationsClient">;

/**
 * `gax` (or its REST `fallback` module) with the three pieces above replaced; everything else
 * is inherited. `full` is the object the generated clients load (their `protos.json`); any other
 * JSON passes through. Should the trimmed definitions not resolve (a release whose protos refer
 * in a way trimRunProtos does not follow), the full ones are used from then on.
 */
function variant<M extends Variant>(base: M, full: ProtoJson, trimmed: ProtoJson, state: { usable: boolean }, verify: boolean): M {
  const pick = (json: unknown) => (json === full && state.usable ? trimmed : json);
  const Base = base.GrpcClient as unknown as new (...args: unknown[]) => { loadProtoJSON(json: unknown, ignoreCache?: boolean): unknown };
  class LeanGrpcClient extends Base {
    override loadProtoJSON(json: unknown, ignoreCache?: boolean): unknown {
      const chosen = pick(json);
      if (chosen === json) return super.loadProtoJSON(json, ignoreCache);
      try {
        const loaded = super.loadProtoJSON(chosen, ignoreCache);
        // The gRPC loader resolves every reference itself; the REST one returns a lazy root.
        if (verify) (loaded as { resolveAll(): unknown }).resolveAll();
        return loaded;
      } catch {
        state.usable = false;
        return super.loadProtoJSON(json, ignoreCache);
      }
    }
  }
  return Object.create(base, {
    GrpcClient: { value: LeanGrpcClient },
    protobufFromJSON: { value: (json: unknown) => (base.protobufFromJSON as (j: unknown) => unknown)(pick(json)) },
    LocationsClient: { value: lazyLocationsClient(base as unknown as GaxModule) },
  }) as M;
}

/**
 * The gax module to hand the generated clients, building definitions only for `services`.
 * Made once per process (clients.ts keeps it), so the trim runs once.
 */
export function leanGax(gax: GaxModule, full: ProtoJson, services: readonly string[]): GaxModule {
  const trimmed = trimRunProtos(full, services);
  if (trimmed === full) return gax;
  const state = { usable: true };
  const fallback = variant(gax.fallback as unknown as Variant, full, trimmed, state, true);
  const lean = variant(gax as unknown as Variant, full, trimmed, state, false);
  Object.defineProperty(lean, "fallback", { value: fallback });
  return lean as unknown as GaxModule;
}
