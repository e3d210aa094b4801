import type { FilterDef } from "../types.ts";
import { requireText, stringArg } from "./shared.ts";

/** True when the text ends with the argument. @example {{ "file.csv" | endsWith(".csv") }} → true */
export const endsWith: FilterDef = {
  name: "endsWith",
  params: ["value"],
  apply(input, args) {
    const suffix = stringArg(args.value, "endsWith", "value");
    if (input === null || input === undefined) return false;
    return requireText(input, "endsWith").endsWith(suffix);
  },
};
