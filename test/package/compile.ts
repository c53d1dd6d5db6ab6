// Compiling the fresh project with this repository's TypeScript, through the compiler API, so a
// test can tell the program's own errors (what ts-node, and so `pulumi up`, reports) from errors
// in declaration files of node_modules (what a full `tsc -p .` reports as well).
import path from "node:path";
import ts from "typescript";

function programOf(dir: string): ts.Program {
  const configFile = path.join(dir, "tsconfig.json");
  const { config } = ts.readConfigFile(configFile, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, dir, undefined, configFile);
  return ts.createProgram(parsed.fileNames, parsed.options);
}

/** Diagnostics as `file:line: message` lines: of one file, or of the whole program (as tsc). */
export function diagnosticsOf(dir: string, file?: string): string[] {
  const program = programOf(dir);
  const source = file ? program.getSourceFile(path.join(dir, file)) : undefined;
  const all = file
    ? [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]
    : ts.getPreEmitDiagnostics(program);
  return all.map((d) => {
    const where = d.file ? `${path.relative(dir, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ` : "";
    return `${where}${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  });
}

/** Writes bin/index.js (the template's outDir), as `tsc` would even when it reports errors. */
export function emitProgram(dir: string): void {
  const result = programOf(dir).emit();
  if (result.emitSkipped) throw new Error(`nothing emitted for ${dir}`);
}
