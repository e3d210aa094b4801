import { JqError, JqTimeout, runJq } from "../jq.ts";
import { DEFAULT_LIMITS } from "../limits.ts";
import { type FilterDef, EvalFailure } from "../types.ts";
import { stringArg } from "./shared.ts";

/** jq gets at least this long, even when the render's budget is nearly spent */
const MIN_JQ_MILLIS = 5;

/**
 * Runs a jq program (real jq, WebAssembly) on the value; always a list of results. jq runs in a worker and is
 * stopped when the render's time budget (limits.maxMillis) runs out: a TIMEOUT error naming jq.
 * @example {{ {"a":1} | jq(".a") | first }} → 1
 */
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
      const results = runJq(
        value,
        program,
        (size) => env.tick(1 + Math.floor(size / 1000)),
        Math.max(MIN_JQ_MILLIS, env.millisLeft?.() ?? DEFAULT_LIMITS.maxMillis),
      );
      env.tick(results.length);
      return results;
    } catch (e) {
      if (e instanceof JqTimeout) throw new EvalFailure(`jq: ${e.message}, the time left of the render`, "TIMEOUT");
      if (e instanceof JqError) throw new EvalFailure(`jq: ${e.message.replace(/^jq: /, "")}`);
      throw e;
    }
  },
};
