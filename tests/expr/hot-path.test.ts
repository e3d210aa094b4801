/** The specialised forms of the hot path (flat templates, fused a.b.c, `== literal`) behave as the general ones. */
import { expect, test } from "bun:test";
import { ExprError, evaluateExpression, parseTemplate, renderTemplate } from "../../src/expr/index.ts";

function err(f: () => unknown): ExprError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ExprError);
    return e as ExprError;
  }
  throw new Error("no error");
}

const ctx = { a: { b: { c: "x", n: 1, l: [1], z: null } }, s: "1" };

test("== and != against literals keep the dialect's equality", () => {
  const cases: [string, boolean][] = [
    ["a.b.c == 'x'", true],
    ["'x' == a.b.c", true],
    ["a.b.n == 1.0", true],
    ["a.b.n == '1'", false],
    ["s == 1", false],
    ["a.b.l == 1", false],
    ["a.b.z == null", true],
    ["null == a.b.z", true],
    ["a.b.c != null", true],
    ["a.b.n != 1", false],
    ["(a.b.missing ?? null) == null", true],
    ["a.b.l == [1]", true],
    ["true == (a.b.n == 1)", true],
  ];
  for (const [source, expected] of cases) expect([source, evaluateExpression(source, ctx)]).toEqual([source, expected]);
});

test("fused a.b.c names the missing step at its column", () => {
  const e = err(() => renderTemplate("{{ a.b.nope.c }}", ctx));
  expect(e.code).toBe("UNDEFINED");
  expect(e.message).toContain("`nope`");
  expect(e.column).toBe(8);
  const root = err(() => renderTemplate("{{ nope.b }}", ctx));
  expect(root.message).toContain("`nope`");
  expect(root.column).toBe(4);
  expect(err(() => renderTemplate("{{ a.constructor.name }}", ctx)).code).toBe("UNDEFINED");
  expect(err(() => renderTemplate(`{{ a${".b".repeat(70)} }}`, ctx)).code).toBe("LIMIT");
});

test("flat templates (texts and {{ }} only) keep the output limit and print like the others", () => {
  const limits = { limits: { maxOutputLength: 5 } };
  expect(err(() => renderTemplate("{{ a.b.c }}{{ 'yyyyyy' }}", ctx, limits)).code).toBe("LIMIT");
  expect(err(() => renderTemplate("{{ 'yyyyyy' }}", ctx, limits)).code).toBe("LIMIT");
  expect(err(() => renderTemplate("abcdef{# c #}", ctx, limits)).code).toBe("LIMIT");
  expect(renderTemplate("{{ a.b.n }} {{ 1.0 }} {{ a.b.l }} {{ a.b.z }}|{{ true }}", ctx)).toBe("1 1.0 [1] |true");
  expect(parseTemplate("<{{ a.b.c }}>").render(ctx)).toBe("<x>");
  expect(renderTemplate("{{ render('{{ a.b.c }}!') }}", ctx)).toBe("x!");
});

test("loop variables in slots: set, nesting, key/value loops and shadowing behave as scopes", () => {
  expect(renderTemplate("{% for x in [1, 2] %}{% set x = 'a' ~ x %}{{ x }}{% endfor %}", {})).toBe("a1a2");
  expect(
    renderTemplate("{% for a in [1, 2] %}{% for b in [3] %}{{ loop.index }}{{ a }}{{ b }}{% endfor %}{% endfor %}", {}),
  ).toBe("013023");
  expect(renderTemplate("{% for k, v in {'a': 1, 'b': 2} %}{{ k }}={{ v }};{% endfor %}", {})).toBe("a=1;b=2;");
  expect(renderTemplate("{% for e in {'a': 1} %}{{ e.key }}{{ e.value }}{% endfor %}", {})).toBe("a1");
  expect(renderTemplate("{% set x = 'out' %}{% for x in [1] %}{{ x }}{% endfor %}{{ x }}", {})).toBe("1out");
  expect(renderTemplate("{% for x in [1] %}{% set y = x + 1 %}{{ y }}{% endfor %}", {})).toBe("2");
  expect(renderTemplate("{% for x in items %}{{ x ?? 'none' }}{% endfor %}", { items: [null, 1] })).toBe("none1");
  expect(err(() => renderTemplate("{% for x in [1] %}{% endfor %}{{ x }}", {})).code).toBe("UNDEFINED");
});
