import type { FilterDef } from "../types.ts";
import { sortedCopy } from "./sort.ts";

/** Sorts a list descending. @example {{ [3,1,2] | rsort }} → [3,2,1] */
export const rsort: FilterDef = {
  name: "rsort",
  params: [],
  apply: (input, _args, env) => sortedCopy(input, "rsort", env)?.reverse() ?? null,
};
