// The emulator shares nothing with the provider but the protos (design.md "The shape").
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const dir = path.resolve(__dirname, "../../emulator");

describe("emulator boundaries", () => {
  it("imports nothing from provider/", () => {
    const offenders = readdirSync(dir)
      .filter((f) => f.endsWith(".ts"))
      .filter((f) => /from\s+["'][./]*\/?provider\//.test(readFileSync(path.join(dir, f), "utf8")) || /require\(["'][./]*provider/.test(readFileSync(path.join(dir, f), "utf8")));
    expect(offenders).toEqual([]);
  });

  it("only imports node built-ins, the gRPC/proto packages and @google-cloud/run types", () => {
    const allowed = /^(node:|\.\/|@grpc\/grpc-js$|@grpc\/proto-loader$|protobufjs$|@google-cloud\/run$)/;
    const imports = readdirSync(dir)
      .filter((f) => f.endsWith(".ts"))
      .flatMap((f) => [...readFileSync(path.join(dir, f), "utf8").matchAll(/from\s+["']([^"']+)["']/g)].map((m) => m[1]!));
    expect(imports.filter((i) => !allowed.test(i))).toEqual([]);
  });
});
