/**
 * Regular expressions written by users (split, replace with regexp=true), guarded against catastrophic
 * backtracking:
 * - a quantified group that itself holds an open-ended quantifier (`(a+)+`, `(\w*\s?)*`, `(x{2,})+`) is refused
 *   before it runs: it is the shape that backtracks exponentially;
 * - after each use, the render's clock is checked (a loop of slow matches cannot add up past limits.maxMillis);
 * - JavaScriptCore gives up on one match after about half a second of backtracking (it then reports no match).
 * Not prevented: polynomial backtracking of a single match, e.g. `\s*x` on a text of 200,000 spaces takes seconds
 * and is not interrupted; alternations under a quantifier (`(a|a)+`) are left to the engine's backtracking limit.
 */
import { type EvalEnv, EvalFailure } from "../types.ts";

/** the open-ended quantifier at `i` (`*`, `+`, `{n,}`, `{n,m}` with m > n), its length, else 0 */
function openQuantifier(p: string, i: number): number {
  const c = p[i];
  if (c === "*" || c === "+") return 1;
  if (c !== "{") return 0;
  const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i, i + 24));
  if (!m || m[2] === undefined) return 0;
  return m[3] === "" || Number(m[3]) > Number(m[1]) ? m[0].length : 0;
}

/** the position of a quantified group holding an open-ended quantifier, or -1 */
export function nestedQuantifier(p: string): number {
  const open: { start: number; inner: boolean }[] = [];
  let closed: { start: number; inner: boolean } | undefined;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    const q = openQuantifier(p, i);
    if (q > 0) {
      if (closed?.inner) return closed.start;
      if (open.length > 0) open[open.length - 1]!.inner = true;
      closed = undefined;
      i += q - 1;
      continue;
    }
    closed = undefined;
    if (c === "\\") i++;
    else if (c === "[") {
      for (i++; i < p.length && p[i] !== "]"; i++) if (p[i] === "\\") i++;
    } else if (c === "(") open.push({ start: i, inner: false });
    else if (c === ")") {
      const g = open.pop();
      if (g) {
        if (g.inner && open.length > 0) open[open.length - 1]!.inner = true;
        closed = g;
      }
    }
  }
  return -1;
}

/** compiles a user's pattern with the `gu` flags, or an EvalFailure naming the filter and what is wrong */
export function userRegex(pattern: string, who: string, what: string): RegExp {
  const at = nestedQuantifier(pattern);
  if (at >= 0) {
    throw new EvalFailure(
      `${who}: the ${what} '${pattern}' repeats a group that holds a repetition (at index ${at}), which can take ` +
        "exponential time; write it without nesting (e.g. `(a+)+` as `a+`)",
    );
  }
  try {
    return new RegExp(pattern, "gu");
  } catch (e) {
    throw new EvalFailure(`${who}: invalid ${what} '${pattern}': ${(e as Error).message}`);
  }
}

/** after a regular expression ran: a TIMEOUT when the render's time is up */
export function checkRegexTime(env: EvalEnv, who: string): void {
  const left = env.millisLeft?.();
  if (left !== undefined && left < 0) {
    throw new EvalFailure(`${who}: the regular expression ran past the render's time limit`, "TIMEOUT");
  }
}
