// Validates AsyncAPI documents with the AsyncAPI parser (`make lint` runs it on the event catalog):
// `node deploy/lint/asyncapi-validate.mjs FILE...`. Any diagnostic of severity error fails;
// warnings are printed.
import { readFile } from "node:fs/promises";
import { Parser, DiagnosticSeverity } from "@asyncapi/parser";

const parser = new Parser();
let failed = false;
for (const file of process.argv.slice(2)) {
  const { document, diagnostics } = await parser.parse(await readFile(file, "utf8"), { source: file });
  for (const d of diagnostics) {
    const level = d.severity === DiagnosticSeverity.Error ? "error" : "warning";
    console.log(`${file}: ${level} ${d.code} at ${d.path.join(".") || "/"}: ${d.message}`);
  }
  const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
  if (document === undefined || errors.length > 0) {
    failed = true;
  } else {
    console.log(`${file}: valid AsyncAPI ${document.version()}, ${document.channels().length} channels, ${document.operations().length} operations`);
  }
}
process.exit(failed ? 1 : 0);
