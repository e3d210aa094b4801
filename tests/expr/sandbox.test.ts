/** Sandbox: only own data is reachable; prototypes, constructors and functions are not; nothing is polluted. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { functions } from "../../src/expr/functions/index.ts";
import { ExprError, renderTemplate } from "../../src/expr/index.ts";
import type { FunctionDef } from "../../src/expr/types.ts";

const probe: FunctionDef = { name: "zzSbArgs", params: ["x"], call: (args) => JSON.stringify(Object.keys(args)) };
beforeAll(() => functions.push(probe));
afterAll(() => functions.splice(functions.indexOf(probe), 1));

const ctx: Record<string, unknown> = {
  a: { b: 1 },
  s: "text",
  list: [1, 2],
  f: () => "called",
  obj: { method: () => "called", nested: { fn: Math.max } },
  d: new Date("2024-01-01T00:00:00Z"),
  inherited: Object.create({ secret: "from prototype" }),
  instance: new (class Secret {
    token = "t";
  })(),
  body: JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}'),
  re: /x/,
};

function fails(template: string): ExprError {
  try {
    renderTemplate(template, ctx);
  } catch (e) {
    expect(e).toBeInstanceOf(ExprError);
    return e as ExprError;
  }
  throw new Error(`rendered: ${template}`);
}

const escapes = [
  "{{ a.__proto__ }}",
  "{{ a['__proto__'] }}",
  "{{ a['__pro' ~ 'to__'] }}",
  "{{ a.constructor }}",
  "{{ a['constructor'] }}",
  "{{ a.constructor.constructor }}",
  "{{ a.constructor.constructor('return process')() }}",
  "{{ ''.constructor }}",
  "{{ s.constructor }}",
  "{{ s.length }}",
  "{{ s.toUpperCase }}",
  "{{ [].map }}",
  "{{ [].constructor }}",
  "{{ list.length }}",
  "{{ list.push }}",
  "{{ list['length'] }}",
  "{{ a.toString }}",
  "{{ a.valueOf }}",
  "{{ a.hasOwnProperty }}",
  "{{ a.isPrototypeOf }}",
  "{{ a.__defineGetter__ }}",
  "{{ a.__lookupGetter__ }}",
  "{{ a.prototype }}",
  "{{ __proto__ }}",
  "{{ constructor }}",
  "{{ prototype }}",
  "{{ toString }}",
  "{{ valueOf }}",
  "{{ hasOwnProperty }}",
  "{{ toString() }}",
  "{{ hasOwnProperty('a') }}",
  "{{ constructor() }}",
  "{{ eval('1') }}",
  "{{ Function('x') }}",
  "{{ f }}",
  "{{ f() }}",
  "{{ obj.method }}",
  "{{ obj.method() }}",
  "{{ obj.nested.fn }}",
  "{{ d.getTime }}",
  "{{ d.constructor }}",
  "{{ inherited.secret }}",
  "{{ instance.token }}",
  "{{ re.source }}",
  "{{ body.__proto__ }}",
  "{{ body['__proto__'].polluted }}",
  "{{ _context }}",
  "{{ _self }}",
  "{{ this }}",
  "{{ globalThis }}",
  "{{ process.env }}",
  "{{ require('fs') }}",
  "{{ import('fs') }}",
  "{{ a | constructor }}",
  "{{ a | toString }}",
  "{{ a is constructor }}",
  "{{ a is hasOwnProperty }}",
  "{{ loop }}",
  "{% set __proto__ = 1 %}",
  "{% set constructor = 1 %}",
  "{% set prototype = 1 %}",
  "{% for __proto__ in [1] %}{% endfor %}",
  "{% for k, constructor in {'a': 1} %}{% endfor %}",
  "{% macro m(__proto__) %}{% endmacro %}",
  "{{ {'__proto__': {'polluted': 1}}.polluted }}",
  "{{ {'__proto__': 1}.__proto__ }}",
  "{{ {'constructor': 1}.constructor }}",
  "{{ 'x'|upper.constructor }}",
  "{% for x in a.constructor %}{% endfor %}",
];

describe("sandbox escapes end in ExprError", () => {
  for (const t of escapes) {
    test(t, () => {
      const e = fails(t);
      expect(["UNDEFINED", "SYNTAX", "FUNCTION", "FILTER", "TEST"]).toContain(e.code);
    });
  }
});

describe("what stays reachable", () => {
  test("own data only", () => {
    expect(renderTemplate("{{ a.b }}{{ body.ok }}{{ list[1] }}", ctx)).toBe("112");
    expect(renderTemplate("{{ a.__proto__ ?? 'blocked' }}", ctx)).toBe("blocked");
    expect(renderTemplate("{{ f is defined }}", ctx)).toBe("false");
    expect(renderTemplate("{{ d }}", ctx)).toBe("2024-01-01T00:00:00.000Z");
  });
  test("a map literal with a __proto__ key is an own key and pollutes nothing", () => {
    expect(renderTemplate("{{ {'__proto__': {'polluted': 1}, 'a': 2} }}", {})).toBe(
      '{"__proto__":{"polluted":1},"a":2}',
    );
    expect(renderTemplate("{% set m = {'__proto__': {'polluted': 1}} %}{{ m is map }}", {})).toBe("true");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  test("named arguments called __proto__ or constructor are plain own keys", () => {
    expect(renderTemplate("{{ zzSbArgs(__proto__=1, constructor=2) }}", {})).toBe('["__proto__","constructor"]');
  });
  test("values are never executed nor re-rendered", () => {
    const js = `$${"{"}process.exit(1)}`;
    const c = { t: "{{ 1 + 1 }}", js, p: "{% for i in 1..1000000 %}{% endfor %}" };
    expect(renderTemplate("{{ t }}|{{ js }}|{{ p }}", c)).toBe(
      `{{ 1 + 1 }}|${js}|{% for i in 1..1000000 %}{% endfor %}`,
    );
  });
  test("a throwing getter in the context becomes an ExprError", () => {
    const evil = {
      get x(): string {
        throw new Error("boom");
      },
    };
    expect(() => renderTemplate("{{ e.x }}", { e: evil })).toThrow(ExprError);
  });
  test("a cyclic context value prints as an ExprError, not a crash", () => {
    const cyc: Record<string, unknown> = {};
    cyc.self = cyc;
    expect(() => renderTemplate("{{ c }}", { c: cyc })).toThrow(ExprError);
    expect(renderTemplate("{{ c.self.self.self is map }}", { c: cyc })).toBe("true");
  });
  test("no code generation in the engine", () => {
    const dir = join(import.meta.dir, "../../src/expr");
    for (const f of readdirSync(dir).filter((n) => n.endsWith(".ts"))) {
      const text = readFileSync(join(dir, f), "utf8");
      expect(text).not.toMatch(/\beval\s*\(|new\s+Function|\bFunction\s*\(/);
    }
  });
});

afterAll(() => {
  const clean: Record<string, unknown> = {};
  expect((clean as any).polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain("polluted");
  expect(Object.getOwnPropertyNames(Array.prototype)).not.toContain("polluted");
});
