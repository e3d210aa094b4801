import { EvalFailure, type FunctionDef } from "../types.ts";
import { intArg } from "../filters/shared.ts";

/** A random integer in [lower, upper) as Kestra. @example {{ randomInt(1, 7) }} → 1…6 */
export const randomInt: FunctionDef = {
  name: "randomInt",
  params: ["lower", "upper"],
  call(args) {
    const lower = intArg(args.lower, "randomInt", "lower");
    const upper = intArg(args.upper, "randomInt", "upper");
    if (lower >= upper) throw new EvalFailure(`randomInt: 'lower' (${lower}) must be smaller than 'upper' (${upper})`);
    const span = upper - lower;
    const r = crypto.getRandomValues(new Uint32Array(2));
    const x = (r[0] * 2 ** 21 + (r[1] >>> 11)) / 2 ** 53;
    return lower + Math.floor(x * span);
  },
};
