import { type FilterDef, EvalFailure } from "../types.ts";
import { intArg, kindOf } from "./shared.ts";

/** Part of a list or text from `fromIndex` (default 0) to `toIndex` (exclusive, default the end). @example {{ "hello" | slice(1,3) }} → "el" */
export const slice: FilterDef = {
  name: "slice",
  params: ["fromIndex", "toIndex"],
  apply(input, args, env) {
    if (input === null || input === undefined) return null;
    if (typeof input !== "string" && !Array.isArray(input)) {
      throw new EvalFailure(`slice: expects a list or text, got ${kindOf(input)}`);
    }
    const from = intArg(args.fromIndex, "slice", "fromIndex", 0);
    const to = intArg(args.toIndex, "slice", "toIndex", input.length);
    if (from < 0) throw new EvalFailure(`slice: fromIndex must not be negative, got ${from}`);
    if (to > input.length) throw new EvalFailure(`slice: toIndex ${to} is greater than the length ${input.length}`);
    if (from > to) throw new EvalFailure(`slice: toIndex ${to} is smaller than fromIndex ${from}`);
    if (Array.isArray(input)) env.tick(to - from);
    return input.slice(from, to);
  },
};
