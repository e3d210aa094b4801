import type { FilterDef } from "../types.ts";
import { requireText, stringArg } from "./shared.ts";

/** Text before the last separator; the whole text when absent. @example {{ "a.b.c" | substringBeforeLast(".") }} → "a.b" */
export const substringBeforeLast: FilterDef = {
  name: "substringBeforeLast",
  params: ["separator"],
  apply(input, args) {
    if (input === null || input === undefined) return null;
    const s = requireText(input, "substringBeforeLast");
    const sep = stringArg(args.separator, "substringBeforeLast", "separator");
    const i = s.lastIndexOf(sep);
    return sep === "" || i < 0 ? s : s.slice(0, i);
  },
};
