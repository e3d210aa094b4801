/** Errors: codes, positions (line, column), frames, messages; and every limit. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { filters } from "../../src/expr/filters/index.ts";
import { functions } from "../../src/expr/functions/index.ts";
import { EvalFailure, ExprError, evaluateExpression, parseTemplate, renderTemplate } from "../../src/expr/index.ts";
import type { FilterDef, FunctionDef, RenderOptions } from "../../src/expr/types.ts";

const filterProbes: FilterDef[] = [
  {
    name: "zzErrFail",
    params: [],
    apply: () => {
      throw new EvalFailure("bad input");
    },
  },
  {
    name: "zzErrCrash",
    params: [],
    apply: () => {
      throw new TypeError("boom");
    },
  },
];
const functionProbes: FunctionDef[] = [
  {
    name: "zzErrFn",
    params: [],
    call: () => {
      throw new EvalFailure("no luck");
    },
  },
  {
    name: "zzSpin",
    params: [],
    call: (_a, env) => {
      for (;;) env.tick();
    },
  },
];
beforeAll(() => {
  filters.push(...filterProbes);
  functions.push(...functionProbes);
});
afterAll(() => {
  for (const f of filterProbes) filters.splice(filters.indexOf(f), 1);
  for (const f of functionProbes) functions.splice(functions.indexOf(f), 1);
});

function error(template: string, context: object = {}, options?: RenderOptions): ExprError {
  try {
    renderTemplate(template, context, options);
  } catch (e) {
    expect(e).toBeInstanceOf(ExprError);
    return e as ExprError;
  }
  throw new Error(`no error for ${template}`);
}

/** [template, code, line, column] */
const positions: [string, string, number, number][] = [
  ["{{ 1 + }}", "SYNTAX", 1, 8],
  ["{{ }}", "SYNTAX", 1, 4],
  ["{{ ( }}", "SYNTAX", 1, 6],
  ["{{ a b }}", "SYNTAX", 1, 6],
  ["{{ 'unclosed }}", "SYNTAX", 1, 4],
  ["{{ x", "SYNTAX", 1, 5],
  ["{% if x %}", "SYNTAX", 1, 4],
  ["line1\n{% for x in y %}\nbody", "SYNTAX", 2, 4],
  ["{% endif %}", "SYNTAX", 1, 4],
  ["{% else %}", "SYNTAX", 1, 4],
  ["{% include 'x' %}", "SYNTAX", 1, 4],
  ["{% whatever %}", "SYNTAX", 1, 4],
  ["a\nb\n  {{ 1 +* 2 }}", "SYNTAX", 3, 9],
  ["first\nsecond {{ foo.bar( }}", "SYNTAX", 2, 20],
  ["{{ a.b(1) }}", "SYNTAX", 1, 7],
  ["{{ {a: 1} }}", "SYNTAX", 1, 5],
  ["{{ 1 ? 2 }}", "SYNTAX", 1, 10],
  ["{{ @ }}", "SYNTAX", 1, 4],
  ["{# never closed", "SYNTAX", 1, 1],
  ["{% raw %}never closed", "SYNTAX", 1, 1],
  ["{% set = 1 %}", "SYNTAX", 1, 8],
  ["{% for in x %}{% endfor %}", "SYNTAX", 1, 11],
  ["{% for a x %}{% endfor %}", "SYNTAX", 1, 10],
  ["{% if true %}{% endfor %}", "SYNTAX", 1, 17],
  ["{{ f(a=1, 2) }}", "SYNTAX", 1, 11],
  ["{{ x | }}", "SYNTAX", 1, 8],
  ["{{ x is }}", "SYNTAX", 1, 9],
  ["{{ ] }}", "SYNTAX", 1, 4],
  ["\n\n{{ nope }}", "UNDEFINED", 3, 4],
  ["ok\n  {{ a.nope }}", "UNDEFINED", 2, 8],
  ["{{ x | nofilter }}", "FILTER", 1, 8],
  ["{{ nofunction() }}", "FUNCTION", 1, 4],
  ["{{ x is notatest }}", "TEST", 1, 9],
  ["x\n{{ 'a' | zzErrFail }}", "FILTER", 2, 10],
  ["{{ 1 | zzErrCrash }}", "FILTER", 1, 8],
  ["{{ zzErrFn() }}", "FUNCTION", 1, 4],
  ["{{ 'a' is even }}", "TEST", 1, 11],
  ["{{ 1 / 0 }}", "TYPE", 1, 6],
  ["{{ 1 % 0 }}", "TYPE", 1, 6],
  ["{{ 'a' - 1 }}", "TYPE", 1, 8],
  ["{{ {} * 2 }}", "TYPE", 1, 7],
  ["{{ -'a' }}", "TYPE", 1, 4],
  ["{{ 1 < 'a' }}", "TYPE", 1, 6],
  ["{{ null < 1 }}", "TYPE", 1, 9],
  ["{{ 1 contains 1 }}", "TYPE", 1, 6],
  ["{{ 1.5..3 }}", "TYPE", 1, 7],
  ["{% for c in 'abc' %}{% endfor %}", "TYPE", 1, 4],
  ["{% set __proto__ = 1 %}", "SYNTAX", 1, 8],
  ["{% set loop = 1 %}", "SYNTAX", 1, 8],
  ["{% for constructor in [1] %}{% endfor %}", "SYNTAX", 1, 4],
];

describe("error codes and positions", () => {
  for (const [template, code, line, column] of positions) {
    test(JSON.stringify(template), () => {
      const e = error(template, { x: 1, a: {} });
      expect({ code: e.code as string, line: e.line, column: e.column }).toEqual({ code, line, column });
      expect(e.frame.split("\n")[1]!.indexOf("^")).toBe(`${line} | `.length + column - 1);
    });
  }
  test("the frame shows the line and a caret", () => {
    const e = error("a\n  {{ 1 + }}");
    expect(e.frame).toBe("2 |   {{ 1 + }}\n             ^");
  });
  test("messages say what is wrong", () => {
    expect(error("{{ x | nofilter }}", { x: 1 }).message).toContain("Unknown filter `nofilter`");
    expect(error("{{ nofunction() }}").message).toContain("Unknown function `nofunction`");
    expect(error("{{ x is notatest }}", { x: 1 }).message).toContain("Unknown test `notatest`");
    expect(error("{{ 'a' | zzErrFail }}").message).toContain("Filter `zzErrFail`: bad input");
    expect(error("{{ zzErrFn() }}").message).toContain("Function `zzErrFn`: no luck");
    expect(error("{{ 1 +* 2 }}").message).toMatch(/line 1, column 7/);
  });
  test("unknown names fail at parse time, before any rendering", () => {
    expect(() => parseTemplate("{% if false %}{{ x | nofilter }}{% endif %}")).toThrow(ExprError);
    expect(() => parseTemplate("{% if false %}{{ nofn() }}{% endif %}")).toThrow(ExprError);
  });
  test("evaluateExpression reports positions in the bare expression", () => {
    try {
      evaluateExpression("a +", {});
      throw new Error("no error");
    } catch (e: any) {
      expect(e).toBeInstanceOf(ExprError);
      expect([e.code, e.line, e.column]).toEqual(["SYNTAX", 1, 4]);
    }
    expect(() => evaluateExpression("", {})).toThrow(ExprError);
    expect(() => evaluateExpression("{{ 1 }}", {})).toThrow(ExprError);
  });
  test("non-text templates are a TYPE error, not a crash", () => {
    expect(error(42 as unknown as string).code).toBe("TYPE");
  });
});

describe("limits", () => {
  const small = (limits: RenderOptions["limits"]): RenderOptions => ({ limits });
  test("source length", () => {
    const e = error(`{{ '${"x".repeat(100)}' }}`, {}, small({ maxSourceLength: 50 }));
    expect(e.code).toBe("LIMIT");
    expect(error(`{{ 'x' }}${" ".repeat(300 * 1024)}`).code).toBe("LIMIT");
  });
  test("nesting depth of expressions", () => {
    expect(error(`{{ ${"(".repeat(100)}1${")".repeat(100)} }}`).code).toBe("LIMIT");
    expect(error(`{{ ${"[".repeat(100)}${"]".repeat(100)} }}`).code).toBe("LIMIT");
    expect(error(`{{ ${"-".repeat(100)}1 }}`).code).toBe("LIMIT");
    expect(error(`{{ 1${" + 1".repeat(100)} }}`).code).toBe("LIMIT");
    expect(error(`{{ a${".b".repeat(100)} }}`).code).toBe("LIMIT");
    expect(renderTemplate(`{{ ${"(".repeat(10)}1${")".repeat(10)} }}`, {})).toBe("1");
    expect(error("{{ ((1)) }}", {}, small({ maxDepth: 2 })).code).toBe("LIMIT");
  });
  test("nesting depth of tags", () => {
    expect(error(`${"{% if true %}".repeat(100)}x${"{% endif %}".repeat(100)}`).code).toBe("LIMIT");
  });
  test("macro recursion", () => {
    expect(error("{% macro r(n) %}{{ r(n + 1) }}{% endmacro %}{{ r(0) }}").code).toBe("LIMIT");
  });
  test("loop iterations (counted across loops)", () => {
    expect(error("{% for i in 1..200000 %}{% endfor %}").code).toBe("LIMIT");
    const t = "{% for i in 1..400 %}{% for j in 1..400 %}{% endfor %}{% endfor %}";
    expect(error(t).code).toBe("LIMIT");
    expect(error("{% for i in 1..20 %}{% endfor %}", {}, small({ maxIterations: 10 })).code).toBe("LIMIT");
    expect(renderTemplate("{% for i in 1..10 %}{% endfor %}ok", {}, small({ maxIterations: 30 }))).toBe("ok");
  });
  test("filters and functions count through env.tick", () => {
    expect(error("{{ zzSpin() }}").code).toMatch(/LIMIT|TIMEOUT/);
  });
  test("output size", () => {
    const e = error("{% for i in 1..100 %}xxxxxxxxxx{% endfor %}", {}, small({ maxOutputLength: 500 }));
    expect(e.code).toBe("LIMIT");
    const big = { s: "y".repeat(1000) };
    expect(error("{{ s }}{{ s }}", big, small({ maxOutputLength: 1500 })).code).toBe("LIMIT");
  });
  test("wall time", () => {
    const opts = small({ maxMillis: 20, maxIterations: 1e12 });
    const t = "{% for i in 1..3000 %}{% for j in 1..3000 %}{% endfor %}{% endfor %}";
    const e = error(t, {}, opts);
    expect(e.code).toBe("TIMEOUT");
  });
  test("limits of one render do not leak into the next", () => {
    const t = "{% for i in 1..60000 %}{% endfor %}ok";
    expect(renderTemplate(t, {})).toBe("ok");
    expect(renderTemplate(t, {})).toBe("ok");
  });
});

describe("values that grow without loops", () => {
  test("doubling a text in `set` stops at the output limit", () => {
    const t = `{% set x = 'ab' %}${"{% set x = x ~ x %}".repeat(40)}{{ x | length ?? '' }}`;
    expect(error(t).code).toBe("LIMIT");
    const t2 = `{% set x = 'ab' %}${"{% set x = x + x %}".repeat(40)}`;
    expect(error(t2).code).toBe("LIMIT");
  });
  test("doubling a list stops at the iteration limit", () => {
    const t = `{% set x = [1] %}${"{% set x = x + x %}".repeat(40)}`;
    expect(error(t).code).toBe("LIMIT");
  });
  test("a cyclic value cannot be printed: TYPE", () => {
    const c: Record<string, unknown> = {};
    c.c = c;
    expect(error("{{ c }}", { c }).code).toBe("TYPE");
  });
  test("exponential macro recursion is bounded by the iteration budget", () => {
    const t = "{% macro r(n) %}{% if n > 0 %}{{ r(n - 1) }}{{ r(n - 1) }}{% endif %}{% endmacro %}{{ r(40) }}";
    expect(error(t).code).toBe("LIMIT");
  });
});

describe("wall time without loops", () => {
  test("slow filter calls are paced against the clock", () => {
    let calls = 0;
    const slow: FilterDef = {
      name: "zzSlow",
      params: [],
      apply: (i) => {
        calls++;
        const until = Date.now() + 1;
        while (Date.now() < until) {}
        return i;
      },
    };
    filters.push(slow);
    try {
      const t = `{{ 1${" | zzSlow".repeat(50)} }}${"{{ 1 | zzSlow }}".repeat(200)}`;
      expect(error(t, {}, { limits: { maxMillis: 30 } }).code).toBe("TIMEOUT");
      expect(calls).toBeLessThan(120);
    } finally {
      filters.splice(filters.indexOf(slow), 1);
    }
  });
});
