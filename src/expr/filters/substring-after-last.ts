import type { FilterDef } from "../types.ts";
import { requireText, stringArg } from "./shared.ts";

/** Text after the last separator; "" when absent. @example {{ "a.b.c" | substringAfterLast(".") }} → "c" */
export const substringAfterLast: FilterDef = {
  name: "substringAfterLast",
  params: ["separator"],
  apply(input, args) {
    if (input === null || input === undefined) return null;
    const s = requireText(input, "substringAfterLast");
    const sep = stringArg(args.separator, "substringAfterLast", "separator");
    const i = s.lastIndexOf(sep);
    return sep === "" || i < 0 || i === s.length - sep.length ? "" : s.slice(i + sep.length);
  },
};
