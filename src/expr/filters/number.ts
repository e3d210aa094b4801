import { type FilterDef, EvalFailure } from "../types.ts";
import { kindOf } from "./shared.ts";

const INTEGRAL = new Set(["INT", "LONG", "BIGINTEGER"]);
const INTEGER_TEXT = /^[+-]?(\d+|0[xX][0-9a-fA-F]+)$/;
const DECIMAL_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?$/;

/**
 * Text → number, as Kestra's NumberFilter: `type` INT, LONG, BIGINTEGER (integers only), FLOAT, DOUBLE, BIGDECIMAL;
 * any other or no type reads integers or decimals. A number input is kept (Kestra accepts only text).
 * @example {{ "42" | number + 1 }} → 43
 */
export const number: FilterDef = {
  name: "number",
  params: ["type"],
  apply(input, args) {
    if (input === null || input === undefined) return null;
    const type = typeof args.type === "string" ? args.type : "";
    if (typeof input === "number") return INTEGRAL.has(type) ? Math.trunc(input) : input;
    if (typeof input !== "string") throw new EvalFailure(`number: can only be applied to text, got ${kindOf(input)}`);
    const text = input.trim();
    const integral = INTEGER_TEXT.test(text);
    if (INTEGRAL.has(type) ? !integral : !integral && !DECIMAL_TEXT.test(text)) {
      throw new EvalFailure(`number: cannot read '${input}' as ${type || "a number"}`);
    }
    const n = integral && /0x/i.test(text) ? Number.parseInt(text, 16) : Number(text.replace(/[dDfF]$/, ""));
    return n;
  },
};
