/** Conformance: literals and output typing of `{{ }}` (spec §8.3). Rows: [template, context, exact output]. */
import { describe, expect, test } from "bun:test";
import { renderTemplate } from "../../src/expr/index.ts";

type Row = [string, Record<string, unknown>, string];

const ctx = {
  trigger: {
    body: { hello: "world", n: 3, f: 1.5, ok: true, none: null, list: [1, "a", null], map: { a: 1, b: [true] } },
  },
};

export const literalRows: Row[] = [
  // texts
  ["no braces at all", {}, "no braces at all"],
  ["{ not a tag }", {}, "{ not a tag }"],
  ["a { b } c", {}, "a { b } c"],
  ["{{ 'single' }}", {}, "single"],
  ['{{ "double" }}', {}, "double"],
  ["{{ 'it\\'s' }}", {}, "it's"],
  ['{{ "say \\"hi\\"" }}', {}, 'say "hi"'],
  ["{{ 'a\\nb' }}", {}, "a\nb"],
  ["{{ 'tab\\there' }}", {}, "tab\there"],
  ["{{ 'back\\\\slash' }}", {}, "back\\slash"],
  ["{{ '\\u0041' }}", {}, "A"],
  ["{{ '' }}", {}, ""],
  ["{{ 'with }} inside' }}", {}, "with }} inside"],
  ['{{ "#{1 + 2}" }}', {}, "3"],
  ["{{ \"a#{ 'b' }c\" }}", {}, "abc"],
  ['{{ "n=#{trigger.body.n}!" }}', ctx, "n=3!"],
  ["{{ 'no #{interp} in single' }}", {}, "no #{interp} in single"],
  ['{{ "esc \\#{x}" }}', {}, "esc #{x}"],
  // numbers
  ["{{ 0 }}", {}, "0"],
  ["{{ 42 }}", {}, "42"],
  ["{{ 1.5 }}", {}, "1.5"],
  ["{{ 1.0 }}", {}, "1.0"],
  ["{{ 0.1 }}", {}, "0.1"],
  ["{{ 10.0 }}", {}, "10.0"],
  ["{{ -3 }}", {}, "-3"],
  ["{{ -2.5 }}", {}, "-2.5"],
  ["{{ 12345678901 }}", {}, "12345678901"],
  ["{{ 2.0 * 3 }}", {}, "6.0"],
  ["{{ 10000000.0 }}", {}, "1.0E7"],
  ["{{ 0.0001 }}", {}, "1.0E-4"],
  ["{{ trigger.body.n }}", ctx, "3"],
  ["{{ trigger.body.f }}", ctx, "1.5"],
  // booleans and null
  ["{{ true }}", {}, "true"],
  ["{{ false }}", {}, "false"],
  ["{{ null }}", {}, ""],
  ["{{ none }}", {}, ""],
  ["[{{ trigger.body.none }}]", ctx, "[]"],
  ["{{ trigger.body.ok }}", ctx, "true"],
  // lists and maps print as compact JSON
  ["{{ [] }}", {}, "[]"],
  ["{{ [1, 2, 3] }}", {}, "[1,2,3]"],
  ["{{ [1, 'a', true, null] }}", {}, '[1,"a",true,null]'],
  ["{{ [[1], [2, [3]]] }}", {}, "[[1],[2,[3]]]"],
  ["{{ [1, 2,] }}", {}, "[1,2]"],
  ["{{ {} }}", {}, "{}"],
  ["{{ {'a': 1, 'b': 'x'} }}", {}, '{"a":1,"b":"x"}'],
  ['{{ {"k": [1, {"n": null}]} }}', {}, '{"k":[1,{"n":null}]}'],
  ["{{ {1: 'one'} }}", {}, '{"1":"one"}'],
  ["{{ {'a': {'b': {'c': 1}}} }}", {}, '{"a":{"b":{"c":1}}}'],
  ["{{ {'a': 1}['a'] }}", {}, "1"],
  ["{{ [10, 20][1] }}", {}, "20"],
  [
    "{{ trigger.body }}",
    ctx,
    '{"hello":"world","n":3,"f":1.5,"ok":true,"none":null,"list":[1,"a",null],"map":{"a":1,"b":[true]}}',
  ],
  ["{{ trigger.body.list }}", ctx, '[1,"a",null]'],
  ["{{ trigger.body.map }}", ctx, '{"a":1,"b":[true]}'],
  ["{{ {'x': 1.5} }}", {}, '{"x":1.5}'],
  // ranges
  ["{{ 1..5 }}", {}, "[1,2,3,4,5]"],
  ["{{ 3..3 }}", {}, "[3]"],
  ["{{ 5..1 }}", {}, "[]"],
  ["{{ -1..1 }}", {}, "[-1,0,1]"],
  ["{{ 'a'..'d' }}", {}, '["a","b","c","d"]'],
  ["{{ trigger.body.n..5 }}", ctx, "[3,4,5]"],
  // text around tags and several outputs
  ["a{{ 1 }}b{{ 2 }}c", {}, "a1b2c"],
  ["{{1}}{{2}}", {}, "12"],
  ["line1\n{{ 'x' }}\nline3", {}, "line1\nx\nline3"],
  ["{# a comment #}", {}, ""],
  ["a{# comment {{ x }} #}b", {}, "ab"],
  ["{{ trigger.body.hello }}", ctx, "world"],
  ["Hello {{ trigger.body.hello }}!", ctx, "Hello world!"],
];

describe("literals and output typing", () => {
  for (const [template, context, expected] of literalRows) {
    test(JSON.stringify(template), () => {
      expect(renderTemplate(template, context)).toBe(expected);
    });
  }
});
