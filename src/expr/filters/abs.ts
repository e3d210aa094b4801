import { type FilterDef, EvalFailure } from "../types.ts";
import { kindOf } from "./shared.ts";

/** Absolute value of a number. @example {{ -7 | abs }} → 7 */
export const abs: FilterDef = {
  name: "abs",
  params: [],
  apply(input) {
    if (input === null || input === undefined) return null;
    const n = typeof input === "string" && input.trim() !== "" ? Number(input) : input;
    if (typeof n !== "number" || Number.isNaN(n)) throw new EvalFailure(`abs: expects a number, got ${kindOf(input)}`);
    return Math.abs(n);
  },
};
