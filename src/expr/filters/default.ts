import type { FilterDef } from "../types.ts";
import { isMap } from "./shared.ts";

/** Pebble's empty test: undefined, null, blank text, empty list or map. */
function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (typeof v === "string") return v.trim() === "";
  if (Array.isArray(v)) return v.length === 0;
  if (isMap(v)) return Object.keys(v).length === 0;
  return false;
}

/** The argument when the input is undefined, null, blank text, an empty list or map. @example {{ missing | default("x") }} → "x" */
export const defaultFilter: FilterDef = {
  name: "default",
  params: ["default"],
  apply(input, args) {
    return isEmpty(input) ? (args.default ?? null) : input;
  },
};
