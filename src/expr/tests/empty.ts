import type { TestDef } from "../types.ts";

/** `x is empty`: null, a blank text, an empty list or map */
export const empty: TestDef = {
  name: "empty",
  params: [],
  test(input) {
    if (input === null || input === undefined) return true;
    if (typeof input === "string") return input.trim() === "";
    if (Array.isArray(input)) return input.length === 0;
    if (input instanceof Map) return input.size === 0;
    if (typeof input === "object") return Object.keys(input).length === 0;
    return false;
  },
};
