import type { TestDef } from "../types.ts";

/** `x is iterable`: a list (maps and texts are not) */
export const iterable: TestDef = {
  name: "iterable",
  params: [],
  test: (input) => Array.isArray(input) || input instanceof Set,
};
