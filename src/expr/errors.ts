/** The one error type of the expression engine: every failure a user can cause ends as an ExprError. */
import { codeFrame, lineColumn } from "../lib/code-frame.ts";
import { EvalFailure } from "./types.ts";

/**
 * SYNTAX (cannot parse), UNDEFINED (strict variables: missing variable or attribute, access on null),
 * TYPE (operator or tag on a value of the wrong type), FILTER / FUNCTION / TEST (unknown name, or the
 * filter/function/test failed), LIMIT (a limit of Limits was passed), TIMEOUT (wall time of a render passed),
 * INTERNAL (an unexpected error, wrapped).
 */
export type ExprErrorCode =
  | "SYNTAX"
  | "UNDEFINED"
  | "TYPE"
  | "FILTER"
  | "FUNCTION"
  | "TEST"
  | "LIMIT"
  | "TIMEOUT"
  | "INTERNAL";

/**
 * An expression or template error with its position in the source.
 *
 * @example
 * try { renderTemplate("{{ nope }}", {}); } catch (e) {
 *   if (e instanceof ExprError) console.log(e.code, e.line, e.column, "\n" + e.frame); // UNDEFINED 1 4
 * }
 */
export class ExprError extends Error {
  /** 1-based */
  readonly line: number;
  /** 1-based */
  readonly column: number;
  /** the source line with a caret under the column */
  readonly frame: string;

  constructor(
    readonly code: ExprErrorCode,
    message: string,
    source = "",
    offset = 0,
  ) {
    super(message);
    this.name = "ExprError";
    const { line, column } = lineColumn(source, offset);
    this.line = line;
    this.column = column;
    this.frame = codeFrame(source, line, column);
  }
}

/** message suffix " (line L, column C)" for a position */
export function at(source: string, offset: number): string {
  const { line, column } = lineColumn(source, offset);
  return ` (line ${line}, column ${column})`;
}

/** the template as it appears in a Kestra-style message, shortened when huge */
export function quoteSource(source: string): string {
  return source.length > 500 ? `${source.slice(0, 500)}…` : source;
}

/** Kestra's strict-variable message */
export function undefinedError(name: string, source: string, offset: number): ExprError {
  const { line } = lineColumn(source, offset);
  return new ExprError(
    "UNDEFINED",
    `Unable to find \`${name}\` used in the expression \`${quoteSource(source)}\` at line ${line}`,
    source,
    offset,
  );
}

/** turns anything thrown while evaluating into an ExprError (ExprError passes through untouched) */
export function wrapError(e: unknown, code: ExprErrorCode, prefix: string, source: string, offset: number): ExprError {
  if (e instanceof ExprError) return e;
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    return new ExprError(
      "LIMIT",
      `Expression too deeply nested (stack exhausted)${at(source, offset)}`,
      source,
      offset,
    );
  }
  const msg = e instanceof EvalFailure || e instanceof Error ? e.message : String(e);
  const c = e instanceof EvalFailure && e.code !== undefined ? e.code : code;
  return new ExprError(c, `${prefix}${msg}${at(source, offset)}`, source, offset);
}
