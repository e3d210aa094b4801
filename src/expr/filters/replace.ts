import { type FilterDef, EvalFailure } from "../types.ts";
import type { EvalEnv } from "../types.ts";
import { checkRegexTime, userRegex } from "./regex.ts";
import { isMap, kindOf } from "./shared.ts";

type Pair = [RegExp | string, string];

function replaceDeep(v: unknown, pairs: Pair[], env: EvalEnv): unknown {
  if (typeof v === "string") {
    let s = v;
    for (const [from, to] of pairs) {
      if (typeof from === "string") s = s.replaceAll(from, () => to);
      else {
        s = s.replace(from, to);
        checkRegexTime(env, "replace");
      }
    }
    return s;
  }
  if (Array.isArray(v)) {
    env.tick(v.length);
    return v.map((x) => replaceDeep(x, pairs, env));
  }
  if (isMap(v)) {
    env.tick(Object.keys(v).length);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, replaceDeep(x, pairs, env)]));
  }
  return v === null || v === undefined ? null : replaceDeep(String(v), pairs, env);
}

/**
 * Kestra's replace: each key of the map is replaced by its value, literally or as a regular expression
 * (`regexp=true`, `$1` groups); texts inside lists and map values too. Patterns that repeat a repeated group
 * (`(a+)+`) are refused; see regex.ts for what is guarded. @example {{ "a-b" | replace({"-": "+"}) }} → "a+b"
 */
export const replace: FilterDef = {
  name: "replace",
  params: ["replace_pairs", "regexp"],
  apply(input, args, env) {
    if (input === null || input === undefined) return null;
    const map = args.replace_pairs;
    if (map === undefined || map === null) throw new EvalFailure("replace: the argument 'replace_pairs' is required");
    if (!isMap(map)) throw new EvalFailure(`replace: the argument 'replace_pairs' must be a map, got ${kindOf(map)}`);
    const regexp = args.regexp === true || args.regexp === "true";
    const pairs: Pair[] = Object.entries(map).map(([from, to]) => {
      const target = to === null || to === undefined ? "" : String(to);
      if (!regexp) return [from, target];
      return [userRegex(from, "replace", "regular expression"), target];
    });
    return replaceDeep(input, pairs, env);
  },
};
