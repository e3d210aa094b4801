/**
 * perch's Pebble dialect (Kestra flavour): templates with `{{ }}`, `{% %}`, `{# #}`, a sandboxed tree-walking
 * interpreter compiled to closures, strict variables, limits. Filters, functions and tests come from the
 * registries under filters/, functions/ and tests/.
 *
 * Decisions (see also precedence.ts, values.ts, limits.ts):
 * - Numbers are JS numbers. A literal with a fraction (`1.0`) is a decimal: arithmetic with a decimal side stays
 *   decimal and `{{ }}` prints it like Java's Double.toString (`1.0`, `3.5`, `1.0E7`). Otherwise integers print
 *   as digits and `/` of two integers truncates toward zero (7 / 2 = 3); `/ 0` and `% 0` on integers are TYPE errors.
 *   Numbers from the context are integers when Number.isInteger (JSON 1.0 is 1).
 * - `==` compares numbers numerically, strings by value, lists and maps deeply, with no coercion (1 != '1').
 *   `< <= > >=` take two numbers or two strings (Kestra's string comparison); anything else is a TYPE error.
 * - Truthiness in `if`, `and`, `or`, `not`, `?:`: booleans, non-zero numbers, non-empty collections, and texts
 *   that isTruthy accepts; null is false.
 * - Strict variables; `??`, `???`, `is defined` and the `default` filter read missing values softly.
 * - Macros see only their arguments; `render()` (env.renderTemplate) sees the root context and shares the budget.
 */
import { setOwn } from "./access.ts";
import { ExprError } from "./errors.ts";
import { resolveLimits } from "./limits.ts";
import { parseExpression, render } from "./template.ts";
import type { RenderOptions } from "./types.ts";

export { FORBIDDEN } from "./access.ts";
export { ExprError, type ExprErrorCode } from "./errors.ts";
export { DEFAULT_LIMITS } from "./limits.ts";
export { type Expression, parseExpression, parseTemplate, type Template } from "./template.ts";
export type { Args, EvalEnv, FilterDef, FunctionDef, Limits, RenderOptions, TestDef } from "./types.ts";
export { EvalFailure } from "./types.ts";
export { isTruthy, toText } from "./values.ts";

/**
 * Renders a template to text. Output typing (Kestra): maps and lists print as compact JSON, numbers and booleans
 * as text, null as empty text. A text without `{` is returned untouched, without parsing.
 *
 * @example
 * renderTemplate("Hello {{ trigger.body.name | upper }}", { trigger: { body: { name: "ann" } } }); // "Hello ANN"
 * @throws {ExprError} with code, line, column and frame
 */
export function renderTemplate(source: string, context: object, options?: RenderOptions): string {
  return render(source, context, options);
}

/**
 * Renders every text inside maps and lists (keys too); other values keep their type.
 *
 * @example
 * renderValue({ code: 202, "{{ k }}": ["{{ v }}"] }, { k: "a", v: 1 }); // { code: 202, a: ["1"] }
 */
export function renderValue(value: unknown, context: object, options?: RenderOptions): unknown {
  const maxDepth = resolveLimits(options).maxDepth * 4;
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === "string") return render(v, context, options);
    if (typeof v !== "object" || v === null) return v;
    if (depth > maxDepth) throw new ExprError("LIMIT", `Value nested deeper than ${maxDepth}`);
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) setOwn(out, render(k, context, options), walk(x, depth + 1));
    return out;
  };
  return walk(value, 0);
}

/**
 * Evaluates a bare expression (no braces) to a typed value.
 *
 * @example
 * evaluateExpression("trigger.body.count + 1", { trigger: { body: { count: 2 } } }); // 3
 * evaluateExpression("inputs.x ?? 'none'", { inputs: {} }); // "none"
 */
export function evaluateExpression(source: string, context: object, options?: RenderOptions): unknown {
  return parseExpression(source, options).evaluate(context, options);
}
