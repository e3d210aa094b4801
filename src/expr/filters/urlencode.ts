import type { FilterDef } from "../types.ts";
import { requireText } from "./shared.ts";

/** URL-encodes text like Java's URLEncoder (UTF-8, space → +). @example {{ "a b&c" | urlencode }} → "a+b%26c" */
export const urlencode: FilterDef = {
  name: "urlencode",
  params: [],
  apply(input) {
    if (input === null || input === undefined) return null;
    return encodeURIComponent(requireText(input, "urlencode"))
      .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
      .replace(/%20/g, "+");
  },
};
