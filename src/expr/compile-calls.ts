/** Compiles filter, test, function and macro calls: names resolved at compile time against the registries. */
import type { Arg, Expr } from "./ast.ts";
import { type CompileCtx, type Compiled, compile, type Ev, fail } from "./compile-expr.ts";
import { wrapError } from "./errors.ts";
import { findFilter, findFunction, findTest } from "./registry.ts";
import type { State } from "./runtime.ts";
import type { Args } from "./types.ts";

/** positional arguments map onto `params` in order (extra ones by index), named ones by name */
export function compileArgs(
  ctx: CompileCtx,
  args: Arg[],
  params: string[],
  what: string,
  d: number,
): (s: State) => Args {
  const names: string[] = [];
  const evs: Ev[] = [];
  args.forEach((a, i) => {
    const name = a.name ?? params[i] ?? String(i);
    if (names.includes(name)) throw fail(ctx, "SYNTAX", `Argument \`${name}\` of ${what} given twice`, a.value.p);
    names.push(name);
    evs.push(compile(ctx, a.value, d).ev);
  });
  return (s) => {
    const out: Args = Object.create(null);
    for (let i = 0; i < names.length; i++) out[names[i]!] = evs[i]!(s);
    return out;
  };
}

export function filter(ctx: CompileCtx, e: Extract<Expr, { k: "filter" }>, d: number): Compiled {
  const def = findFilter(e.name);
  if (!def) throw fail(ctx, "FILTER", `Unknown filter \`${e.name}\``, e.p);
  const input = compile(ctx, e.input, d, e.name === "default" ? "soft" : "strict").ev;
  const args = compileArgs(ctx, e.args, def.params, `filter \`${e.name}\``, d);
  const { source } = ctx;
  const prefix = `Filter \`${e.name}\`: `;
  return {
    ev: (s) => {
      const v = input(s);
      const a = args(s);
      try {
        s.pace(e.p);
        return def.apply(v === undefined ? null : v, a, s.env);
      } catch (err) {
        throw wrapError(err, "FILTER", prefix, source, e.p);
      }
    },
    dec: false,
  };
}

export function test(ctx: CompileCtx, e: Extract<Expr, { k: "test" }>, d: number): Compiled {
  const def = findTest(e.name);
  if (!def) throw fail(ctx, "TEST", `Unknown test \`${e.name}\``, e.p);
  const input = compile(ctx, e.input, d, e.name === "defined" ? "last" : "strict").ev;
  const args = compileArgs(ctx, e.args, def.params, `test \`${e.name}\``, d);
  const { source, neg } = { source: ctx.source, neg: e.neg };
  return {
    ev: (s) => {
      const v = input(s);
      const a = args(s);
      try {
        return def.test(v, a, s.env) !== neg;
      } catch (err) {
        throw wrapError(err, "TEST", `Test \`${e.name}\`: `, source, e.p);
      }
    },
    dec: false,
  };
}

export function call(ctx: CompileCtx, e: Extract<Expr, { k: "call" }>, d: number): Compiled {
  const macro = ctx.macros.get(e.name);
  if (macro) {
    const args = compileArgs(ctx, e.args, macro.params, `macro \`${e.name}\``, d);
    return { ev: (s) => macro.call(s, args(s), e.p), dec: false };
  }
  const def = findFunction(e.name);
  if (!def) throw fail(ctx, "FUNCTION", `Unknown function \`${e.name}\``, e.p);
  const args = compileArgs(ctx, e.args, def.params, `function \`${e.name}\``, d);
  const { source } = ctx;
  return {
    ev: (s) => {
      const a = args(s);
      try {
        s.pace(e.p);
        return def.call(a, s.env);
      } catch (err) {
        throw wrapError(err, "FUNCTION", `Function \`${e.name}\`: `, source, e.p);
      }
    },
    dec: false,
  };
}
