import type { FilterDef } from "../types.ts";
import { isMap } from "./shared.ts";

/** Length of a text, list or map (null → 0). @example {{ "abc" | length }} → 3 */
export const length: FilterDef = {
  name: "length",
  params: [],
  apply(input) {
    if (typeof input === "string" || Array.isArray(input)) return input.length;
    if (isMap(input)) return Object.keys(input).length;
    return 0;
  },
};
