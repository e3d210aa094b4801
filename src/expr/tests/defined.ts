import type { TestDef } from "../types.ts";

/** `x is defined`: the value exists and is not null (only the last attribute of `x` may be missing) */
export const defined: TestDef = {
  name: "defined",
  params: [],
  test: (input) => input !== undefined && input !== null,
};
