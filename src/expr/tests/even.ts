import { EvalFailure, type TestDef } from "../types.ts";

/** `n is even` (integers only) */
export const even: TestDef = {
  name: "even",
  params: [],
  test(input) {
    if (typeof input !== "number" || !Number.isInteger(input)) throw new EvalFailure("Test `even` needs an integer");
    return input % 2 === 0;
  },
};
