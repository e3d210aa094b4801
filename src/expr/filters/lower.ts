import type { FilterDef } from "../types.ts";
import { requireText } from "./shared.ts";

/** Lower-cases text. @example {{ "AbC" | lower }} → "abc" */
export const lower: FilterDef = {
  name: "lower",
  params: [],
  apply: (input) => (input === null || input === undefined ? null : requireText(input, "lower").toLowerCase()),
};
