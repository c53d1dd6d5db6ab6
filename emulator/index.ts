export { startEmulator, type EmulatorOptions, type RunningEmulator } from "./server";
export { Store } from "./store";
