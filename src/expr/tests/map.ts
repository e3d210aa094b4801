import { isMap } from "../values.ts";
import type { TestDef } from "../types.ts";

/** `x is map` */
export const map: TestDef = {
  name: "map",
  params: [],
  test: (input) => isMap(input),
};
