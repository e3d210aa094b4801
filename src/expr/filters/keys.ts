import type { FilterDef } from "../types.ts";
import { requireMap } from "./shared.ts";

/** Keys of a map, in order (indexes for a list). @example {{ {"a":1,"b":2} | keys }} → ["a","b"] */
export const keys: FilterDef = {
  name: "keys",
  params: [],
  apply(input) {
    if (input === null || input === undefined) return null;
    if (Array.isArray(input)) return input.map((_v, i) => i);
    return Object.keys(requireMap(input, "keys"));
  },
};
