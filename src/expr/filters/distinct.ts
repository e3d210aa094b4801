import type { FilterDef } from "../types.ts";
import { equalityKey, requireList } from "./shared.ts";

/** Removes duplicates, keeping the first of each (deep equality). @example {{ [1,2,1] | distinct }} → [1,2] */
export const distinct: FilterDef = {
  name: "distinct",
  params: [],
  apply(input, _args, env) {
    if (input === null || input === undefined) return null;
    const list = requireList(input, "distinct");
    env.tick(list.length);
    const seen = new Set<string>();
    return list.filter((v) => {
      const key = equalityKey(v);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  },
};
