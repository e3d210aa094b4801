import type { TestDef } from "../types.ts";

/** `x is null` */
export const nullTest: TestDef = {
  name: "null",
  params: [],
  test: (input) => input === null || input === undefined,
};
