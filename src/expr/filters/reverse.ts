import type { FilterDef } from "../types.ts";
import { kindOf } from "./shared.ts";
import { EvalFailure } from "../types.ts";

/** Reverses a list or a text. @example {{ [1,2,3] | reverse }} → [3,2,1] */
export const reverse: FilterDef = {
  name: "reverse",
  params: [],
  apply(input, _args, env) {
    if (input === null || input === undefined) return null;
    if (Array.isArray(input)) {
      env.tick(input.length);
      return [...input].reverse();
    }
    if (typeof input === "string") return [...input].reverse().join("");
    throw new EvalFailure(`reverse: expects a list or text, got ${kindOf(input)}`);
  },
};
