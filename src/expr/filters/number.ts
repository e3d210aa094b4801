import { type FilterDef, EvalFailure } from "../types.ts";
import { kindOf } from "./shared.ts";

const INTEGRAL = new Set(["INT", "INTEGER", "LONG", "BIGINTEGER", "SHORT", "BYTE"]);
const DECIMAL = new Set(["FLOAT", "DOUBLE", "BIGDECIMAL"]);

/**
 * Text → number. Types: INT, LONG, BIGINTEGER (integers only), FLOAT, DOUBLE, BIGDECIMAL, or none (integer when the
 * text is integral, else decimal). @example {{ "42" | number + 1 }} → 43
 */
export const number: FilterDef = {
  name: "number",
  params: ["type"],
  apply(input, args) {
    if (input === null || input === undefined) return null;
    const type = args.type === undefined || args.type === null ? undefined : String(args.type).toUpperCase();
    if (type !== undefined && !INTEGRAL.has(type) && !DECIMAL.has(type)) {
      throw new EvalFailure(
        `number: unknown type '${String(args.type)}' (INT, FLOAT, LONG, DOUBLE, BIGDECIMAL, BIGINTEGER)`,
      );
    }
    let n: number;
    if (typeof input === "number") n = input;
    else if (typeof input === "string") {
      const text = input.trim();
      const ok =
        type && INTEGRAL.has(type)
          ? /^[+-]?\d+$/.test(text)
          : /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) || /^0x[0-9a-f]+$/i.test(text);
      if (!ok) throw new EvalFailure(`number: cannot read '${input}' as ${type ?? "a number"}`);
      n = Number(text);
    } else throw new EvalFailure(`number: expects text or a number, got ${kindOf(input)}`);
    if (type && INTEGRAL.has(type)) return Math.trunc(n);
    return n;
  },
};
