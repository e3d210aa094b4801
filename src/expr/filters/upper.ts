import type { FilterDef } from "../types.ts";
import { requireText } from "./shared.ts";

/** Upper-cases text. @example {{ "AbC" | upper }} → "ABC" */
export const upper: FilterDef = {
  name: "upper",
  params: [],
  apply: (input) => (input === null || input === undefined ? null : requireText(input, "upper").toUpperCase()),
};
