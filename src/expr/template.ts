/** Compiled templates and expressions, cached by source, and the render entry points. */
import { Lru } from "./cache.ts";
import { compile } from "./compile-expr.ts";
import { compileFlat, compileTemplate, type Produce, type Run } from "./compile-template.ts";
import { at, ExprError, wrapError } from "./errors.ts";
import { lexExpr } from "./lexer.ts";
import { DEFAULT_LIMITS, resolveLimits } from "./limits.ts";
import { ExprParser } from "./parser.ts";
import { State } from "./runtime.ts";
import { parseTemplateAst } from "./template-parser.ts";
import type { Limits, RenderOptions } from "./types.ts";

/** a template parsed and compiled once; render it any number of times */
export interface Template {
  readonly source: string;
  /** renders to text (maps and lists as compact JSON, null as '') */
  render(context: object, options?: RenderOptions): string;
}

/** a bare expression parsed and compiled once */
export interface Expression {
  readonly source: string;
  /** evaluates to a typed value */
  evaluate(context: object, options?: RenderOptions): unknown;
}

/** larger sources are compiled each time rather than pinned in the cache */
const MAX_CACHED_LENGTH = 64 * 1024;
const templates = new Lru<string, CompiledTemplate>(1000);
const expressions = new Lru<string, CompiledExpression>(1000);

function checkSource(source: unknown, limits: Limits): string {
  if (typeof source !== "string") throw new ExprError("TYPE", `A template must be a text, not ${typeof source}`);
  if (source.length > limits.maxSourceLength) {
    throw new ExprError("LIMIT", `Template longer than ${limits.maxSourceLength} characters`, source, 0);
  }
  return source;
}

function cacheKey(source: string, limits: Limits): string {
  return limits.maxDepth === DEFAULT_LIMITS.maxDepth ? source : `${limits.maxDepth}\u0000${source}`;
}

function unexpected(e: unknown, source: string): ExprError {
  return wrapError(e, "INTERNAL", "Unexpected error: ", source, 0);
}

/** the limits of `options`: the frozen defaults, not a copy, when none are given (the hot path) */
function limitsOf(options: RenderOptions | undefined): Limits {
  return options === undefined || options.limits === undefined ? DEFAULT_LIMITS : resolveLimits(options);
}

function rootOf(context: object): Record<string, unknown> {
  if (typeof context !== "object" || context === null) return {};
  return context as Record<string, unknown>;
}

function nested(source: string, parent: State): string {
  const limits = parent.limits;
  if (parent.depth + 1 > limits.maxDepth) {
    throw new ExprError("LIMIT", `Nested renders deeper than ${limits.maxDepth}`, parent.source, 0);
  }
  if (!source.includes("{")) return source;
  const t = getTemplate(checkSource(source, limits), limits);
  const s = new State(parent.root, parent.options, limits, source, nested);
  s.ticks = parent.ticks;
  s.started = parent.started;
  s.depth = parent.depth + 1;
  try {
    if (t.flat) s.out = t.flat(s);
    else t.run(s);
  } finally {
    parent.ticks = s.ticks;
    if (parent.started === 0) parent.started = s.started;
  }
  parent.checkTime();
  return s.out;
}

const EMPTY: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;
/**
 * one State for the next top-level render, when the last one handed no EvalEnv out (nothing outside the engine can
 * hold it); taken (set to undefined) while in use, so re-entrant renders allocate their own
 */
let spare: State | undefined;

class CompiledTemplate implements Template {
  /** `run` for templates with tags; `flat` (returns the text) for those made of texts and `{{ }}` only */
  constructor(
    readonly source: string,
    readonly run: Run,
    readonly flat: Produce | undefined,
  ) {}

  render(context: object, options?: RenderOptions): string {
    return this.renderWith(context, options, limitsOf(options));
  }

  renderWith(context: object, options: RenderOptions | undefined, limits: Limits): string {
    let s = spare;
    if (s === undefined) s = new State(rootOf(context), options, limits, this.source, nested);
    else {
      spare = undefined;
      s.reuse(rootOf(context), options, limits, this.source);
    }
    try {
      if (this.flat !== undefined) return this.flat(s);
      this.run(s);
      return s.out;
    } catch (e) {
      throw unexpected(e, this.source);
    } finally {
      if (s.reusable) {
        s.root = EMPTY; // the context is not kept alive by the spare
        s.options = undefined;
        spare = s;
      }
    }
  }
}

class CompiledExpression implements Expression {
  constructor(
    readonly source: string,
    readonly ev: (s: State) => unknown,
  ) {}

  evaluate(context: object, options?: RenderOptions): unknown {
    const s = new State(rootOf(context), options, limitsOf(options), this.source, nested);
    try {
      return this.ev(s);
    } catch (e) {
      throw unexpected(e, this.source);
    }
  }
}

function compileSource(source: string, maxDepth: number): CompiledTemplate {
  try {
    const ast = parseTemplateAst(source, maxDepth);
    const flat = compileFlat(ast, source, maxDepth);
    const run: Run = flat ? (s) => s.write(flat(s), 0) : compileTemplate(ast, source, maxDepth);
    return new CompiledTemplate(source, run, flat);
  } catch (e) {
    throw unexpected(e, source);
  }
}

function getTemplate(source: string, limits: Limits): CompiledTemplate {
  const key = cacheKey(source, limits);
  let t = templates.get(key);
  if (!t) {
    t = compileSource(source, limits.maxDepth);
    if (source.length <= MAX_CACHED_LENGTH) templates.set(key, t);
  }
  return t;
}

/** the template of the last hot-path render (a template compiled under the default limits) */
let last: CompiledTemplate = compileSource("{{ null }}", DEFAULT_LIMITS.maxDepth);

/**
 * Parses and compiles a template without rendering it (cached by source), for validation and reuse.
 *
 * @example
 * parseTemplate("{{ trigger.body.x | upper }}").render({ trigger: { body: { x: "a" } } }); // "A"
 * parseTemplate("{{ 1 + }}"); // throws ExprError SYNTAX at line 1, column 8
 * @throws {ExprError} SYNTAX, LIMIT, or FILTER/FUNCTION/TEST for an unknown name
 */
export function parseTemplate(source: string, options?: RenderOptions): Template {
  const limits = resolveLimits(options);
  return getTemplate(checkSource(source, limits), limits);
}

/**
 * Parses and compiles a bare expression (no braces), cached by source.
 *
 * @example
 * parseExpression("a.b ?? 'none'").evaluate({ a: {} }); // "none"
 */
export function parseExpression(source: string, options?: RenderOptions): Expression {
  const limits = resolveLimits(options);
  checkSource(source, limits);
  const key = cacheKey(source, limits);
  let e = expressions.get(key);
  if (!e) {
    try {
      const { toks } = lexExpr(source, 0, "");
      if (toks.length === 1) throw new ExprError("SYNTAX", `Empty expression${at(source, 0)}`, source, 0);
      const ast = new ExprParser(toks, source, limits.maxDepth).parseAll();
      e = new CompiledExpression(source, compile({ source, maxDepth: limits.maxDepth, macros: new Map() }, ast, 0).ev);
    } catch (err) {
      throw unexpected(err, source);
    }
    if (source.length <= MAX_CACHED_LENGTH) expressions.set(key, e);
  }
  return e;
}

/** renders a template to text; a text without `{` is returned untouched */
export function render(source: string, context: object, options?: RenderOptions): string {
  if (typeof source === "string") {
    if (options === undefined || options.limits === undefined) {
      // hot path: the template rendered last, or a cached one, under the default limits (cached sources are far
      // below maxSourceLength and contain `{`)
      if (source === last.source) return last.renderWith(context, options, DEFAULT_LIMITS);
      if (!source.includes("{")) return source;
      const t = templates.get(source);
      if (t !== undefined) {
        last = t;
        return t.renderWith(context, options, DEFAULT_LIMITS);
      }
    } else if (!source.includes("{")) return source;
  }
  const limits = limitsOf(options);
  return getTemplate(checkSource(source, limits), limits).renderWith(context, options, limits);
}
