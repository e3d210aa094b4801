import type { TestDef } from "../types.ts";

/** Kestra's `x is json`: a text that parses as JSON (numbers and booleans print as JSON too) */
export const json: TestDef = {
  name: "json",
  params: [],
  test(input) {
    if (input === null || input === undefined) return false;
    if (typeof input === "number" || typeof input === "boolean") return true;
    if (typeof input !== "string") return false;
    try {
      JSON.parse(input);
      return true;
    } catch {
      return false;
    }
  },
};
