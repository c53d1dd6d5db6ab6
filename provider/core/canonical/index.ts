// The canonical form of a manifest (manifest.ts, whose header lists the rules) and where a raw
// manifest says its job lives (location.ts).
export { canonicalizeJobManifest, type CanonicalManifest } from "./manifest";
export { locationHints } from "./location";
