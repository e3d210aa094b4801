import type { FilterDef } from "../types.ts";
import { isMap } from "./shared.ts";

/** Java class name of the value, as Kestra shows it. @example {{ "a" | className }} → "java.lang.String" */
export const className: FilterDef = {
  name: "className",
  params: [],
  apply(input) {
    if (input === null || input === undefined) return null;
    if (typeof input === "string") return "java.lang.String";
    if (typeof input === "boolean") return "java.lang.Boolean";
    if (typeof input === "number") {
      if (!Number.isInteger(input)) return "java.lang.Double";
      return Math.abs(input) <= 2147483647 ? "java.lang.Integer" : "java.lang.Long";
    }
    if (Array.isArray(input)) return "java.util.ArrayList";
    if (input instanceof Date) return "java.time.ZonedDateTime";
    if (isMap(input)) return "java.util.LinkedHashMap";
    return "java.lang.Object";
  },
};
