/** Compiles template statements to closures that append to the state's output. */
import { FORBIDDEN } from "./access.ts";
import type { FilterCall, Macro, Stmt, TemplateAst } from "./ast.ts";
import { compileArgs } from "./compile-calls.ts";
import { type CompileCtx, compile, type Ev, type MacroCall } from "./compile-expr.ts";
import { at, ExprError, wrapError } from "./errors.ts";
import { atom, pathOf, readPath } from "./paths.ts";
import { findFilter } from "./registry.ts";
import { newScope, setVar, type State } from "./runtime.ts";
import { formatNumber, isMap, toText, truthy, typeName } from "./values.ts";

export type Run = (s: State) => void;
/** a template (or a part) that returns its text instead of writing it */
export type Produce = (s: State) => string;

function checkName(ctx: CompileCtx, name: string, p: number): void {
  if (FORBIDDEN.has(name) || name === "loop" || name === "true" || name === "false" || name === "null") {
    throw new ExprError("SYNTAX", `Cannot assign \`${name}\`${at(ctx.source, p)}`, ctx.source, p);
  }
}

function seq(runs: Run[]): Run {
  if (runs.length === 0) return () => {};
  if (runs.length === 1) return runs[0]!;
  return (s) => {
    for (let i = 0; i < runs.length; i++) runs[i]!(s);
  };
}

function body(ctx: CompileCtx, stmts: Stmt[]): Run {
  const runs: Run[] = [];
  for (let i = 0; i < stmts.length; ) {
    let j = i;
    while (j < stmts.length && (stmts[j]!.k === "text" || stmts[j]!.k === "out")) j++;
    if (j - i >= 2) {
      runs.push(texts(ctx, stmts.slice(i, j) as TextOrOut[]));
      i = j;
    } else runs.push(stmt(ctx, stmts[i++]!));
  }
  return seq(runs);
}

type TextOrOut = Extract<Stmt, { k: "text" | "out" }>;

/**
 * A run of texts and `{{ }}` (most of a template): each `{{ }}` with the text before it as one closure, reading
 * `{{ a.b.c }}` in place. Same output, errors and output limit as one statement each.
 */
function texts(ctx: CompileCtx, stmts: TextOrOut[]): Run {
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

/** items of a `for`: [key, value] pairs; null iterates nothing */
function pairs(v: unknown, p: number, ctx: CompileCtx): [unknown, unknown][] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v.map((x, i) => [i, x]);
  if (v instanceof Set) return [...v].map((x, i) => [i, x]);
  if (isMap(v)) return v instanceof Map ? [...v] : Object.entries(v);
  throw new ExprError("TYPE", `Cannot iterate over a ${typeName(v)}${at(ctx.source, p)}`, ctx.source, p);
}

const LOOP = atom("loop");

function forLoop(ctx: CompileCtx, st: Extract<Stmt, { k: "for" }>): Run {
  if (st.key !== undefined) checkName(ctx, st.key, st.p);
  checkName(ctx, st.val, st.p);
  const iter = compile(ctx, st.iter, 0).ev;
  const run = body(ctx, st.body);
  const otherwise = st.otherwise ? body(ctx, st.otherwise) : undefined;
  const { p } = st;
  const key = st.key === undefined ? undefined : atom(st.key);
  const val = atom(st.val);
  return (s) => {
    const coll = iter(s);
    const list = Array.isArray(coll) ? coll : undefined;
    const items = list ? undefined : pairs(coll, p, ctx);
    const length = list ? list.length : items!.length;
    if (length === 0) {
      otherwise?.(s);
      return;
    }
    const isMapLoop = !list && !(coll instanceof Set);
    const vars = new Map<string, unknown>();
    // one `loop` map per loop, updated each iteration (as Pebble does)
    const loop = { index: 0, first: true, last: false, length, revindex: 0 };
    const scope = newScope(vars, s.scope);
    scope.k1 = LOOP;
    scope.v1 = loop;
    scope.k2 = val;
    s.scope = scope;
    try {
      for (let i = 0; i < length; i++) {
        s.tick(1, p);
        const k = list ? i : items![i]![0];
        const v = list ? list[i] : items![i]![1];
        if (key !== undefined) {
          if (key !== val) vars.set(key, k);
          scope.v2 = v;
        } else scope.v2 = isMapLoop ? { key: k, value: v } : v;
        loop.index = i;
        loop.first = i === 0;
        loop.last = i === length - 1;
        loop.revindex = length - i - 1;
        run(s);
      }
    } finally {
      s.scope = scope.parent;
    }
  };
}

function filterBlock(ctx: CompileCtx, st: Extract<Stmt, { k: "filter" }>): Run {
  const run = body(ctx, st.body);
  const chain = st.filters.map((f: FilterCall) => {
    const def = findFilter(f.name);
    if (!def) throw new ExprError("FILTER", `Unknown filter \`${f.name}\`${at(ctx.source, f.p)}`, ctx.source, f.p);
    return { def, args: compileArgs(ctx, f.args, def.params, `filter \`${f.name}\``, 0), p: f.p };
  });
  return (s) => {
    const saved = s.out;
    s.out = "";
    let v: unknown;
    try {
      run(s);
      v = s.out;
    } finally {
      s.out = saved;
    }
    for (const f of chain) {
      const a = f.args(s);
      try {
        s.pace(f.p);
        v = f.def.apply(v, a, s.env);
      } catch (err) {
        throw wrapError(err, "FILTER", `Filter \`${f.def.name}\`: `, ctx.source, f.p);
      }
    }
    s.write(toText(v), st.p);
  };
}

function tooLong(s: State, p: number): ExprError {
  const max = s.limits.maxOutputLength;
  return new ExprError("LIMIT", `Output longer than ${max} characters${at(s.source, p)}`, s.source, p);
}

/**
 * `{{ e }}`: `Produce` returns the text (a template of one `{{ }}`: checks the output limit itself), `Run` writes
 * it. One closure per statement, reading `a.b.c` directly (the hot path of most templates).
 */
function output(ctx: CompileCtx, st: Extract<Stmt, { k: "out" }>, as: "produce"): Produce;
function output(ctx: CompileCtx, st: Extract<Stmt, { k: "out" }>, as: "run"): Run;
function output(ctx: CompileCtx, st: Extract<Stmt, { k: "out" }>, as: "produce" | "run"): Produce | Run {
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

function stmt(ctx: CompileCtx, st: Stmt): Run {
  switch (st.k) {
    case "text": {
      const v = st.v;
      return (s) => s.write(v, 0);
    }
    case "out":
      return output(ctx, st, "run");
    case "if": {
      const conds: Ev[] = st.branches.map((b) => compile(ctx, b.cond, 0).ev);
      const runs = st.branches.map((b) => body(ctx, b.body));
      const otherwise = st.otherwise ? body(ctx, st.otherwise) : undefined;
      if (conds.length === 1) {
        const cond = conds[0]!;
        const run = runs[0]!;
        return (s) => {
          const c = cond(s);
          if (c === true || (c !== false && truthy(c))) run(s);
          else otherwise?.(s);
        };
      }
      return (s) => {
        for (let i = 0; i < conds.length; i++) {
          if (truthy(conds[i]!(s))) return runs[i]!(s);
        }
        otherwise?.(s);
      };
    }
    case "for":
      return forLoop(ctx, st);
    case "set": {
      checkName(ctx, st.name, st.p);
      const ev = compile(ctx, st.e, 0).ev;
      const name = atom(st.name);
      return (s) => {
        const v = ev(s);
        if (s.scope === null) s.scope = newScope(new Map(), null);
        setVar(s.scope, name, v);
      };
    }
    case "filter":
      return filterBlock(ctx, st);
    case "block":
      return body(ctx, st.body);
  }
}

function macroCall(ctx: CompileCtx, m: Macro, holder: { run: Run }): MacroCall {
  for (const prm of m.params) checkName(ctx, prm.name, m.p);
  const defaults = m.params.map((prm) => (prm.def ? compile(ctx, prm.def, 0).ev : undefined));
  return (s, args, offset) => {
    if (s.depth + 1 > ctx.maxDepth) {
      throw new ExprError(
        "LIMIT",
        `Macro calls nested deeper than ${ctx.maxDepth}${at(ctx.source, offset)}`,
        ctx.source,
        offset,
      );
    }
    const vars = new Map<string, unknown>();
    m.params.forEach((prm, i) => {
      const given = Object.hasOwn(args, prm.name) ? args[prm.name] : undefined;
      vars.set(prm.name, given !== undefined ? given : defaults[i] ? defaults[i]!(s) : null);
    });
    s.tick(1, offset);
    const saved = { out: s.out, scope: s.scope, isolated: s.isolated };
    s.depth++;
    s.out = "";
    s.scope = newScope(vars, null);
    s.isolated = true;
    try {
      holder.run(s);
      return s.out;
    } finally {
      s.depth--;
      s.out = saved.out;
      s.scope = saved.scope;
      s.isolated = saved.isolated;
    }
  };
}

/** compiles a parsed template; macros first so that calls resolve by name */
export function compileTemplate(ast: TemplateAst, source: string, maxDepth: number): Run {
  const ctx: CompileCtx = { source, maxDepth, macros: new Map() };
  const holders = new Map<string, { run: Run }>();
  for (const m of ast.macros.values()) {
    const holder: { run: Run } = { run: () => {} };
    holders.set(m.name, holder);
    ctx.macros.set(m.name, { params: m.params.map((x) => x.name), call: macroCall(ctx, m, holder) });
  }
  for (const m of ast.macros.values()) holders.get(m.name)!.run = body(ctx, m.body);
  return body(ctx, ast.body);
}
