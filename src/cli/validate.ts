/** `perch validate FILE|DIR...`: parses each flow file and prints its errors with line, column and the offending line. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseFlow } from "../flow/index.ts";
import { parse } from "./args.ts";
import { VALIDATE_HELP } from "./help.ts";
import { type CliIo, UsageError } from "./io.ts";

const FLOW_FILE = /\.ya?ml$/i;

/** every *.yml / *.yaml under `dir`, sorted, skipping hidden folders and node_modules */
export function flowFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith(".") || name === "node_modules") continue;
    const p = join(dir, name);
    const s = statSync(p, { throwIfNoEntry: false });
    if (s?.isDirectory()) out.push(...flowFiles(p));
    else if (s?.isFile() && FLOW_FILE.test(name)) out.push(p);
  }
  return out;
}

/** a path relative to the cwd when it is below it, else absolute */
export function shownPath(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith("..") ? rel : file;
}

export interface FileError {
  message: string;
  path?: string;
  line?: number;
  column?: number;
  text?: string;
}

/** `<file>:<line>:<column>: <path>: <message>` then the offending line and a caret */
export function formatError(file: string, source: string, e: FileError): string[] {
  const where = e.line ? `${file}:${e.line}:${e.column ?? 1}` : file;
  const lines = [`${where}: ${e.path ? `${e.path}: ` : ""}${e.message}`];
  const text = e.line ? source.split(/\r?\n/)[e.line - 1] : undefined;
  if (text !== undefined) {
    const gutter = String(e.line);
    lines.push(`  ${gutter} | ${text}`);
    lines.push(`  ${" ".repeat(gutter.length)} | ${" ".repeat(Math.max(0, (e.column ?? 1) - 1))}^`);
  } else if (e.text) {
    lines.push(`  ${e.text}`);
  }
  return lines;
}

export function validateCommand(args: string[], io: CliIo): number {
  const { values, positionals } = parse("validate", args, {}, true);
  if (values.help) {
    io.out(VALIDATE_HELP);
    return 0;
  }
  if (positionals.length === 0)
    throw new UsageError("perch validate: give at least one FILE or DIR (see 'perch validate --help')");
  let failed = false;
  for (const arg of positionals) {
    const target = resolve(io.cwd, arg);
    const s = statSync(target, { throwIfNoEntry: false });
    if (!s) {
      io.err(`${arg}: no such file or folder`);
      failed = true;
      continue;
    }
    const files = s.isDirectory() ? flowFiles(target) : [target];
    if (s.isDirectory() && files.length === 0) io.err(`${arg}: no *.yml or *.yaml file`);
    for (const file of files) {
      const shown = shownPath(io.cwd, file);
      let source: string;
      try {
        source = readFileSync(file, "utf8");
      } catch (e) {
        io.err(`${shown}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
        failed = true;
        continue;
      }
      const { errors } = parseFlow(source);
      if (errors.length === 0) {
        io.out(`ok ${shown}`);
        continue;
      }
      failed = true;
      for (const e of errors) for (const line of formatError(shown, source, e)) io.out(line);
    }
  }
  return failed ? 1 : 0;
}
