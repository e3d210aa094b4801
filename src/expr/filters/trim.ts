import type { FilterDef } from "../types.ts";
import { requireText } from "./shared.ts";

/** Removes leading and trailing white space. @example {{ "  a b  " | trim }} → "a b" */
export const trim: FilterDef = {
  name: "trim",
  params: [],
  apply: (input) => (input === null || input === undefined ? null : requireText(input, "trim").trim()),
};
