import type { FilterDef } from "../types.ts";
import { toText } from "./shared.ts";

/** First element of a list or first character of a text; null when empty. @example {{ [1,2] | first }} → 1 */
export const first: FilterDef = {
  name: "first",
  params: [],
  apply(input) {
    if (input === null || input === undefined) return null;
    if (Array.isArray(input)) return input.length ? input[0] : null;
    if (typeof input === "object") return Object.values(input)[0] ?? null;
    const s = toText(input) ?? "";
    return s.length ? s[0] : null;
  },
};
