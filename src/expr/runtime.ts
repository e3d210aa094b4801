/** Per-render state: output, variable scopes, iteration/time budget, and the EvalEnv given to extensions. */
import { at, ExprError } from "./errors.ts";
import type { EvalEnv, Limits, RenderOptions } from "./types.ts";

/**
 * Variables of a tag or macro. A `for` keeps `loop` and its value variable in the two slots (read without a map
 * lookup); everything else, and `set`, in `vars` (a `set` of a slot's name writes the slot).
 */
export interface Scope {
  vars: Map<string, unknown>;
  parent: Scope | null;
  k1: string | undefined;
  v1: unknown;
  k2: string | undefined;
  v2: unknown;
}

export function newScope(vars: Map<string, unknown>, parent: Scope | null): Scope {
  return { vars, parent, k1: undefined, v1: undefined, k2: undefined, v2: undefined };
}

/** `set name = v` in the innermost scope */
export function setVar(scope: Scope, name: string, v: unknown): void {
  if (scope.k1 === name) scope.v1 = v;
  else if (scope.k2 === name) scope.v2 = v;
  else scope.vars.set(name, v);
}

/** renders a nested template with the state's budget (set by index.ts to avoid an import cycle) */
export type NestedRender = (source: string, state: State) => string;

export class State {
  out = "";
  scope: Scope | null = null;
  ticks = 0;
  calls = 0;
  depth = 0;
  /** inside a macro: the root context is not visible */
  isolated = false;
  started = 0;
  private envCache: EvalEnv | undefined = undefined;

  constructor(
    public root: Record<string, unknown>,
    public options: RenderOptions | undefined,
    public limits: Limits,
    public source: string,
    readonly nested: NestedRender,
  ) {}

  /**
   * A state no extension has seen (no EvalEnv was handed out) may serve another render: `reuse` sets it up as
   * new. Saves an allocation per render on the hot path (template.ts keeps one spare).
   */
  get reusable(): boolean {
    return this.envCache === undefined;
  }

  reuse(root: Record<string, unknown>, options: RenderOptions | undefined, limits: Limits, source: string): void {
    this.root = root;
    this.options = options;
    this.limits = limits;
    this.source = source;
    this.out = "";
    this.scope = null;
    this.ticks = 0;
    this.calls = 0;
    this.depth = 0;
    this.isolated = false;
    this.started = 0;
  }

  /** counts n iterations and checks the clock every so often */
  tick(n = 1, offset = 0): void {
    const before = this.ticks;
    this.ticks += n;
    if (this.ticks > this.limits.maxIterations) {
      throw new ExprError(
        "LIMIT",
        `Too many iterations: more than ${this.limits.maxIterations} in one render${at(this.source, offset)}`,
        this.source,
        offset,
      );
    }
    if (this.started === 0) this.started = Date.now();
    else if (before >>> 8 !== this.ticks >>> 8 || n > 1) this.checkTime(offset);
  }

  /** before each filter or function call: checks the clock every 64 calls (calls are not iterations) */
  pace(offset: number): void {
    if (this.started === 0) this.started = Date.now();
    else if ((++this.calls & 63) === 0) this.checkTime(offset);
  }

  /** a collection of n items is about to be built (ranges): bounded by the iterations left, not counted */
  checkSize(n: number, offset = 0): void {
    if (this.ticks + n > this.limits.maxIterations) {
      throw new ExprError(
        "LIMIT",
        `Too many items: ${n} would pass the limit of ${this.limits.maxIterations} iterations${at(this.source, offset)}`,
        this.source,
        offset,
      );
    }
  }

  checkTime(offset = 0): void {
    if (this.started === 0) {
      this.started = Date.now();
      return;
    }
    if (Date.now() - this.started > this.limits.maxMillis) {
      throw new ExprError(
        "TIMEOUT",
        `Rendering took longer than ${this.limits.maxMillis} ms${at(this.source, offset)}`,
        this.source,
        offset,
      );
    }
  }

  /** writes `before` then `text` (a text and the `{{ }}` after it), one limit check */
  write2(before: string, text: string, offset: number): void {
    this.out = this.out + before + text;
    if (this.out.length > this.limits.maxOutputLength) {
      throw new ExprError(
        "LIMIT",
        `Output longer than ${this.limits.maxOutputLength} characters${at(this.source, offset)}`,
        this.source,
        offset,
      );
    }
  }

  write(text: string, offset: number): void {
    this.out += text;
    if (this.out.length > this.limits.maxOutputLength) {
      throw new ExprError(
        "LIMIT",
        `Output longer than ${this.limits.maxOutputLength} characters${at(this.source, offset)}`,
        this.source,
        offset,
      );
    }
  }

  get env(): EvalEnv {
    this.envCache ??= new Env(this);
    return this.envCache;
  }
}

let systemZone: string | undefined;

/** the EvalEnv of one render, built on first use by a filter, function or test */
class Env implements EvalEnv {
  constructor(private readonly s: State) {}

  get context(): Record<string, unknown> {
    return this.s.root;
  }

  now(): Date {
    return this.s.options?.now?.() ?? new Date();
  }

  get timeZone(): string {
    const z = this.s.options?.timeZone;
    if (z) return z;
    systemZone ??= Intl.DateTimeFormat().resolvedOptions().timeZone;
    return systemZone;
  }

  get env(): Record<string, string | undefined> {
    return this.s.options?.env ?? process.env;
  }

  renderTemplate(source: string): string {
    return this.s.nested(source, this.s);
  }

  tick(n?: number): void {
    this.s.tick(n ?? 1);
  }

  millisLeft(): number {
    const s = this.s;
    if (s.started === 0) s.started = Date.now();
    return s.limits.maxMillis - (Date.now() - s.started);
  }
}
