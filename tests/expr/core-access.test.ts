/** Conformance: attribute access, strict variables and the `is` tests. Rows: [template, context, exact output]. */
import { describe, expect, test } from "bun:test";
import { caseInsensitive } from "../../src/lib/case-insensitive.ts";
import { renderTemplate } from "../../src/expr/index.ts";

type Row = [string, Record<string, unknown>, string];

const ctx = {
  a: { b: { c: "deep" }, "b-c": "dash", list: [10, 20, { x: "in" }], zero: 0, nul: null, empty: "", f: false },
  outputs: { "my-task": { value: "v" }, t1: { vals: { k1: "one" } } },
  list: [1, 2, 3],
  s: "text",
  n: 4,
  headers: caseInsensitive({ "content-type": ["application/json"] }),
  m: new Map<string, unknown>([["k", "from-map"]]),
};

const rows: Row[] = [
  ["{{ a.b.c }}", ctx, "deep"],
  ["{{ a['b']['c'] }}", ctx, "deep"],
  ["{{ a['b'].c }}", ctx, "deep"],
  ["{{ a['b-c'] }}", ctx, "dash"],
  ['{{ a["b-c"] }}', ctx, "dash"],
  ["{{ outputs['my-task'].value }}", ctx, "v"],
  ["{{ outputs.t1.vals['k1'] }}", ctx, "one"],
  ["{{ a.list[0] }}", ctx, "10"],
  ["{{ a.list[2].x }}", ctx, "in"],
  ["{{ a.list.1 }}", ctx, "20"],
  ["{{ a.list['1'] }}", ctx, "20"],
  ["{{ list[n - 2] }}", ctx, "3"],
  ["{{ a[s ~ ''] ?? 'nope' }}", ctx, "nope"],
  ["{% set k = 'b' %}{{ a[k].c }}", ctx, "deep"],
  ["{{ a.zero }}", ctx, "0"],
  ["[{{ a.nul }}]", ctx, "[]"],
  ["[{{ a.empty }}]", ctx, "[]"],
  ["{{ a.f }}", ctx, "false"],
  ["{{ headers['Content-Type'][0] }}", ctx, "application/json"],
  ["{{ headers['content-type'][0] }}", ctx, "application/json"],
  ["{{ headers.CONTENT_TYPE ?? 'no' }}", ctx, "no"],
  ["{{ m.k }}", ctx, "from-map"],
  ["{{ m['k'] }}", ctx, "from-map"],
  ["{{ {'a': {'b': 1}}.a.b }}", {}, "1"],
  ["{{ [[1, 2], [3]][0][1] }}", {}, "2"],
  ["{{ (a).b.c }}", ctx, "deep"],
  // is tests
  ["{{ a is defined }}", ctx, "true"],
  ["{{ nope is defined }}", ctx, "false"],
  ["{{ a.b is defined }}", ctx, "true"],
  ["{{ a.zz is defined }}", ctx, "false"],
  ["{{ a.nul is defined }}", ctx, "false"],
  ["{{ a.zz is not defined }}", ctx, "true"],
  ["{{ a.list[7] is defined }}", ctx, "false"],
  ["{{ a.nul is null }}", ctx, "true"],
  ["{{ a.zero is null }}", ctx, "false"],
  ["{{ a.zero is not null }}", ctx, "true"],
  ["{{ null is null }}", {}, "true"],
  ["{{ '' is empty }}", {}, "true"],
  ["{{ '  ' is empty }}", {}, "true"],
  ["{{ 'x' is empty }}", {}, "false"],
  ["{{ [] is empty }}", {}, "true"],
  ["{{ [0] is empty }}", {}, "false"],
  ["{{ {} is empty }}", {}, "true"],
  ["{{ null is empty }}", {}, "true"],
  ["{{ 0 is empty }}", {}, "false"],
  ["{{ a.empty is not empty }}", ctx, "false"],
  ["{{ 2 is even }}", {}, "true"],
  ["{{ 3 is even }}", {}, "false"],
  ["{{ 3 is odd }}", {}, "true"],
  ["{{ -3 is odd }}", {}, "true"],
  ["{{ 0 is odd }}", {}, "false"],
  ["{{ n is not odd }}", ctx, "true"],
  ["{{ (n + 1) is odd }}", ctx, "true"],
  ["{{ n + 1 is odd }}", ctx, "true"],
  ["{{ list is iterable }}", ctx, "true"],
  ["{{ s is iterable }}", ctx, "false"],
  ["{{ a is iterable }}", ctx, "false"],
  ["{{ a is map }}", ctx, "true"],
  ["{{ list is map }}", ctx, "false"],
  ["{{ {} is map }}", {}, "true"],
  ["{{ m is map }}", ctx, "true"],
  ["{{ s is map }}", ctx, "false"],
  ["{{ '{\"a\": 1}' is json }}", {}, "true"],
  ["{{ '[1, 2]' is json }}", {}, "true"],
  ["{{ 'not json' is json }}", {}, "false"],
  ["{{ '' is json }}", {}, "false"],
  ["{{ null is json }}", {}, "false"],
  ["{{ a is json }}", ctx, "false"],
  ["{{ 'x' is not json }}", {}, "true"],
  ["{{ a.zz is defined or true }}", ctx, "true"],
  ["{{ a.zz is defined and a.zz.y == 1 }}", ctx, "false"],
  ["{% if a.zz is defined %}yes{% else %}no{% endif %}", ctx, "no"],
  ["{{ 1 == 1 is not null }}", {}, "true"],
];

describe("access and tests", () => {
  for (const [template, context, expected] of rows) {
    test(JSON.stringify(template), () => {
      expect(renderTemplate(template, context)).toBe(expected);
    });
  }
});

/** strict variables: each of these throws UNDEFINED naming the attribute */
const strict: [string, Record<string, unknown>, string][] = [
  ["{{ nope }}", {}, "nope"],
  ["{{ a.nope }}", ctx, "nope"],
  ["{{ a.b.nope }}", ctx, "nope"],
  ["{{ a.nul.x }}", ctx, "x"],
  ["{{ a.list[9] }}", ctx, "9"],
  ["{{ a['zz'] }}", ctx, "zz"],
  ["{{ s.length }}", ctx, "length"],
  ["{{ list.size }}", ctx, "size"],
  ["{{ nope.x is defined }}", ctx, "nope"],
  ["{{ a.zz is null }}", ctx, "zz"],
  ["{{ nope ~ 'x' }}", ctx, "nope"],
  ["{% if nope %}{% endif %}", ctx, "nope"],
  ["{% for i in nope %}{% endfor %}", ctx, "nope"],
  ["{% set x = nope %}", ctx, "nope"],
  ["{{ trigger.body.x }}", { trigger: {} }, "body"],
  ["{% macro m() %}{{ n }}{% endmacro %}{{ m() }}", ctx, "n"],
  ["{% for i in [1] %}{% endfor %}{{ i }}", ctx, "i"],
];

describe("strict variables", () => {
  for (const [template, context, name] of strict) {
    test(JSON.stringify(template), () => {
      try {
        renderTemplate(template, context);
        throw new Error("no error");
      } catch (e: any) {
        expect(e.name).toBe("ExprError");
        expect(e.code).toBe("UNDEFINED");
        expect(e.message).toBe(`Unable to find \`${name}\` used in the expression \`${template}\` at line 1`);
      }
    });
  }
});
