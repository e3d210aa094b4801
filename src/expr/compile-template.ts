/** Compiles template statements to closures that append to the state's output. */
import { FORBIDDEN } from "./access.ts";
import type { FilterCall, Macro, Stmt, TemplateAst } from "./ast.ts";
import { compileArgs } from "./compile-calls.ts";
import { type CompileCtx, compile, type Ev, type MacroCall } from "./compile-expr.ts";
import { at, ExprError, wrapError } from "./errors.ts";
import { atom } from "./paths.ts";
import { findFilter } from "./registry.ts";
import { newScope, setVar } from "./runtime.ts";
import { isMap, toText, truthy, typeName } from "./values.ts";

import { output, type Run, seq, type TextOrOut, texts } from "./compile-output.ts";

export { compileFlat, type Produce, type Run } from "./compile-output.ts";

function checkName(ctx: CompileCtx, name: string, p: number): void {
  if (FORBIDDEN.has(name) || name === "loop" || name === "true" || name === "false" || name === "null") {
    throw new ExprError("SYNTAX", `Cannot assign \`${name}\`${at(ctx.source, p)}`, ctx.source, p);
  }
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
