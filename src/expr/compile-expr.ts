/** Compiles expression trees to closures `(state) => value` (no code generation). */
import { FORBIDDEN, getAttr, getNamed, setOwn } from "./access.ts";
import type { Expr } from "./ast.ts";
import { call, filter, test } from "./compile-calls.ts";
import { at, ExprError, type ExprErrorCode, undefinedError, wrapError } from "./errors.ts";
import * as ops from "./operators.ts";
import { atom, lookup, pathOf, readPath } from "./paths.ts";
import type { State } from "./runtime.ts";
import type { Args } from "./types.ts";
import { equals, toText, truthy } from "./values.ts";

export type Ev = (s: State) => unknown;

/** a compiled expression; `dec` when its number result is a decimal (prints `1.0`) */
export interface Compiled {
  ev: Ev;
  dec: boolean;
}

/** a macro as the compiler sees it: called with arguments by name */
export type MacroCall = (s: State, args: Args, offset: number) => string;

export interface CompileCtx {
  source: string;
  maxDepth: number;
  macros: Map<string, { params: string[]; call: MacroCall }>;
}

/** strict: missing is an error; soft: the whole access chain may be missing; last: only the last step */
export type Mode = "strict" | "soft" | "last";

function keyName(e: Expr): string {
  return e.k === "lit" ? String(e.v) : e.k === "var" ? e.name : "[…]";
}

export function fail(ctx: CompileCtx, code: ExprErrorCode, msg: string, p: number): ExprError {
  return new ExprError(code, `${msg}${at(ctx.source, p)}`, ctx.source, p);
}

function opError(ctx: CompileCtx, e: unknown, p: number): ExprError {
  return wrapError(e, e instanceof ops.OpError ? "TYPE" : "INTERNAL", "", ctx.source, p);
}

/** texts and lists built by operators are bounded like the output (doubling in a `set` must not eat memory) */
function sized(f: Ev, ctx: CompileCtx, p: number): Ev {
  return (s) => {
    const v = f(s);
    if ((typeof v === "string" || Array.isArray(v)) && v.length > 4096) {
      const max = typeof v === "string" ? s.limits.maxOutputLength : s.limits.maxIterations;
      if (v.length > max) throw fail(ctx, "LIMIT", `Value longer than ${max}`, p);
    }
    return v;
  };
}

/**
 * `x == literal` for a text, number, boolean or null literal: `equals` then reduces to `===` (no coercion, numbers
 * numerically, null equal to a missing value), without the call
 */
function scalarEquality(
  ctx: CompileCtx,
  other: Expr,
  lit: Expr,
  ev: Ev,
  d: number,
): ((s: State) => boolean) | undefined {
  if (lit.k !== "lit" || other.k === "lit") return undefined;
  const v = lit.v;
  const path = v === null ? undefined : pathOf(ctx, other, d + 1, "strict");
  if (path && (typeof v === "string" || typeof v === "number" || typeof v === "boolean")) {
    return (s) => readPath(s, path) === v;
  }
  if (v === null) {
    return (s) => {
      const x = ev(s);
      return x === null || x === undefined;
    };
  }
  if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") return undefined;
  return (s) => ev(s) === v;
}

function binary(ctx: CompileCtx, e: Extract<Expr, { k: "binary" }>, d: number, mode: Mode): Compiled {
  const { op, p } = e;
  if (op === "??" || op === "???") {
    const l = compile(ctx, e.l, d, "soft").ev;
    const r = compile(ctx, e.r, d, mode === "soft" ? "soft" : "strict");
    const nullToo = op === "??";
    return {
      ev: (s) => {
        const v = l(s);
        return v === undefined || (nullToo && v === null) ? r.ev(s) : v;
      },
      dec: r.dec,
    };
  }
  const L = compile(ctx, e.l, d);
  const R = compile(ctx, e.r, d);
  const l = L.ev;
  const r = R.ev;
  const dec = L.dec || R.dec;
  const guard =
    (f: (a: unknown, b: unknown) => unknown): Ev =>
    (s) => {
      const a = l(s);
      const b = r(s);
      try {
        return f(a, b);
      } catch (err) {
        throw opError(ctx, err, p);
      }
    };
  switch (op) {
    case "or":
      return { ev: (s) => truthy(l(s)) || truthy(r(s)), dec: false };
    case "and":
      return { ev: (s) => truthy(l(s)) && truthy(r(s)), dec: false };
    case "==":
    case "!=": {
      const neg = op === "!=";
      const same = scalarEquality(ctx, e.l, e.r, l, d) ?? scalarEquality(ctx, e.r, e.l, r, d);
      if (same) return { ev: neg ? (s) => !same(s) : same, dec: false };
      return { ev: neg ? (s) => !equals(l(s), r(s)) : (s) => equals(l(s), r(s)), dec: false };
    }
    case "<":
    case "<=":
    case ">":
    case ">=": {
      const slow = (a: unknown, b: unknown): boolean => {
        try {
          return ops.lessThan(op, a, b);
        } catch (err) {
          throw opError(ctx, err, p);
        }
      };
      // one closure per operator with the comparison inline; a number literal on the right is not re-evaluated
      const n = e.r.k === "lit" && typeof e.r.v === "number" ? e.r.v : undefined;
      if (n !== undefined) {
        const ev: Ev =
          op === "<"
            ? (s) => {
                const a = l(s);
                return typeof a === "number" ? a < n : slow(a, n);
              }
            : op === "<="
              ? (s) => {
                  const a = l(s);
                  return typeof a === "number" ? a <= n : slow(a, n);
                }
              : op === ">"
                ? (s) => {
                    const a = l(s);
                    return typeof a === "number" ? a > n : slow(a, n);
                  }
                : (s) => {
                    const a = l(s);
                    return typeof a === "number" ? a >= n : slow(a, n);
                  };
        return { ev, dec: false };
      }
      const ev: Ev =
        op === "<"
          ? (s) => {
              const a = l(s);
              const b = r(s);
              return typeof a === "number" && typeof b === "number" ? a < b : slow(a, b);
            }
          : op === "<="
            ? (s) => {
                const a = l(s);
                const b = r(s);
                return typeof a === "number" && typeof b === "number" ? a <= b : slow(a, b);
              }
            : op === ">"
              ? (s) => {
                  const a = l(s);
                  const b = r(s);
                  return typeof a === "number" && typeof b === "number" ? a > b : slow(a, b);
                }
              : (s) => {
                  const a = l(s);
                  const b = r(s);
                  return typeof a === "number" && typeof b === "number" ? a >= b : slow(a, b);
                };
      return { ev, dec: false };
    }
    case "+":
      return { ev: sized(guard(ops.add), ctx, p), dec };
    case "-":
      return { ev: guard(ops.subtract), dec };
    case "*":
      return { ev: guard(ops.multiply), dec };
    case "/":
      return { ev: guard((a, b) => ops.divide(a, b, dec)), dec };
    case "%":
      return { ev: guard((a, b) => ops.modulo(a, b, dec)), dec };
    case "~":
      return { ev: sized((s) => ops.concat(l(s), r(s)), ctx, p), dec: false };
    case "contains":
      return { ev: guard(ops.contains), dec: false };
    case "isIn":
    case "in":
      return { ev: guard(ops.isIn), dec: false };
    case "not in":
      return { ev: guard((a, b) => !ops.isIn(a, b)), dec: false };
    case "..":
      return {
        ev: (s) => {
          const a = l(s);
          const b = r(s);
          try {
            return ops.range(a, b, (n) => s.checkSize(n, p));
          } catch (err) {
            throw opError(ctx, err, p);
          }
        },
        dec: false,
      };
    default:
      throw fail(ctx, "SYNTAX", `Unknown operator \`${op}\``, p);
  }
}

function access(ctx: CompileCtx, e: Extract<Expr, { k: "get" }>, d: number, mode: Mode): Compiled {
  const fused = pathOf(ctx, e, d, mode);
  if (fused) return { ev: (s) => readPath(s, fused), dec: false };
  const obj = compile(ctx, e.obj, d, mode === "soft" ? "soft" : "strict").ev;
  const name = keyName(e.key);
  const { source } = ctx;
  const p = e.p;
  if (e.key.k === "lit") {
    const key = e.key.v;
    const get = typeof key === "string" && !FORBIDDEN.has(key) ? getNamed : getAttr;
    if (mode !== "strict") return { ev: (s) => get(obj(s), key as string), dec: false };
    return {
      ev: (s) => {
        const v = get(obj(s), key as string);
        if (v === undefined) throw undefinedError(name, source, p);
        return v;
      },
      dec: false,
    };
  }
  const key = compile(ctx, e.key, d).ev;
  return {
    ev: (s) => {
      const o = obj(s);
      const k = key(s);
      const v = getAttr(o, k);
      if (v === undefined && mode === "strict") throw undefinedError(String(k), source, p);
      return v;
    },
    dec: false,
  };
}

/** compiles `e`; `d` is the depth of the tree above it (bounded by maxDepth) */
export function compile(ctx: CompileCtx, e: Expr, d: number, mode: Mode = "strict"): Compiled {
  if (++d > ctx.maxDepth) throw fail(ctx, "LIMIT", `Expression nested deeper than ${ctx.maxDepth}`, e.p);
  switch (e.k) {
    case "lit": {
      const v = e.v;
      return { ev: () => v, dec: e.dec === true };
    }
    case "var": {
      const { p } = e;
      const name = atom(e.name);
      const { source } = ctx;
      if (FORBIDDEN.has(name)) {
        if (mode !== "strict") return { ev: () => undefined, dec: false };
        return {
          ev: () => {
            throw undefinedError(name, source, p);
          },
          dec: false,
        };
      }
      if (mode !== "soft") {
        return {
          ev: (s) => {
            const v = lookup(s, name);
            if (v === undefined && mode === "strict") throw undefinedError(name, source, p);
            return v;
          },
          dec: false,
        };
      }
      return { ev: (s) => lookup(s, name), dec: false };
    }
    case "get":
      return access(ctx, e, d, mode);
    case "interp": {
      const parts = e.parts.map((x) => (typeof x === "string" ? x : compile(ctx, x, d).ev));
      return {
        ev: (s) => {
          let out = "";
          for (const x of parts) out += typeof x === "string" ? x : toText(x(s));
          return out;
        },
        dec: false,
      };
    }
    case "list": {
      const items = e.items.map((x) => compile(ctx, x, d).ev);
      return { ev: (s) => items.map((f) => f(s)), dec: false };
    }
    case "map": {
      const entries = e.entries.map(([k, v]) => [compile(ctx, k, d).ev, compile(ctx, v, d).ev] as const);
      return {
        ev: (s) => {
          const out: Record<string, unknown> = {};
          for (const [k, v] of entries) setOwn(out, toText(k(s)), v(s));
          return out;
        },
        dec: false,
      };
    }
    case "unary": {
      const arg = compile(ctx, e.arg, d);
      const f = arg.ev;
      const p = e.p;
      if (e.op === "not") return { ev: (s) => !truthy(f(s)), dec: false };
      const op = e.op === "-" ? ops.negate : ops.plus;
      return {
        ev: (s) => {
          const v = f(s);
          try {
            return op(v);
          } catch (err) {
            throw opError(ctx, err, p);
          }
        },
        dec: arg.dec,
      };
    }
    case "binary":
      return binary(ctx, e, d, mode);
    case "ternary": {
      const c = compile(ctx, e.cond, d).ev;
      const y = compile(ctx, e.yes, d);
      const n = compile(ctx, e.no, d);
      return { ev: (s) => (truthy(c(s)) ? y.ev(s) : n.ev(s)), dec: y.dec && n.dec };
    }
    case "filter":
      return filter(ctx, e, d);
    case "test":
      return test(ctx, e, d);
    case "call":
      return call(ctx, e, d);
  }
}
