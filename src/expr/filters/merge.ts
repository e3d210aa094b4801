import { type FilterDef, EvalFailure } from "../types.ts";
import { isMap, kindOf, toText } from "./shared.ts";

/** Concatenates lists or merges maps (the argument wins), as Pebble: list + map appends {key: value} entries, map + list adds each element as key and value. @example {{ [1] | merge([2]) }} → [1,2] */
export const merge: FilterDef = {
  name: "merge",
  params: ["items"],
  apply(input, args, env) {
    const items = args.items;
    if (input === null || input === undefined) return null;
    if (Array.isArray(input) && Array.isArray(items)) {
      env.tick(input.length + items.length);
      return [...input, ...items];
    }
    if (Array.isArray(input) && isMap(items)) {
      env.tick(input.length + Object.keys(items).length);
      return [...input, ...Object.entries(items).map(([k, v]) => ({ [k]: v }))];
    }
    if (isMap(input) && Array.isArray(items)) {
      env.tick(Object.keys(input).length + items.length);
      const out: Record<string, unknown> = { ...input };
      for (const v of items) out[toText(v) ?? "null"] = v;
      return out;
    }
    if (isMap(input) && isMap(items)) {
      env.tick(Object.keys(input).length + Object.keys(items).length);
      return { ...input, ...items };
    }
    throw new EvalFailure(`merge: cannot merge ${kindOf(input)} with ${kindOf(items)} (lists and maps only)`);
  },
};
