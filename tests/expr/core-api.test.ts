/** Public API: renderValue, evaluateExpression, isTruthy, parseTemplate, and how filters/functions are called. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { filters } from "../../src/expr/filters/index.ts";
import { functions } from "../../src/expr/functions/index.ts";
import {
  EvalFailure,
  evaluateExpression,
  isTruthy,
  parseExpression,
  parseTemplate,
  renderTemplate,
  renderValue,
} from "../../src/expr/index.ts";
import type { FilterDef, FunctionDef } from "../../src/expr/types.ts";

let counter = 0;
// probes registered for these tests only: they echo what the core hands them
const filterProbes: FilterDef[] = [
  { name: "zzEcho", params: ["first", "second"], apply: (input, args) => JSON.stringify({ input, args }) },
  { name: "zzWrap", params: ["left", "right"], apply: (input, a) => `${a.left ?? "("}${input}${a.right ?? ")"}` },
  { name: "zzUp", params: [], apply: (input) => String(input).toUpperCase() },
  {
    name: "zzFail",
    params: [],
    apply: () => {
      throw new EvalFailure("probe failed");
    },
  },
  { name: "zzDefault", params: ["value"], apply: (input, a) => (input === null ? a.value : input) },
];
const functionProbes: FunctionDef[] = [
  { name: "zzArgs", params: ["x", "y"], call: (args) => JSON.stringify(args) },
  { name: "zzRender", params: ["t"], call: (args, env) => env.renderTemplate(String(args.t)) },
  {
    name: "zzLoop",
    params: ["n"],
    call: (args, env) => {
      env.tick(Number(args.n));
      return "ticked";
    },
  },
  { name: "zzNow", params: [], call: (_a, env) => env.now().toISOString() },
  { name: "zzCounter", params: [], call: () => ++counter },
];
beforeAll(() => {
  filters.push(...filterProbes);
  functions.push(...functionProbes);
});
afterAll(() => {
  for (const f of filterProbes) filters.splice(filters.indexOf(f), 1);
  for (const f of functionProbes) functions.splice(functions.indexOf(f), 1);
});

type Row = [string, Record<string, unknown>, string];
const ctx = { s: "abc", n: 2, trigger: { body: { name: "ann" } } };

const rows: Row[] = [
  ["{{ s | zzUp }}", ctx, "ABC"],
  ["{{ s | zzUp | zzWrap }}", ctx, "(ABC)"],
  ["{{ s | zzWrap('[', ']') }}", ctx, "[abc]"],
  ["{{ s | zzWrap(right='>') }}", ctx, "(abc>"],
  ["{{ s | zzWrap('<', right='>') }}", ctx, "<abc>"],
  ["{{ 1 | zzEcho }}", {}, '{"input":1,"args":{}}'],
  ["{{ 1 | zzEcho(2) }}", {}, '{"input":1,"args":{"first":2}}'],
  ["{{ 1 | zzEcho(2, 3) }}", {}, '{"input":1,"args":{"first":2,"second":3}}'],
  ["{{ 1 | zzEcho(2, 3, 4) }}", {}, '{"input":1,"args":{"2":4,"first":2,"second":3}}'],
  ["{{ 1 | zzEcho(second='b') }}", {}, '{"input":1,"args":{"second":"b"}}'],
  ["{{ 1 | zzEcho(other=[1]) }}", {}, '{"input":1,"args":{"other":[1]}}'],
  // precedence of | (Pebble: tighter than + and comparisons, looser than ~ and ..)
  ["{{ 'a' ~ 'b' | zzUp }}", {}, "AB"],
  ["{{ s | zzUp ~ 'x' }}", ctx, "ABCx"],
  ["{{ s | zzUp == 'ABC' }}", ctx, "true"],
  ["{{ 'x' + s | zzUp }}", ctx, "xABC"],
  ["{{ -n | zzWrap }}", ctx, "(-2)"],
  ["{{ 1..3 | zzWrap }}", {}, "(1,2,3)"],
  ["{{ missing ?? 'd' | zzUp }}", {}, "D"],
  ["{{ trigger.body.name | zzUp }}", ctx, "ANN"],
  ["{{ [s | zzUp, 'y'] }}", ctx, '["ABC","y"]'],
  ["{{ (s | zzUp) ~ (s | zzWrap) }}", ctx, "ABC(abc)"],
  // filter tag
  ["{% filter zzUp %}hello {{ s }}{% endfilter %}", ctx, "HELLO ABC"],
  ["{% filter zzUp | zzWrap('[', ']') %}x{% endfilter %}", {}, "[X]"],
  ["{% filter zzWrap %}{% for i in [1, 2] %}{{ i }}{% endfor %}{% endfilter %}", {}, "(12)"],
  // functions: positional then named onto params
  ["{{ zzArgs() }}", {}, "{}"],
  ["{{ zzArgs(1) }}", {}, '{"x":1}'],
  ["{{ zzArgs(1, 'b') }}", {}, '{"x":1,"y":"b"}'],
  ["{{ zzArgs(y=2) }}", {}, '{"y":2}'],
  ["{{ zzArgs(n, y=s) }}", ctx, '{"x":2,"y":"abc"}'],
  ["{{ zzRender('{{ s }}!') }}", ctx, "abc!"],
  ["{{ zzRender(s) }}", ctx, "abc"],
  // a variable holding {{ }} stays literal (no recursive rendering)
  ["{{ t }}", { t: "{{ s }}" }, "{{ s }}"],
  ["{{ zzRender(t) }}", { t: "{{ s }}", s: "rendered" }, "rendered"],
];

describe("filters and functions through the registries", () => {
  for (const [template, context, expected] of rows) {
    test(JSON.stringify(template), () => {
      expect(renderTemplate(template, context)).toBe(expected);
    });
  }
  test("the default filter reads a missing value as null (strict variables do not fire)", () => {
    expect(() => renderTemplate("{{ missing.deep | zzDefault('d') }}", {})).toThrow("Unable to find `missing`");
    if (filters.some((f) => f.name === "default")) {
      expect(renderTemplate("{{ missing.deep | default('d') }}", {})).toBe("d");
      expect(renderTemplate("{{ trigger.body.name | default('d') }}", ctx)).toBe("ann");
    }
  });
  test("each operand is evaluated exactly once", () => {
    counter = 0;
    expect(renderTemplate("{{ zzCounter() > 0 }} {{ zzCounter() ~ zzCounter() }} {{ zzCounter() ?? 9 }}", {})).toBe(
      "true 23 4",
    );
    expect(() => renderTemplate("{{ zzCounter() < 'a' }}", {})).toThrow("Cannot compare");
    expect(counter).toBe(5);
  });
  test("functions see the injected clock", () => {
    const now = () => new Date("2024-01-02T03:04:05Z");
    expect(renderTemplate("{{ zzNow() }}", {}, { now })).toBe("2024-01-02T03:04:05.000Z");
  });
});

describe("renderValue", () => {
  const c = { k: "key", v: 1, s: "x" };
  test("renders strings inside maps and lists, keys too, keeps other literals typed", () => {
    expect(renderValue({ code: 202, ok: true, none: null, "{{ k }}": ["{{ v }}", 3, { n: "{{ s }}" }] }, c)).toEqual({
      code: 202,
      ok: true,
      none: null,
      key: ["1", 3, { n: "x" }],
    });
  });
  test("plain values", () => {
    expect(renderValue("{{ v + 1 }}", c)).toBe("2");
    expect(renderValue(5, c)).toBe(5);
    expect(renderValue(null, c)).toBe(null);
    expect(renderValue([], c)).toEqual([]);
  });
  test("does not mutate its input and never pollutes prototypes", () => {
    const input = JSON.parse('{"__proto__": {"polluted": "{{ s }}"}, "a": "{{ s }}"}');
    const out = renderValue(input, c) as Record<string, unknown>;
    expect(input.a).toBe("{{ s }}");
    expect(Object.hasOwn(out, "__proto__")).toBe(true);
    expect(({} as any).polluted).toBeUndefined();
    expect((out as any).polluted).toBeUndefined();
  });
});

describe("evaluateExpression", () => {
  const c = { trigger: { body: { count: 2, tags: ["a"] } }, inputs: {} };
  const rows: [string, unknown][] = [
    ["trigger.body.count + 1", 3],
    ["trigger.body.tags", ["a"]],
    ["trigger.body", { count: 2, tags: ["a"] }],
    ["inputs.x ?? 'none'", "none"],
    ["1 == 1", true],
    ["null", null],
    ["{'a': [1, 2.5]}", { a: [1, 2.5] }],
    ["7 / 2", 3],
    ["'a' ~ 1", "a1"],
    ["1..3", [1, 2, 3]],
  ];
  for (const [source, expected] of rows) {
    test(source, () => expect(evaluateExpression(source, c)).toEqual(expected));
  }
  test("parseExpression compiles once and evaluates many times", () => {
    const e = parseExpression("x * 2");
    expect(e.evaluate({ x: 2 })).toBe(4);
    expect(e.evaluate({ x: 5 })).toBe(10);
    expect(parseExpression("x * 2")).toBe(e);
  });
});

describe("isTruthy (Kestra)", () => {
  const rows: [unknown, boolean][] = [
    ["true", true],
    ["false", false],
    [" false ", false],
    ["0", false],
    ["-0", false],
    ["", false],
    ["  \n", false],
    [null, false],
    [undefined, false],
    ["1", true],
    ["yes", true],
    ["False", true],
    ["0.0", true],
    [false, false],
    [true, true],
    [0, false],
    [2, true],
  ];
  for (const [v, expected] of rows) test(JSON.stringify(v) ?? "undefined", () => expect(isTruthy(v)).toBe(expected));
});

describe("parseTemplate", () => {
  test("returns a reusable compiled template, cached by source", () => {
    const t = parseTemplate("Hi {{ name }}");
    expect(t.render({ name: "a" })).toBe("Hi a");
    expect(t.render({ name: "b" })).toBe("Hi b");
    expect(parseTemplate("Hi {{ name }}")).toBe(t);
  });
  test("validates without rendering: undefined variables are not an error yet", () => {
    expect(() => parseTemplate("{{ whatever.you.like }}")).not.toThrow();
  });
  test("a text without { is returned untouched, even if it looks broken", () => {
    expect(renderTemplate("50% }} done %}", {})).toBe("50% }} done %}");
  });
});
