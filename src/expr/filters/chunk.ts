import { type FilterDef, EvalFailure } from "../types.ts";
import { intArg, requireList } from "./shared.ts";

/** Splits a list into lists of `size` elements. @example {{ [1,2,3] | chunk(2) }} → [[1,2],[3]] */
export const chunk: FilterDef = {
  name: "chunk",
  params: ["size"],
  apply(input, args, env) {
    if (input === null || input === undefined) return null;
    const list = requireList(input, "chunk");
    const size = intArg(args.size, "chunk", "size");
    if (size <= 0) throw new EvalFailure("chunk: the argument 'size' must be greater than 0");
    env.tick(list.length);
    const out: unknown[][] = [];
    for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
    return out;
  },
};
