import { type FilterDef, EvalFailure } from "../types.ts";
import { intArg, requireText } from "./shared.ts";

/** Shortens text to `length` characters ending in "..." (Pebble). @example {{ "this is long" | abbreviate(7) }} → "this..." */
export const abbreviate: FilterDef = {
  name: "abbreviate",
  params: ["length"],
  apply(input, args) {
    if (input === null || input === undefined) return null;
    const value = requireText(input, "abbreviate");
    const max = intArg(args.length, "abbreviate", "length");
    if (max < 0) throw new EvalFailure("abbreviate: the argument 'length' must not be negative");
    if (value.length < max || value.length <= 3) return value;
    return `${value.substring(0, Math.max(0, max - 3))}...`;
  },
};
