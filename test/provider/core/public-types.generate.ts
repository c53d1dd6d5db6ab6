// Writes the text of provider/core/public-types.ts: the manifest types the zod schemas infer
// (z.input / z.output of schema/v1.ts and schema/status.ts), expanded by the TypeScript checker
// into plain type literals, so the package's declarations never mention zod (a user's `tsc`
// without skipLibCheck would check zod's own declarations, and they fail it).
import path from "node:path";
import ts from "typescript";

const ROOT = path.resolve(__dirname, "../../..");
const SOURCES: Array<{ file: string; names: string[] }> = [
  { file: "provider/core/schema/v1.ts", names: ["JobManifestInput", "JobManifest"] },
  { file: "provider/core/schema/status.ts", names: ["JobStatus"] },
];

const DOCS: Record<string, string> = {
  JobManifestInput: "The Cloud Run Admin API v1 Job manifest as written (what `new Job` accepts), plus `project` and `region`.",
  JobManifest: "The manifest after check: canonical (defaults left out, aliases resolved).",
  JobStatus: "The v1 JobStatus a manifest may carry (an exported manifest does); accepted and ignored.",
};

export function renderPublicTypes(): string {
  const files = SOURCES.map((s) => path.join(ROOT, s.file));
  const program = ts.createProgram(files, {
    strict: true,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    target: ts.ScriptTarget.ES2023,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed });
  const out = [
    "// GENERATED from the zod schemas (provider/core/schema/) by test/provider/core/public-types.generate.ts;",
    "// do not edit. `npm run generate` rewrites it.",
    "// Plain types, so that the package's declarations (index.d.ts and what it imports) never",
    "// reach zod's; test/provider/core/public-types.check.ts proves them equal to the inferred ones.",
    "",
  ];
  for (const source of SOURCES) {
    const sf = program.getSourceFile(path.join(ROOT, source.file))!;
    const moduleSymbol = checker.getSymbolAtLocation(sf)!;
    const exports = checker.getExportsOfModule(moduleSymbol);
    for (const name of source.names) {
      const symbol = exports.find((s) => s.name === name);
      if (!symbol) throw new Error(`${source.file} exports no ${name}`);
      const type = checker.getDeclaredTypeOfSymbol(symbol);
      const node = checker.typeToTypeNode(
        type,
        undefined,
        ts.NodeBuilderFlags.NoTruncation | ts.NodeBuilderFlags.InTypeAlias | ts.NodeBuilderFlags.MultilineObjectLiterals,
      );
      if (!node) throw new Error(`cannot expand ${name}`);
      const alias = ts.factory.createTypeAliasDeclaration([ts.factory.createModifier(ts.SyntaxKind.ExportKeyword)], name, undefined, node);
      const text = printer.printNode(ts.EmitHint.Unspecified, alias, ts.createSourceFile("out.ts", "", ts.ScriptTarget.ES2023));
      if (/\bz\.|zod|\$Zod/.test(text)) throw new Error(`${name} still names a zod type`);
      out.push(`/** ${DOCS[name]} */`, text, "");
    }
  }
  return out.join("\n");
}
