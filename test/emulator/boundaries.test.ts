// The emulator's boundaries. It shares nothing with the provider but the protos (design.md "The
// shape"), and inside it the layers run one way, bottom to top:
//   base/        the error model, the wire schema (protos, packAny), the faces' names
//   model/       Cloud Run's and Logging's resources and their rules, pure
//   state/       what the emulator holds and what moves it: store, clock, runner, logs, faults, counters
//   services/    one handler per RPC over the state, and dispatch(), the door every call goes through
//   rpc/ rest/   the faces: gRPC (Run v2, Logging, Control) and HTTP (REST v2, v1, Logging, gcloud's proxy)
//   port.ts      the one TCP port both faces share
//   server.ts    the wiring (startEmulator): the only module that knows every layer
//   cli/         the command line
//   index.ts cli.ts faults.ts   the package's doors
// A file imports its own folder and the layers below it: never a layer above, nor the other
// folder of its own layer (the two faces do not know each other).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const dir = path.resolve(__dirname, "../../emulator");
/** Every .ts file under emulator/, as paths relative to it (rpc/bind.ts, …). */
const sources = (readdirSync(dir, { recursive: true }) as string[])
  .filter((f) => f.endsWith(".ts"))
  .map((f) => f.split(path.sep).join("/"));
const textOf = (f: string) => readFileSync(path.join(dir, f), "utf8");

const LAYERS: ReadonlyArray<readonly string[]> = [
  ["base"],
  ["model"],
  ["state"],
  ["services"],
  ["rpc", "rest"],
  ["port.ts"],
  ["server.ts"],
  ["cli"],
  ["index.ts", "cli.ts", "faults.ts"],
];

interface Import {
  /** The importing file, relative to emulator/ (state/runner.ts). */
  file: string;
  specifier: string;
}

/** The modules a file's text imports or re-exports (type-only ones too: they tie layers as well). */
function importsIn(file: string, text: string): Import[] {
  const specifiers = [
    ...[...text.matchAll(/^\s*(?:import|export)\s+(?:type\s+)?(?:[^;]*?\sfrom\s+)?["']([^"']+)["']/gm)].map((m) => m[1]!),
    ...[...text.matchAll(/\b(?:require|import)\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!),
  ];
  return specifiers.map((specifier) => ({ file, specifier }));
}

/** The room a path under emulator/ stands in: its top folder, or the file itself at the top. */
function roomOf(relativePath: string): string {
  const [first, ...rest] = relativePath.split("/");
  return rest.length ? first! : first!.endsWith(".ts") ? first! : `${first}.ts`;
}

const layerOf = (room: string) => LAYERS.findIndex((rooms) => rooms.includes(room));

/** Every relative import that runs sideways or up, named with why. */
function wrongWayImports(imports: Import[]): string[] {
  return imports.flatMap(({ file, specifier }) => {
    if (!specifier.startsWith(".")) return [];
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
    const from = roomOf(file);
    const to = roomOf(target);
    if (from === to) return [];
    const [mine, theirs] = [layerOf(from), layerOf(to)];
    const why =
      mine < 0
        ? `${from} is in no layer`
        : theirs < 0
          ? `${to} is in no layer`
          : theirs > mine
            ? `${to} is above ${from}`
            : theirs === mine
              ? `${to} is beside ${from}`
              : undefined;
    return why ? [`${file} imports ${specifier}: ${why}`] : [];
  });
}

const allImports = sources.flatMap((f) => importsIn(f, textOf(f)));

describe("emulator boundaries", () => {
  it("imports nothing from provider/", () => {
    const offenders = sources.filter(
      (f) => /from\s+["'][./]*\/?provider\//.test(textOf(f)) || /require\(["'][./]*provider/.test(textOf(f)),
    );
    expect(offenders).toEqual([]);
  });

  it("only imports node built-ins, the gRPC/proto packages and @google-cloud/run types", () => {
    const allowed = /^(node:|\.\.?\/|@grpc\/grpc-js$|@grpc\/proto-loader$|protobufjs$|@google-cloud\/run$)/;
    const imports = sources.flatMap((f) => [...textOf(f).matchAll(/(?:from|import)\s+["']([^"']+)["']/g)].map((m) => ({ f, i: m[1]! })));
    expect(imports.filter(({ i }) => !allowed.test(i))).toEqual([]);
    // A relative import never leaves emulator/ (no ../provider, no ../test).
    expect(
      imports.filter(({ f, i }) => i.startsWith(".") && path.relative(dir, path.resolve(dir, path.dirname(f), i)).startsWith("..")),
    ).toEqual([]);
  });

  it("every file stands in a layer", () => {
    expect(sources.filter((f) => layerOf(roomOf(f)) < 0)).toEqual([]);
  });

  it("each folder imports only from the folders below it", () => {
    expect(wrongWayImports(allImports)).toEqual([]);
  });

  it("names a wrong-way import (the rule can fail)", () => {
    const files: Record<string, string> = {
      "model/job.ts": 'import { Store } from "../state/store";\nimport { timestamp } from "./time";\n',
      "rpc/bind.ts": 'import type { Face } from "../rest/http";\nimport { dispatch } from "../services/dispatch";\n',
      "state/runner.ts": 'export { condition } from "../model/conditions";\n',
      "base/errors.ts": 'const loaded = require("../server");\n',
      "server.ts": 'import { listenShared } from "./port";\nimport { bindService } from "./rpc/bind";\n',
      "index.ts": 'export { startEmulator } from "./server";\n',
      "cli.ts": 'import "./cli/main";\n',
      "cli/main.ts": 'import { startEmulator } from "../server";\n',
      "extra/thing.ts": 'import { ApiError } from "../base/errors";\n',
    };
    const imports = Object.entries(files).flatMap(([f, text]) => importsIn(f, text));
    expect(wrongWayImports(imports)).toEqual([
      "model/job.ts imports ../state/store: state is above model",
      "rpc/bind.ts imports ../rest/http: rest is beside rpc",
      "base/errors.ts imports ../server: server.ts is above base",
      "extra/thing.ts imports ../base/errors: extra is in no layer",
    ]);
  });

  it("finds the imports it checks (the rules are not vacuous)", () => {
    const crossing = allImports.filter(
      ({ file, specifier }) => specifier.startsWith(".") && roomOf(file) !== roomOf(path.posix.join(path.posix.dirname(file), specifier)),
    );
    expect(crossing.length).toBeGreaterThan(50);
    expect(allImports.some((i) => i.file === "server.ts" && i.specifier === "./rpc/bind")).toBe(true);
    expect(allImports.some((i) => i.file === "cli.ts" && i.specifier === "./cli/main")).toBe(true);
  });
});
