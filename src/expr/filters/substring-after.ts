import type { FilterDef } from "../types.ts";
import { requireText, stringArg } from "./shared.ts";

/** Text after the first separator; "" when absent. @example {{ "a.b.c" | substringAfter(".") }} → "b.c" */
export const substringAfter: FilterDef = {
  name: "substringAfter",
  params: ["separator"],
  apply(input, args) {
    if (input === null || input === undefined) return null;
    const s = requireText(input, "substringAfter");
    const sep = stringArg(args.separator, "substringAfter", "separator");
    const i = s.indexOf(sep);
    return i < 0 ? "" : s.slice(i + sep.length);
  },
};
