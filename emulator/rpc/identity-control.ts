// The Control service's identity methods (emulator-only), beside its fault methods (control.ts)
// on the same service, `cloudrun.emulator.v1.Control`, and in the same JSON-over-gRPC form:
//   DenyIdentity   {identity}         no one may impersonate this service account any more
//                                     (generateAccessToken answers PERMISSION_DENIED)
//   AllowIdentity  {identity}         undoes DenyIdentity → {allowed}
//   RegisterToken  {token, identity}  a bearer token stands for this identity from now on
//                                     (a token the provider is given as gcp:accessToken)
//   ListIdentities {}                 → {denied, tokens} (how many tokens are known, never which)
// Use `connectIdentityControl(address)`, or `cloudrun-emulator control <address> deny-identity …`.
import type * as grpc from "@grpc/grpc-js";
import type { Identities, IdentitiesView } from "../state/identities";
import { bindControlMethods, controlCaller, controlMethods } from "./control";

export interface IdentityControlApi {
  DenyIdentity: (req: { identity?: string }) => IdentitiesView;
  AllowIdentity: (req: { identity?: string }) => { allowed: boolean };
  RegisterToken: (req: { token?: string; identity?: string }) => IdentitiesView;
  ListIdentities: (req: object) => IdentitiesView;
}

const METHODS: Array<keyof IdentityControlApi> = ["DenyIdentity", "AllowIdentity", "RegisterToken", "ListIdentities"];

export const identityControlDefinition: grpc.ServiceDefinition = controlMethods(METHODS);

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
  bindControlMethods(server, identityControlDefinition, handlers, log);
}

/** A client for another process: `const c = connectIdentityControl("127.0.0.1:8090"); await c.denyIdentity("sa@…")`. */
export interface IdentityControlClient {
  denyIdentity(identity: string): Promise<IdentitiesView>;
  allowIdentity(identity: string): Promise<boolean>;
  registerToken(token: string, identity: string): Promise<IdentitiesView>;
  listIdentities(): Promise<IdentitiesView>;
  close(): void;
}

export function connectIdentityControl(address: string): IdentityControlClient {
  const { call, close } = controlCaller(address, identityControlDefinition);
  return {
    denyIdentity: (identity) => call<IdentitiesView>("DenyIdentity", { identity }),
    allowIdentity: async (identity) => (await call<{ allowed: boolean }>("AllowIdentity", { identity })).allowed,
    registerToken: (token, identity) => call<IdentitiesView>("RegisterToken", { token, identity }),
    listIdentities: () => call<IdentitiesView>("ListIdentities", {}),
    close,
  };
}
