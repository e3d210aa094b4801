/**
 * Templates inside flow properties are pre-parsed so syntax errors are reported at load time, with the YAML
 * line/column and the position inside the expression. Also rejects `inputs.my-input` / `outputs.my-task.x`
 * (an id with a dash used with dot notation), which Pebble would read as a subtraction.
 */
import { ExprError, parseTemplate } from "../expr/index.ts";
import { child, type ErrorSink } from "./errors.ts";

const DASHED = /\b(inputs|outputs)\.([A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)+)/;

/** Checks every string found in `value` (recursively) at `path`. */
export function checkTemplates(value: unknown, path: string, sink: ErrorSink): void {
  if (typeof value === "string") checkTemplate(value, path, sink);
  else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) checkTemplates(v, child(path, i), sink);
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) checkTemplates(v, child(path, k), sink);
  }
}

export function checkTemplate(text: string, path: string, sink: ErrorSink): void {
  if (!text.includes("{{") && !text.includes("{%")) return;
  for (const block of text.matchAll(/\{\{([\s\S]*?)\}\}|\{%([\s\S]*?)%\}/g)) {
    const inner = block[1] ?? block[2] ?? "";
    const m = DASHED.exec(inner.replace(/'[^']*'|"[^"]*"/g, "''"));
    if (m) {
      const fix = m[1] === "inputs" ? `inputs['${m[2]}']` : `outputs['${m[2]}']`;
      sink.at(path, `invalid expression \`${m[0]}\`: an id with a dash must use brackets, e.g. \`${fix}\``);
      return;
    }
  }
  try {
    parseTemplate(text);
  } catch (e) {
    if (!(e instanceof ExprError)) {
      sink.at(path, `invalid expression: ${firstLine((e as Error).message ?? String(e))}`);
      return;
    }
    const pos = sink.pos(path);
    const before = sink.errors.length;
    sink.at(path, `invalid expression: ${firstLine(e.message)} (expression line ${e.line}, column ${e.column})`);
    const err = sink.errors[before];
    if (err && pos) {
      // single-line plain or quoted scalars: shift to the character inside the YAML line
      const quoted = /^["']/.test(pos.text) ? 1 : 0;
      const block = /^[|>]/.test(pos.text) ? 1 : 0;
      if (e.line === 1 && !block) err.column = pos.column + quoted + e.column - 1;
      else {
        err.line = pos.line + e.line - 1 + block;
        // block scalars: content usually indented two columns past the key
        err.column = block && pos.key ? pos.key.column + 1 + e.column : e.column;
      }
    }
  }
}

function firstLine(s: string): string {
  return s.split("\n")[0]!.replace(/ \(line \d+, column \d+\)$/, "");
}
