import type { FilterDef } from "../types.ts";
import { isMap } from "./shared.ts";

/** Java's toString of a value: maps as {a=1, b=2}, lists as [1, 2]. */
export function javaString(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return `[${v.map(javaString).join(", ")}]`;
  if (v instanceof Date) return v.toISOString();
  if (isMap(v))
    return `{${Object.entries(v)
      .map(([k, x]) => `${k}=${javaString(x)}`)
      .join(", ")}}`;
  return String(v);
}

/** Text of any value (Java toString: maps as {a=1}, lists as [1, 2]). @example {{ 42 | string }} → "42" */
export const string: FilterDef = {
  name: "string",
  params: [],
  apply: (input) => (input === null || input === undefined ? null : javaString(input)),
};
