// The Control service's identity methods (emulator-only), beside its fault methods (control.ts)
// on the same service, `cloudrun.emulator.v1.Control`, and in the same JSON-over-gRPC form:
//   DenyIdentity   {identity}         no one may impersonate this service account any more
//                                     (generateAccessToken answers PERMISSION_DENIED)
//   AllowIdentity  {identity}         undoes DenyIdentity → {allowed}
//   RegisterToken  {token, identity}  a bearer token stands for this identity from now on
//                                     (a token the provider is given as gcp:accessToken)
//   ListIdentities {}                 → {denied, tokens} (how many tokens are known, never which)
// Use `connectIdentityControl(address)`, or `cloudrun-emulator control <address> deny-identity …`.
import * as grpc from "@grpc/grpc-js";
import type { Identities, IdentitiesView } from "../state/identities";
import { CONTROL_SERVICE } from "./control";

const json = {
  serialize: (value: unknown) => Buffer.from(JSON.stringify(value ?? {})),
  deserialize: (bytes: Buffer) => (bytes.length ? JSON.parse(bytes.toString("utf8")) : {}) as unknown,
};

export interface IdentityControlApi {
  DenyIdentity: (req: { identity?: string }) => IdentitiesView;
  AllowIdentity: (req: { identity?: string }) => { allowed: boolean };
  RegisterToken: (req: { token?: string; identity?: string }) => IdentitiesView;
  ListIdentities: (req: object) => IdentitiesView;
}

const METHODS: Array<keyof IdentityControlApi> = ["DenyIdentity", "AllowIdentity", "RegisterToken", "ListIdentities"];

export const identityControlDefinition: grpc.ServiceDefinition = Object.fromEntries(
  METHODS.map((m) => [
    m,
    {
      path: `/${CONTROL_SERVICE}/${m}`,
      requestStream: false,
      responseStream: false,
      requestSerialize: json.serialize,
      requestDeserialize: json.deserialize,
      responseSerialize: json.serialize,
      responseDeserialize: json.deserialize,
    },
  ]),
);

export function identityControlHandlers(identities: Identities): IdentityControlApi {
  return {
    DenyIdentity: ({ identity }) => {
      identities.deny(identity ?? "");
      return identities.view();
    },
    AllowIdentity: ({ identity }) => ({ allowed: identities.allow(identity ?? "") }),
    RegisterToken: ({ token, identity }) => {
      identities.register(token ?? "", identity ?? "");
      return identities.view();
    },
    ListIdentities: () => identities.view(),
  };
}

/** Adds the identity methods to the gRPC server: each answered at once, a thrown error as INVALID_ARGUMENT. */
export function bindIdentityControl(server: grpc.Server, handlers: IdentityControlApi, log: (line: string) => void): void {
  const impl: grpc.UntypedServiceImplementation = {};
  for (const [name, fn] of Object.entries(handlers)) {
    impl[name] = ((call: grpc.ServerUnaryCall<never, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      try {
        callback(null, (fn as (req: never) => unknown)(call.request));
        log(`Control.${name} OK`);
      } catch (err) {
        log(`Control.${name} INVALID_ARGUMENT`);
        callback({ code: grpc.status.INVALID_ARGUMENT, details: err instanceof Error ? err.message : String(err) });
      }
    }) as grpc.handleUnaryCall<unknown, unknown>;
  }
  server.addService(identityControlDefinition, impl);
}

/** A client for another process: `const c = connectIdentityControl("127.0.0.1:8090"); await c.denyIdentity("sa@…")`. */
export interface IdentityControlClient {
  denyIdentity(identity: string): Promise<IdentitiesView>;
  allowIdentity(identity: string): Promise<boolean>;
  registerToken(token: string, identity: string): Promise<IdentitiesView>;
  listIdentities(): Promise<IdentitiesView>;
  close(): void;
}

type UnaryFn = (req: unknown, cb: (err: grpc.ServiceError | null, res: unknown) => void) => void;

export function connectIdentityControl(address: string): IdentityControlClient {
  const Ctor = grpc.makeGenericClientConstructor(identityControlDefinition, CONTROL_SERVICE);
  const client = new Ctor(address, grpc.credentials.createInsecure()) as unknown as grpc.Client & Record<string, UnaryFn>;
  const call = <T>(method: keyof IdentityControlApi, req: unknown): Promise<T> =>
    new Promise((resolve, reject) => client[method]!(req, (err, res) => (err ? reject(err) : resolve(res as T))));
  return {
    denyIdentity: (identity) => call<IdentitiesView>("DenyIdentity", { identity }),
    allowIdentity: async (identity) => (await call<{ allowed: boolean }>("AllowIdentity", { identity })).allowed,
    registerToken: (token, identity) => call<IdentitiesView>("RegisterToken", { token, identity }),
    listIdentities: () => call<IdentitiesView>("ListIdentities", {}),
    close: () => client.close(),
  };
}
