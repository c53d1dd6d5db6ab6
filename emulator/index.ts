// The emulator's public API (package export "pulumi-cloudrun-jobs/emulator").
export { startEmulator, type EmulatorOptions, type RunningEmulator } from "./server";
export { Store } from "./store";
export { Faults, type Fault, type FaultSpec, type FaultKind } from "./faults";
export { CallCounter } from "./calls";
export { connectControl, type ControlClient } from "./control";
