// The emulator shares nothing with the provider but the protos (design.md "The shape").
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const dir = path.resolve(__dirname, "../../emulator");
/** Every .ts file under emulator/, as paths relative to it (rpc/server.ts, …). */
const sources = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith(".ts"));

describe("emulator boundaries", () => {
  it("imports nothing from provider/", () => {
    const offenders = sources
      .filter((f) => /from\s+["'][./]*\/?provider\//.test(readFileSync(path.join(dir, f), "utf8")) || /require\(["'][./]*provider/.test(readFileSync(path.join(dir, f), "utf8")));
    expect(offenders).toEqual([]);
  });

  it("only imports node built-ins, the gRPC/proto packages and @google-cloud/run types", () => {
    const allowed = /^(node:|\.\.?\/|@grpc\/grpc-js$|@grpc\/proto-loader$|protobufjs$|@google-cloud\/run$)/;
    const imports = sources.flatMap((f) => [...readFileSync(path.join(dir, f), "utf8").matchAll(/(?:from|import)\s+["']([^"']+)["']/g)].map((m) => ({ f, i: m[1]! })));
    expect(imports.filter(({ i }) => !allowed.test(i))).toEqual([]);
    // A relative import never leaves emulator/ (no ../provider, no ../test).
    expect(imports.filter(({ f, i }) => i.startsWith(".") && path.relative(dir, path.resolve(dir, path.dirname(f), i)).startsWith(".."))).toEqual([]);
  });
});
