import type { EvalEnv, FilterDef } from "../types.ts";
import { compareValues, requireList } from "./shared.ts";

/** Sorted copy of a list (numbers numerically, texts by code unit); shared by sort and rsort. */
export function sortedCopy(input: unknown, who: string, env: EvalEnv): unknown[] | null {
  if (input === null || input === undefined) return null;
  const list = requireList(input, who);
  env.tick(list.length);
  return [...list].sort((a, b) => compareValues(a, b, who));
}

/** Sorts a list ascending. @example {{ [3,1,2] | sort }} → [1,2,3] */
export const sort: FilterDef = {
  name: "sort",
  params: [],
  apply: (input, _args, env) => sortedCopy(input, "sort", env),
};
