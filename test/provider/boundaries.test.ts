// The layer rules of docs/architecture.md, checked on every file under the folders they govern:
//   core/    pure: imports only core/ and pure packages; no cloud/, engine/, face, I/O module,
//            environment or console (types from @google-cloud/run are allowed: they are erased)
//   engine/  orchestration: core/, and of cloud/ only the error classes; no I/O. It declares
//            what it needs of the network (engine/gateway-contract.ts: types from core/ only)
//   cloud/   the network: implements that contract (a type-only import of it); never the rest of
//            engine/ or a face
//   emulator/ shares nothing with the provider but the protos: never provider/
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const PROVIDER = path.join(ROOT, "provider");

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return filesUnder(full);
    return /\.(ts|mts|cts|js|mjs)$/.test(entry) && !entry.endsWith(".d.ts") ? [full] : [];
  });
}

interface Import {
  file: string;
  specifier: string;
  typeOnly: boolean;
  /** For a relative import: the target, relative to the repository root. */
  target?: string;
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, "utf8");
  const found: Import[] = [];
  const add = (specifier: string, typeOnly: boolean) => {
    const target = specifier.startsWith(".") ? path.relative(ROOT, path.resolve(path.dirname(file), specifier)) : undefined;
    found.push({ file: path.relative(ROOT, file), specifier, typeOnly, ...(target !== undefined ? { target } : {}) });
  };
  for (const m of text.matchAll(/^\s*(?:import|export)\s+(type\s+)?(?:[^;]*?\sfrom\s+)?["']([^"']+)["']/gm)) add(m[2]!, !!m[1]);
  for (const m of text.matchAll(/\b(?:require|import)\(\s*["']([^"']+)["']\s*\)/g))
    add(m[1]!, /typeof import\(\s*$/.test(text.slice(0, m.index! + 7)));
  return found;
}

/** Modules that do I/O (or load the network client): never in the pure core. */
const IO_MODULE =
  /^(node:)?(fs|fs\/promises|net|http|https|http2|child_process|dgram|dns|tls|worker_threads|cluster)$|^@grpc\/|^grpc$|^google-gax($|\/)|^@google-cloud\/|^@pulumi\//;

function violations(folder: string, rule: (i: Import) => string | undefined): string[] {
  return filesUnder(path.join(PROVIDER, folder)).flatMap((file) =>
    importsOf(file).flatMap((i) => {
      const why = rule(i);
      return why ? [`${i.file} imports ${i.specifier}: ${why}`] : [];
    }),
  );
}

function globalsUsed(folder: string): string[] {
  return filesUnder(path.join(PROVIDER, folder)).flatMap((file) => {
    const code = readFileSync(file, "utf8").replace(/^\s*(\/\/.*|\*.*|\/\*.*)$/gm, "");
    const used = [/\bprocess\.env\b/, /\bconsole\.\w+/].filter((re) => re.test(code));
    return used.map((re) => `${path.relative(ROOT, file)} uses ${re.source.replace(/\\[bw.]|\+/g, "")}`);
  });
}

const isFace = (target: string) => /^provider\/[^/]+$/.test(target);
/** The contract engine/ declares and cloud/ implements (docs/architecture.md, layers). */
const SEAM = "provider/engine/gateway-contract";

describe("layer boundaries", () => {
  it("core/ imports only core/ and pure packages", () => {
    expect(
      violations("core", (i) => {
        if (i.target !== undefined)
          return i.target.startsWith("provider/core/") || i.target === "provider/core"
            ? undefined
            : isFace(i.target)
              ? "a face"
              : "outside core/";
        if (i.typeOnly && i.specifier === "@google-cloud/run") return undefined;
        return IO_MODULE.test(i.specifier) ? "an I/O module" : undefined;
      }),
    ).toEqual([]);
    expect(globalsUsed("core")).toEqual([]);
  });

  it("engine/ uses cloud/ only through its error classes, and does no I/O itself", () => {
    expect(
      violations("engine", (i) => {
        if (i.target === undefined) return IO_MODULE.test(i.specifier) && !i.typeOnly ? "an I/O module" : undefined;
        if (isFace(i.target)) return "a face";
        if (i.target.startsWith("provider/cloud/") && i.target !== "provider/cloud/errors") return "cloud/ beyond its errors";
        return undefined;
      }),
    ).toEqual([]);
    expect(globalsUsed("engine")).toEqual([]);
  });

  it("engine/gateway-contract.ts, the seam cloud/ implements, is types from core/ alone", () => {
    const contract = path.join(PROVIDER, "engine", "gateway-contract.ts");
    const offenders = importsOf(contract).filter((i) => !i.typeOnly || !i.target?.startsWith("provider/core/"));
    expect(offenders.map((i) => `${i.file} imports ${i.specifier}`)).toEqual([]);
  });

  it("cloud/ imports of engine/ only the contract it implements (types), and never a face", () => {
    expect(
      violations("cloud", (i) => {
        if (i.target === undefined) return undefined;
        if (isFace(i.target)) return "above the gateway";
        if (i.target === SEAM && i.typeOnly) return undefined;
        return i.target.startsWith("provider/engine/") ? "above the gateway" : undefined;
      }),
    ).toEqual([]);
  });

  it("emulator/ imports nothing from provider/", () => {
    const offenders = filesUnder(path.join(ROOT, "emulator")).flatMap((file) =>
      importsOf(file).filter((i) => i.target?.startsWith("provider") || /^pulumi-cloudrun-jobs($|\/(?!emulator))/.test(i.specifier)),
    );
    expect(offenders.map((i) => `${i.file} imports ${i.specifier}`)).toEqual([]);
  });

  it("finds the imports it checks (the rules are not vacuous)", () => {
    const core = filesUnder(path.join(PROVIDER, "core")).flatMap(importsOf);
    expect(core.some((i) => i.target === "provider/core/unknown")).toBe(true);
    expect(core.some((i) => i.specifier === "zod")).toBe(true);
    expect(
      filesUnder(path.join(PROVIDER, "cloud"))
        .flatMap(importsOf)
        .some((i) => i.target === SEAM),
    ).toBe(true);
    expect(
      filesUnder(path.join(ROOT, "emulator"))
        .flatMap(importsOf)
        .some((i) => i.specifier === "@grpc/grpc-js"),
    ).toBe(true);
  });
});
