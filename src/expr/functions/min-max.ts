import { EvalFailure, type FunctionDef } from "../types.ts";
import { compareValues } from "../filters/shared.ts";

const PARAMS = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];

/** Builds min or max over the arguments (variadic, or one list). */
export function extremum(name: string, sign: 1 | -1): FunctionDef {
  return {
    name,
    params: PARAMS,
    call(args, env) {
      let values = PARAMS.map((p) => args[p]).filter((v) => v !== undefined);
      if (values.length === 1 && Array.isArray(values[0])) values = values[0];
      if (values.length === 0) throw new EvalFailure(`${name}: expects at least one value`);
      env.tick(values.length);
      return values.reduce((best, v) =>
        v !== null && (best === null || sign * compareValues(v, best, name) < 0) ? v : best,
      );
    },
  };
}
