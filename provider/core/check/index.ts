// Check: of the resource's inputs (resource.ts), and of a manifest alone (manifest.ts), which
// gives the canonical form the rest of the provider takes as it is.
export { checkInputs, type CheckedInputs, type PreviousNames, stackSettingsOf, type StackSettings } from "./resource";
export { checkJobManifest } from "./manifest";
