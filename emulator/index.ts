// The emulator's public API (package export "pulumi-cloudrun-jobs/emulator").
export { startEmulator, type EmulatorOptions, type RunningEmulator } from "./rpc/server";
export { Store } from "./state/store";
export { CallCounter, Faults, type Fault, type FaultSpec, type FaultKind } from "./rpc/faults";
export { connectControl, type ControlClient } from "./rpc/control";
export { gcloudEnv, exportLines, GCLOUD_DOMAIN, GCLOUD_APIS, ProxyLog, type GcloudEnvOptions } from "./rest/gcloud";
export { ProjectNumbers } from "./state/projects";
