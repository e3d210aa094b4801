import type { FilterDef } from "../types.ts";

/** Compact JSON text of any value; shared by toJson and its alias json. */
export function toJsonText(input: unknown): string {
  return JSON.stringify(input ?? null) ?? "null";
}

/** Compact JSON text of the value (null → "null"). @example {{ {"a":[1,2]} | toJson }} → '{"a":[1,2]}' */
export const toJson: FilterDef = {
  name: "toJson",
  params: [],
  apply: (input) => toJsonText(input),
};
