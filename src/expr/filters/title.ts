import type { FilterDef } from "../types.ts";
import { requireText } from "./shared.ts";

/** Upper-cases the first letter of each word (after white space). @example {{ "hello big world" | title }} → "Hello Big World" */
export const title: FilterDef = {
  name: "title",
  params: [],
  apply(input) {
    if (input === null || input === undefined) return null;
    return requireText(input, "title").replace(
      /(^|\s)(\S)/gu,
      (_m, space: string, c: string) => space + c.toUpperCase(),
    );
  },
};
