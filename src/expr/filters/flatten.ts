import type { FilterDef } from "../types.ts";
import { requireList } from "./shared.ts";

/** Flattens one level of nested lists. @example {{ [[1,2],[3],4] | flatten }} → [1,2,3,4] */
export const flatten: FilterDef = {
  name: "flatten",
  params: [],
  apply(input, _args, env) {
    if (input === null || input === undefined) return null;
    const list = requireList(input, "flatten");
    const out: unknown[] = [];
    for (const v of list) {
      if (Array.isArray(v)) {
        env.tick(v.length);
        out.push(...v);
      } else out.push(v);
    }
    env.tick(list.length);
    return out;
  },
};
