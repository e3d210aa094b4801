import type { FilterDef } from "../types.ts";
import { requireText, stringArg } from "./shared.ts";

/** True when the text starts with the argument. @example {{ "file.csv" | startsWith("file") }} → true */
export const startsWith: FilterDef = {
  name: "startsWith",
  params: ["value"],
  apply(input, args) {
    const prefix = stringArg(args.value, "startsWith", "value");
    if (input === null || input === undefined) return false;
    return requireText(input, "startsWith").startsWith(prefix);
  },
};
