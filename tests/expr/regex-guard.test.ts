/** split and replace(regexp=true) refuse patterns that backtrack exponentially, with a FILTER error. */
import { expect, test } from "bun:test";
import { ExprError, renderTemplate } from "../../src/expr/index.ts";
import { nestedQuantifier } from "../../src/expr/filters/regex.ts";

test("nested quantifiers are found; ordinary patterns pass", () => {
  for (const p of ["(a+)+", "(a*)*$", "(\\w+\\s?)+$", "(?:x{2,})+", "((a)+b)*", "(a{1,5}){2,}", "(?<n>[a-z]+)*"]) {
    expect(nestedQuantifier(p)).toBeGreaterThanOrEqual(0);
  }
  for (const p of [
    ",",
    "\\s*,\\s*",
    "\\.",
    "(\\d+)-(\\d+)",
    "^\\s+|\\s+$",
    "(ab)+",
    "(a{3})+",
    "[(+)]+",
    "\\(a+\\)+",
    "(a+)?",
    "(foo|bar)+",
  ]) {
    expect(nestedQuantifier(p)).toBe(-1);
  }
});

test("split and replace refuse them before running", () => {
  const long = `${"a".repeat(5000)}!`;
  for (const source of ["{{ t | split('(a+)+$') }}", "{{ t | replace({'(a|b+)+$': 'x'}, regexp=true) }}"]) {
    let err: unknown;
    try {
      renderTemplate(source, { t: long });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ExprError);
    expect((err as ExprError).code).toBe("FILTER");
    expect((err as ExprError).message).toContain("repeats a group that holds a repetition");
  }
  expect(renderTemplate("{{ 'a, b,c' | split('\\\\s*,\\\\s*') }}", {})).toBe('["a","b","c"]');
  expect(renderTemplate("{{ '12-34' | replace({'(\\\\d+)-(\\\\d+)': '$2-$1'}, regexp=true) }}", {})).toBe("34-12");
});
