import type { FilterDef } from "../types.ts";
import { toText } from "./shared.ts";

/** Last element of a list or last character of a text; null when empty. @example {{ [1,2] | last }} → 2 */
export const last: FilterDef = {
  name: "last",
  params: [],
  apply(input) {
    if (input === null || input === undefined) return null;
    if (Array.isArray(input)) return input.length ? input[input.length - 1] : null;
    if (typeof input === "object") return Object.values(input).at(-1) ?? null;
    const s = toText(input) ?? "";
    return s.length ? s[s.length - 1] : null;
  },
};
