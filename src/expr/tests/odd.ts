import { EvalFailure, type TestDef } from "../types.ts";

/** `n is odd` (integers only) */
export const odd: TestDef = {
  name: "odd",
  params: [],
  test(input) {
    if (typeof input !== "number" || !Number.isInteger(input)) throw new EvalFailure("Test `odd` needs an integer");
    return Math.abs(input % 2) === 1;
  },
};
