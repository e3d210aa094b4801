import type { FilterDef } from "../types.ts";
import { requireList, stringArg, toText } from "./shared.ts";

/** Joins list elements with a separator (default none). @example {{ ["a","b"] | join(",") }} → "a,b" */
export const join: FilterDef = {
  name: "join",
  params: ["separator"],
  apply(input, args, env) {
    if (input === null || input === undefined) return null;
    const list = requireList(input, "join");
    const sep = stringArg(args.separator, "join", "separator", "");
    env.tick(list.length);
    return list.map((v) => toText(v) ?? "null").join(sep);
  },
};
