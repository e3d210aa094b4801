import type { FilterDef } from "../types.ts";
import { checkRegexTime, userRegex } from "./regex.ts";
import { intArg, requireText, stringArg } from "./shared.ts";

/** Java's String.split(regex, limit): no leading empty part from a zero-width match; limit 0 drops trailing empties. */
export function javaSplit(text: string, re: RegExp, limit: number): string[] {
  const parts: string[] = [];
  let start = 0;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (limit > 0 && parts.length === limit - 1) break;
    const end = m.index;
    if (m[0].length === 0) {
      re.lastIndex++;
      if (end === 0 || end >= text.length) continue;
    }
    if (!(end === 0 && m[0].length === 0)) parts.push(text.slice(start, end));
    start = end + m[0].length;
  }
  if (parts.length === 0 && start === 0) return [text];
  parts.push(text.slice(start));
  if (limit === 0) while (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
  return parts;
}

/**
 * Splits text on a delimiter, which is a Java regular expression as in Pebble (`split('\\.')` for a dot); `limit`
 * as String.split. Patterns that repeat a repeated group (`(a+)+`) are refused; see regex.ts for what is guarded.
 * @example {{ "a,b,c" | split(",") }} → ["a","b","c"]
 */
export const split: FilterDef = {
  name: "split",
  params: ["delimiter", "limit"],
  apply(input, args, env) {
    if (input === null || input === undefined) return null;
    const text = requireText(input, "split");
    const delimiter = stringArg(args.delimiter, "split", "delimiter");
    const limit = intArg(args.limit, "split", "limit", 0);
    const parts = javaSplit(text, userRegex(delimiter, "split", "delimiter pattern"), limit);
    checkRegexTime(env, "split");
    env.tick(parts.length);
    return parts;
  },
};
