/**
 * Contracts between the expression core (lexer, parser, evaluator) and the filters, functions and tests
 * that live one per file under filters/, functions/ and tests/.
 */

/** Options a caller may pass to renderTemplate / renderValue / evaluateExpression. */
export interface RenderOptions {
  /** injected clock (tests); default `() => new Date()` */
  now?: () => Date;
  /** IANA zone used by date filters and now() when none is given; default the system's */
  timeZone?: string;
  /** environment used by secret() (`SECRET_<KEY>`, base64); default process.env */
  env?: Record<string, string | undefined>;
  /** overrides of the default limits */
  limits?: Partial<Limits>;
}

export interface Limits {
  /** characters of one template source */
  maxSourceLength: number;
  /** nesting depth of expressions and tags */
  maxDepth: number;
  /** total loop iterations (for, ranges, filters that iterate) per render */
  maxIterations: number;
  /** characters produced by one render */
  maxOutputLength: number;
  /** wall time of one render, in milliseconds */
  maxMillis: number;
}

/** What a filter or a function receives besides its arguments. */
export interface EvalEnv {
  /** root variables of the render */
  readonly context: Record<string, unknown>;
  now(): Date;
  readonly timeZone: string;
  readonly env: Record<string, string | undefined>;
  /** renders `source` as a template with the current variables (render(), renderOnce()) */
  renderTemplate(source: string): string;
  /** counts `n` iterations against the per-render budget and checks the time limit; throws ExprError past it */
  tick(n?: number): void;
  /**
   * milliseconds left of the render's wall-time budget (limits.maxMillis), for work that must be bounded from
   * outside (jq runs in a worker stopped after this long); optional for hand-made environments
   */
  millisLeft?(): number;
}

/** Arguments by name: positional arguments are mapped onto `params` in order, named ones by name. */
export type Args = Record<string, unknown>;

export interface FilterDef {
  name: string;
  /** declared parameter names, in positional order */
  params: string[];
  /** @throws {EvalFailure} (or ExprError) with a message naming what is wrong */
  apply(input: unknown, args: Args, env: EvalEnv): unknown;
}

export interface FunctionDef {
  name: string;
  params: string[];
  call(args: Args, env: EvalEnv): unknown;
}

export interface TestDef {
  name: string;
  params: string[];
  test(input: unknown, args: Args, env: EvalEnv): boolean;
}

/**
 * Thrown by a filter, function or test for a bad argument or input; the evaluator turns it into an ExprError
 * carrying the line and column of the call.
 */
export class EvalFailure extends Error {
  /**
   * @param code the ExprError code to report instead of the call's (FILTER, FUNCTION, TEST): TIMEOUT when the work
   *   ran out of the render's time, LIMIT for a limit
   */
  constructor(
    message: string,
    readonly code?: "TIMEOUT" | "LIMIT",
  ) {
    super(message);
    this.name = "EvalFailure";
  }
}
