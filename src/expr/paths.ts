/**
 * Variables and `a.b.c` chains: names interned at compile time, lookup through the scopes then the root context,
 * and strict chains of literal keys read in one loop (the hot path of most templates).
 */
import { FORBIDDEN, getNamed } from "./access.ts";
import type { Expr } from "./ast.ts";
import type { CompileCtx, Mode } from "./compile-expr.ts";
import { undefinedError } from "./errors.ts";
import type { State } from "./runtime.ts";

const atoms = new Map<string, string>();

/**
 * One string object per variable name (names are slices of their sources): scope maps then compare keys by
 * identity. Compile time only; bounded.
 */
export function atom(name: string): string {
  const a = atoms.get(name);
  if (a !== undefined) return a;
  if (atoms.size < 10_000) atoms.set(name, name);
  return name;
}

/** variable lookup: scopes set by tags and macros first, then the root context (not inside a macro) */
export function lookup(s: State, name: string): unknown {
  for (let sc = s.scope; sc !== null; sc = sc.parent) {
    const v = sc.k1 === name ? sc.v1 : sc.k2 === name ? sc.v2 : sc.vars.get(name);
    if (v !== undefined) return v;
  }
  return s.isolated ? undefined : getNamed(s.root, name);
}

/** a strict chain `name.k1.k2…` of literal, allowed keys: read as one loop rather than one closure per step */
export interface Path {
  name: string;
  p: number;
  keys: string[];
  offsets: number[];
  source: string;
}

/**
 * The Path of `e` (a variable, or `a.b.c` with literal keys) in strict mode; undefined for other shapes, or when
 * the chain would pass maxDepth (compiled step by step, which reports it). `d` counts `e` itself.
 */
export function pathOf(ctx: CompileCtx, e: Expr, d: number, mode: Mode): Path | undefined {
  if (mode !== "strict") return undefined;
  const keys: string[] = [];
  const offsets: number[] = [];
  let x: Expr = e;
  while (x.k === "get") {
    const k = x.key;
    if (k.k !== "lit" || typeof k.v !== "string" || FORBIDDEN.has(k.v)) return undefined;
    keys.push(k.v);
    offsets.push(x.p);
    x = x.obj;
  }
  if (x.k !== "var" || FORBIDDEN.has(x.name) || d + keys.length > ctx.maxDepth) return undefined;
  keys.reverse();
  offsets.reverse();
  return { name: atom(x.name), p: x.p, keys: keys.map(atom), offsets, source: ctx.source };
}

/** reads a Path: the same lookups and UNDEFINED errors as the step-by-step form */
export function readPath(s: State, path: Path): unknown {
  let v = lookup(s, path.name);
  if (v === undefined) throw undefinedError(path.name, path.source, path.p);
  const keys = path.keys;
  for (let i = 0; i < keys.length; i++) {
    v = getNamed(v, keys[i]!);
    if (v === undefined) throw undefinedError(keys[i]!, path.source, path.offsets[i]!);
  }
  return v;
}
