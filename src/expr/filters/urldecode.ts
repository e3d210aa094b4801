import { type FilterDef, EvalFailure } from "../types.ts";
import { requireText } from "./shared.ts";

/** Decodes URL-encoded text (+ → space). @example {{ "a+b%26c" | urldecode }} → "a b&c" */
export const urldecode: FilterDef = {
  name: "urldecode",
  params: [],
  apply(input) {
    if (input === null || input === undefined) return null;
    try {
      return decodeURIComponent(requireText(input, "urldecode").replace(/\+/g, " "));
    } catch {
      throw new EvalFailure("urldecode: the input contains an invalid %-escape");
    }
  },
};
