import { EvalFailure, type FunctionDef } from "../types.ts";
import { intArg } from "../filters/shared.ts";

/** A random integer in [lower, upper) as Kestra (lower when both are equal). @example {{ randomInt(1, 7) }} → 1…6 */
export const randomInt: FunctionDef = {
  name: "randomInt",
  params: ["lower", "upper"],
  call(args) {
    const lower = intArg(args.lower, "randomInt", "lower");
    const upper = intArg(args.upper, "randomInt", "upper");
    if (upper < lower) throw new EvalFailure(`randomInt: 'upper' (${upper}) is less than 'lower' (${lower})`);
    const span = upper - lower;
    const r = crypto.getRandomValues(new Uint32Array(2));
    const x = (r[0] * 2 ** 21 + (r[1] >>> 11)) / 2 ** 53;
    return lower + Math.floor(x * span);
  },
};
