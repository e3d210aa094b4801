/** Compiles texts and `{{ }}` (most of any template) to closures: one per `{{ }}`, with the text before it. */
import type { Stmt, TemplateAst } from "./ast.ts";
import { type CompileCtx, compile } from "./compile-expr.ts";
import { at, ExprError, wrapError } from "./errors.ts";
import { pathOf, readPath } from "./paths.ts";
import type { State } from "./runtime.ts";
import { formatNumber, toText } from "./values.ts";

export type Run = (s: State) => void;
/** a template (or a part) that returns its text instead of writing it */
export type Produce = (s: State) => string;

export function seq(runs: Run[]): Run {
  if (runs.length === 0) return () => {};
  if (runs.length === 1) return runs[0]!;
  return (s) => {
    for (let i = 0; i < runs.length; i++) runs[i]!(s);
  };
}

export type TextOrOut = Extract<Stmt, { k: "text" | "out" }>;

/**
 * A run of texts and `{{ }}` (most of a template): each `{{ }}` with the text before it as one closure, reading
 * `{{ a.b.c }}` in place. Same output, errors and output limit as one statement each.
 */
export function texts(ctx: CompileCtx, stmts: TextOrOut[]): Run {
  const runs: Run[] = [];
  let prefix = "";
  for (const st of stmts) {
    if (st.k === "text") {
      prefix += st.v;
      continue;
    }
    const before = prefix;
    prefix = "";
    const p = st.p;
    const path = pathOf(ctx, st.e, 1, "strict");
    if (path) {
      runs.push((s) => {
        const v = readPath(s, path);
        s.write2(before, typeof v === "string" ? v : typeof v === "number" ? formatNumber(v) : printPath(v, ctx, p), p);
      });
    } else {
      const out = output(ctx, st, "run");
      runs.push(
        before === ""
          ? out
          : (s) => {
              s.write(before, 0);
              out(s);
            },
      );
    }
  }
  if (prefix !== "") {
    const after = prefix;
    runs.push((s) => s.write(after, 0));
  }
  return seq(runs);
}

function printPath(v: unknown, ctx: CompileCtx, p: number): string {
  try {
    return toText(v);
  } catch (err) {
    throw wrapError(err, "TYPE", "Cannot print the value: ", ctx.source, p);
  }
}

function tooLong(s: State, p: number): ExprError {
  const max = s.limits.maxOutputLength;
  return new ExprError("LIMIT", `Output longer than ${max} characters${at(s.source, p)}`, s.source, p);
}

/**
 * `{{ e }}`: `Produce` returns the text (a template of one `{{ }}`: checks the output limit itself), `Run` writes
 * it. One closure per statement, reading `a.b.c` directly (the hot path of most templates).
 */
export function output(ctx: CompileCtx, st: Extract<Stmt, { k: "out" }>, as: "produce"): Produce;
export function output(ctx: CompileCtx, st: Extract<Stmt, { k: "out" }>, as: "run"): Run;
export function output(ctx: CompileCtx, st: Extract<Stmt, { k: "out" }>, as: "produce" | "run"): Produce | Run {
  const p = st.p;
  const path = pathOf(ctx, st.e, 1, "strict");
  const { ev, dec } = path ? { ev: undefined, dec: false } : compile(ctx, st.e, 0);
  const print = (v: unknown): string => {
    try {
      return toText(v, dec);
    } catch (err) {
      throw wrapError(err, "TYPE", "Cannot print the value: ", ctx.source, p);
    }
  };
  const text = (v: unknown): string =>
    typeof v === "string" ? v : typeof v === "number" ? formatNumber(v, dec) : print(v);
  if (as === "run") {
    if (path) return (s) => s.write(text(readPath(s, path)), p);
    return (s) => s.write(text(ev!(s)), p);
  }
  const bounded = (t: string, s: State): string => {
    if (t.length > s.limits.maxOutputLength) throw tooLong(s, p);
    return t;
  };
  if (path) return (s) => bounded(text(readPath(s, path)), s);
  return (s) => {
    const v = ev!(s);
    return typeof v === "boolean" ? (v ? "true" : "false") : bounded(text(v), s);
  };
}

/**
 * A template of one `{{ }}` (conditions, keys, most values) or one text as a function returning its text, with no
 * output buffer in the state; undefined for other templates. Same output and limits as `Run`.
 */
export function compileFlat(ast: TemplateAst, source: string, maxDepth: number): Produce | undefined {
  if (ast.macros.size > 0 || ast.body.length !== 1) return undefined;
  const only = ast.body[0]!;
  if (only.k === "out") return output({ source, maxDepth, macros: new Map() }, only, "produce");
  if (only.k !== "text") return undefined;
  const v = only.v;
  return (s) => {
    if (v.length > s.limits.maxOutputLength) throw tooLong(s, 0);
    return v;
  };
}
