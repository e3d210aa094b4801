import type { FilterDef } from "../types.ts";
import { requireText } from "./shared.ts";

/** Upper-cases the first character, leaves the rest. @example {{ "hello world" | capitalize }} → "Hello world" */
export const capitalize: FilterDef = {
  name: "capitalize",
  params: [],
  apply(input) {
    if (input === null || input === undefined) return null;
    const s = requireText(input, "capitalize");
    return s.length === 0 ? s : s[0].toUpperCase() + s.slice(1);
  },
};
