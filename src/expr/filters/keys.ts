import type { FilterDef } from "../types.ts";
import { requireMap } from "./shared.ts";

/** Keys of a map, in order. @example {{ {"a":1,"b":2} | keys }} → ["a","b"] */
export const keys: FilterDef = {
  name: "keys",
  params: [],
  apply(input) {
    if (input === null || input === undefined) return null;
    return Object.keys(requireMap(input, "keys"));
  },
};
