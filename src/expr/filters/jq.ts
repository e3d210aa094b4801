import { JqError, runJq } from "../jq.ts";
import { type FilterDef, EvalFailure } from "../types.ts";
import { stringArg } from "./shared.ts";

/** Runs a jq program (real jq, WebAssembly) on the value; always a list of results. @example {{ {"a":1} | jq(".a") | first }} → 1 */
export const jq: FilterDef = {
  name: "jq",
  params: ["expression"],
  apply(input, args, env) {
    const program = stringArg(args.expression, "jq", "expression");
    if (input === null || input === undefined) return null;
    let value = input;
    if (typeof value === "string") {
      try {
        value = JSON.parse(value);
      } catch {
        throw new EvalFailure("jq: the text input is not valid JSON");
      }
    }
    try {
      const results = runJq(value, program, (size) => env.tick(1 + Math.floor(size / 1000)));
      env.tick(results.length);
      return results;
    } catch (e) {
      if (e instanceof JqError) throw new EvalFailure(`jq: ${e.message.replace(/^jq: /, "")}`);
      throw e;
    }
  },
};
