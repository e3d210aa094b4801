import { EvalFailure, type FunctionDef } from "../types.ts";
import { kindOf } from "../filters/shared.ts";

function num(v: unknown, name: string): number {
  if (typeof v !== "number" || !Number.isFinite(v))
    throw new EvalFailure(`range: the argument '${name}' must be a number, got ${kindOf(v)}`);
  return v;
}

/** Numbers from start to end inclusive by step (Pebble). @example {{ range(1, 5, 2) }} → [1,3,5] */
export const range: FunctionDef = {
  name: "range",
  params: ["start", "end", "step"],
  call(args, env) {
    const start = num(args.start, "start");
    const end = num(args.end, "end");
    const step = args.step === undefined || args.step === null ? 1 : num(args.step, "step");
    if (step === 0) throw new EvalFailure("range: the argument 'step' must not be 0");
    const out: number[] = [];
    for (let v = start; step > 0 ? v <= end : v >= end; v += step) {
      env.tick(1);
      out.push(v);
    }
    return out;
  },
};
