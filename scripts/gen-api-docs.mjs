#!/usr/bin/env node
// Writes docs/api.md, the API reference, from the TSDoc comments of what provider/index.ts
// exports (and the output types those exports name), through the TypeScript compiler API.
// No dependency beyond the repository's own typescript.
//   node scripts/gen-api-docs.mjs           write docs/api.md
//   node scripts/gen-api-docs.mjs --check   exit 1 when docs/api.md is out of date
//   node scripts/gen-api-docs.mjs --out F   write F instead
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(path.join(ROOT, "package.json"));
const ts = require("typescript");
const outFlag = process.argv.indexOf("--out");
const OUT = outFlag > 0 && process.argv[outFlag + 1] ? path.resolve(process.argv[outFlag + 1]) : path.join(ROOT, "docs", "api.md");
const ENTRY = path.join(ROOT, "provider", "index.ts");
const SCHEMA = require("./schema/job.schema.json");

const program = ts.createProgram([ENTRY], { strict: true, esModuleInterop: true, skipLibCheck: true, resolveJsonModule: true });
const checker = program.getTypeChecker();

const docOf = (symbol) => ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
const tagsOf = (symbol) => symbol.getJsDocTags(checker).map((t) => ({ name: t.name, text: ts.displayPartsToString(t.text ?? []).trim() }));
const oneLine = (text) => text.replace(/\s+/g, " ").trim();
const cell = (text) => oneLine(text).replace(/\|/g, "\\|");
// Pipes are escaped even inside code spans: GitHub splits table cells on them first.
const code = (text) => `\`${oneLine(text).replace(/`/g, "'").replace(/\|/g, "\\|")}\``;
const declarationText = (decl) => decl.getText().replace(/^\s*(export\s+)?(declare\s+)?/, "");

/** Interfaces declared in provider/ that a documented member's type names: documented too. */
const referenced = new Map();
function noteReferences(type) {
  const symbols = [type.aliasSymbol, type.getSymbol(), ...(type.isUnion() ? type.types.map((t) => t.getSymbol()) : [])];
  for (const s of symbols) {
    const decl = s?.declarations?.[0];
    if (decl && ts.isInterfaceDeclaration(decl) && decl.getSourceFile().fileName.startsWith(path.join(ROOT, "provider"))) {
      if (!referenced.has(s.name)) {
        referenced.set(s.name, s);
        for (const p of checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(s))) noteReferences(checker.getTypeOfSymbol(p));
      }
    }
  }
  if (checker.isArrayType(type)) for (const t of checker.getTypeArguments(type)) noteReferences(t);
  for (const t of type.aliasTypeArguments ?? []) noteReferences(t);
  for (const t of checker.getTypeArguments?.(type) ?? []) if (t !== type) noteReferences(t);
}

function memberRows(symbols) {
  const rows = ["| member | type | description |", "|---|---|---|"];
  for (const s of symbols) {
    const decl = s.valueDeclaration ?? s.declarations?.[0];
    const type = checker.getTypeOfSymbolAtLocation(s, decl);
    noteReferences(type);
    const optional = s.flags & ts.SymbolFlags.Optional ? "?" : "";
    rows.push(
      `| \`${s.name}${optional}\` | ${code(checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation))} | ${cell(docOf(s))} |`,
    );
  }
  return rows;
}

function documentClass(name, symbol) {
  const decl = symbol.declarations.find(ts.isClassDeclaration);
  const out = [`## class \`${name}\``, "", docOf(symbol), ""];
  const extendsClause = decl.heritageClauses?.map((h) => h.getText()).join(" ");
  if (extendsClause) out.push(`\`class ${name} ${extendsClause}\``, "");
  const ctor = symbol.members.get("__constructor");
  if (ctor) {
    for (const d of ctor.declarations) {
      const sig = checker.getSignatureFromDeclaration(d);
      out.push("### constructor", "", "```ts", `new ${name}(${d.parameters.map((p) => p.getText()).join(", ")})`, "```", "");
      const params = tagsOf(ctor).filter((t) => t.name === "param");
      if (params.length) {
        out.push(...params.map((t) => `- ${oneLine(t.text).replace(/^(\S+)\s*/, "`$1`: ")}`), "");
      }
      void sig;
    }
  }
  const statics = [...(symbol.exports?.values() ?? [])].filter((s) => s.flags & ts.SymbolFlags.Method);
  for (const s of statics) {
    const d = s.declarations[0];
    out.push(
      `### static \`${s.name}\``,
      "",
      "```ts",
      `${name}.${s.name}(${d.parameters.map((p) => p.getText()).join(", ")}): ${d.type?.getText() ?? "void"}`,
      "```",
      "",
      docOf(s),
      "",
    );
  }
  const props = [...symbol.members.values()].filter((s) => s.flags & ts.SymbolFlags.Property && !s.name.startsWith("_"));
  out.push("### outputs", "", ...memberRows(props), "");
  out.push("Inherited from `pulumi.CustomResource`: `id` (`projects/{project}/locations/{region}/jobs/{name}`) and `urn`.", "");
  return out;
}

function documentAlias(name, symbol) {
  const decl = symbol.declarations.find(ts.isTypeAliasDeclaration);
  const out = [`## type \`${name}\``, "", docOf(symbol), ""];
  out.push("```ts", declarationText(decl), "```", "");
  return out;
}

function documentInterface(name, symbol) {
  const props = checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol));
  return [`## interface \`${name}\``, "", docOf(symbol), "", ...memberRows(props), ""];
}

function documentFunction(name, symbol) {
  const decl = symbol.declarations.find(ts.isFunctionDeclaration);
  // As written in the source: the checker would expand inferred manifest types over pages.
  const returns = decl.type?.getText() ?? checker.typeToString(checker.getSignatureFromDeclaration(decl).getReturnType());
  const signature = `(${decl.parameters.map((p) => p.getText()).join(", ")}): ${returns}`;
  return [`## function \`${name}\``, "", "```ts", `function ${name}${signature}`, "```", "", docOf(symbol), ""];
}

/** Constants are documented by their comment: a zod schema's type would fill pages. */
function documentConstant(name, symbol) {
  return [`## const \`${name}\``, "", docOf(symbol) || "(no description)", ""];
}

/** The manifest types are inferred from zod schemas: their JSON Schema says it better than TS can. */
function documentManifest(name, symbol) {
  const which = name.endsWith("Input")
    ? "as written (what `new Job` accepts)"
    : "after `check` (canonical: defaults filled, aliases resolved)";
  const out = [
    `## type \`${name}\``,
    "",
    `The Cloud Run Admin API v1 Job manifest ${which}, inferred from the zod schema in \`provider/schema/\`.`,
    "",
  ];
  out.push(
    `Its full shape is the JSON Schema [\`schema/job.schema.json\`](../schema/job.schema.json) (package export \`pulumi-cloudrun-jobs/schema/job.schema.json\`). Top level:`,
    "",
  );
  out.push("| field | type | description |", "|---|---|---|");
  const required = new Set(SCHEMA.required ?? []);
  for (const [key, value] of Object.entries(SCHEMA.properties)) {
    out.push(`| \`${key}${required.has(key) ? "" : "?"}\` | ${value.type ?? "see schema"} | ${cell(value.description ?? "")} |`);
  }
  out.push("");
  void symbol;
  return out;
}

function render() {
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(ENTRY));
  // Classes first, then types, then functions and constants, each in export order.
  const groups = { class: [], type: [], function: [], const: [] };
  const names = [];
  const documented = new Set();
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const name = exported.name;
    names.push(name);
    documented.add(name);
    if (symbol.flags & ts.SymbolFlags.Class) groups.class.push(...documentClass(name, symbol));
    else if (/^JobManifest/.test(name)) groups.type.push(...documentManifest(name, symbol));
    else if (symbol.flags & ts.SymbolFlags.Interface) groups.type.push(...documentInterface(name, symbol));
    else if (symbol.flags & ts.SymbolFlags.TypeAlias) groups.type.push(...documentAlias(name, symbol));
    else if (symbol.flags & ts.SymbolFlags.Function) groups.function.push(...documentFunction(name, symbol));
    else if (symbol.flags & ts.SymbolFlags.Variable) groups.const.push(...documentConstant(name, symbol));
  }
  const outputs = [];
  for (const [name, symbol] of referenced) {
    if (documented.has(name)) continue;
    outputs.push(
      `### \`${name}\``,
      "",
      docOf(symbol),
      "",
      ...memberRows(checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol))),
      "",
    );
  }
  const sections = [...groups.class, ...groups.type, ...groups.function, ...groups.const];
  return [
    "# API reference",
    "",
    "<!-- Generated by scripts/gen-api-docs.mjs from the TSDoc in provider/. Do not edit: run `node scripts/gen-api-docs.mjs`. -->",
    "",
    `\`import { ${names.join(", ")} } from "pulumi-cloudrun-jobs";\``,
    "",
    "Other entry points: `pulumi-cloudrun-jobs/emulator` (the local emulator, see [emulator/README.md](../emulator/README.md)),",
    "`pulumi-cloudrun-jobs/schema/job.schema.json` (the manifest's JSON Schema), and the `pulumi-cloudrun-jobs` command ([cli.md](cli.md)).",
    "",
    ...sections,
    ...(outputs.length ? ["## Other types named above", "", ...outputs] : []),
  ]
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd()
    .concat("\n");
}

const text = render();
if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(OUT, "utf8");
  } catch {}
  if (current !== text) {
    process.stderr.write("docs/api.md is out of date: run `node scripts/gen-api-docs.mjs`\n");
    process.exit(1);
  }
} else {
  writeFileSync(OUT, text);
  process.stdout.write(`wrote ${path.relative(ROOT, OUT)}\n`);
}
