import type { FilterDef } from "../types.ts";
import { requireText, stringArg } from "./shared.ts";

/** Text before the first separator; the whole text when absent. @example {{ "a.b.c" | substringBefore(".") }} → "a" */
export const substringBefore: FilterDef = {
  name: "substringBefore",
  params: ["separator"],
  apply(input, args) {
    if (input === null || input === undefined) return null;
    const s = requireText(input, "substringBefore");
    const sep = stringArg(args.separator, "substringBefore", "separator");
    const i = s.indexOf(sep);
    return i < 0 ? s : s.slice(0, i);
  },
};
