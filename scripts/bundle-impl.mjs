// Bundles the provider's implementation (what `pulumi-cloudrun-jobs/impl` resolves to) into one
// CommonJS file, dist/provider/impl.js.
//
// Why: every `pulumi preview` starts a fresh dynamic-provider process, and that process pays for
// loading our implementation before its first answer, on the engine's serial check → diff path
// (bench figure 9: CPU of requiring the bundle vs the unbundled tsc output). Loaded module by module, that is ~130 files to resolve, stat,
// read and compile, and zod's CommonJS entry drags in its 60-odd locale modules although only
// the English messages are ever used. Bundled from the TypeScript sources through zod's ES
// module entry, the locales are tree-shaken away and the rest is one file.
//
// The Google client stays outside the bundle, required at the first API call as before
// (gateway.ts), so preview never loads it; so does everything else that is only needed then.
// tsc still emits dist/provider/*.js and the declarations: the Job class, the CLI and the
// emulator use those; only the provider process's entry is the bundle.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "rolldown";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Packages required at run time rather than bundled: the lazily loaded Google client (and its auth library, for REST to an emulator). */
const EXTERNAL = [/^@google-cloud\//, /^google-gax($|\/)/, /^google-auth-library($|\/)/, /^@grpc\//, /^@pulumi\//, /^node:/];

export async function bundleImpl({ quiet = false } = {}) {
  const started = Date.now();
  await build({
    input: path.join(ROOT, "provider", "provider.ts"),
    platform: "node",
    external: EXTERNAL,
    // `module.exports` of the bundle are provider.ts's exports, as tsc's output would have them.
    output: { file: path.join(ROOT, "dist", "provider", "impl.js"), format: "cjs", exports: "named" },
    tsconfig: path.join(ROOT, "tsconfig.json"),
    logLevel: quiet ? "silent" : "warn",
  });
  return Date.now() - started;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const ms = await bundleImpl();
  console.log(`bundle: dist/provider/impl.js in ${ms} ms`);
}
