// Rules that span fields, on a manifest the schemas already accepted (manifest.ts).
export { validateJobManifest } from "./manifest";
