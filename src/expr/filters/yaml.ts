import { stringify } from "yaml";
import type { FilterDef } from "../types.ts";

/** YAML text of the value. @example {{ {"a": [1, 2]} | yaml }} → "a:\n  - 1\n  - 2\n" */
export const yaml: FilterDef = {
  name: "yaml",
  params: [],
  apply: (input) => (input === null || input === undefined ? "null" : stringify(input)),
};
