import type { FilterDef } from "../types.ts";
import { toJsonText } from "./to-json.ts";

/** Alias of toJson, kept for older flows (removed in Kestra 1.1). @example {{ [1] | json }} → "[1]" */
export const json: FilterDef = {
  name: "json",
  params: [],
  apply: (input) => toJsonText(input),
};
