import type { FilterDef } from "../types.ts";
import { requireMap } from "./shared.ts";

/** Values of a map, in key order. @example {{ {"a":1,"b":2} | values }} → [1,2] */
export const values: FilterDef = {
  name: "values",
  params: [],
  apply(input) {
    if (input === null || input === undefined) return null;
    return Object.values(requireMap(input, "values"));
  },
};
