// The emulator's public API (package export "pulumi-cloudrun-jobs/emulator").
export { startEmulator, type EmulatorOptions, type RunningEmulator } from "./server";
export { Store } from "./state/store";
export { Faults, type Fault, type FaultSpec, type FaultKind } from "./state/faults";
export { CallCounter } from "./state/calls";
export { connectControl, type ControlClient } from "./rpc/control";
export { connectIdentityControl, type IdentityControlClient } from "./rpc/identity-control";
export { Identities, opaqueIdentityOf, EMULATOR_PRINCIPAL, type IdentitiesView } from "./state/identities";
export { gcloudEnv, exportLines, GCLOUD_DOMAIN, GCLOUD_APIS, ProxyLog, type GcloudEnvOptions } from "./rest/gcloud";
export { ProjectNumbers } from "./state/projects";
