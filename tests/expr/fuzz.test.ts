/**
 * Fuzz: random and mutated templates (fixed-seed PRNG) must either render to a text or throw an ExprError,
 * never anything else, never hang, never overflow the stack. Bounded by a count and a time budget.
 */
import { expect, test } from "bun:test";
import { ExprError, renderTemplate } from "../../src/expr/index.ts";
import type { RenderOptions } from "../../src/expr/types.ts";

const COUNT = 24_000;
const BUDGET_MS = 20_000;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = mulberry32(20240501);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

const FRAGMENTS = [
  "{{",
  "}}",
  "{%",
  "%}",
  "{#",
  "#}",
  "{{-",
  "-}}",
  "{%-",
  "-%}",
  " ",
  "\n",
  "x",
  "a.b",
  "list",
  "map",
  "n",
  "s",
  "1",
  "2.5",
  "0",
  "-",
  "+",
  "*",
  "/",
  "%",
  "~",
  "..",
  "??",
  "???",
  "?",
  ":",
  "==",
  "!=",
  "<",
  ">=",
  "and",
  "or",
  "not",
  "is",
  "is not",
  "defined",
  "null",
  "empty",
  "even",
  "odd",
  "iterable",
  "json",
  "contains",
  "isIn",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  ",",
  ".",
  "|",
  "upper",
  "lower",
  "trim",
  "length",
  "default('d')",
  "'str'",
  '"dq#{n}"',
  "'",
  '"',
  "\\",
  "if",
  "elseif",
  "else",
  "endif",
  "for",
  "in",
  "endfor",
  "set",
  "=",
  "macro",
  "endmacro",
  "m(",
  "filter",
  "endfilter",
  "raw",
  "endraw",
  "block",
  "endblock",
  "loop.index",
  "__proto__",
  "constructor",
  "true",
  "none",
  "é",
  "#{",
];

const SEEDS = [
  "{{ trigger.body.hello == 'world' }}",
  "{{ trigger.parameters.validationToken[0] ?? 'hello-world' }}",
  "{% for i in list %}{{ loop.index }}:{{ i }}{% if not loop.last %},{% endif %}{% else %}none{% endfor %}",
  "{% set x = n * 2 %}{% if x > 3 %}{{ x ~ 'big' }}{% elseif x == 2 %}two{% else %}small{% endif %}",
  "{% macro m(a, b=1) %}[{{ a + b }}]{% endmacro %}{{ m(1) }}{{ m(2, b=3) }}",
  "{{ map.k | upper | trim }} {{ s contains 'e' }} {{ 'x' isIn list }} {{ \"i#{n}\" }}",
  "{% filter upper %}{{ s }}{% endfilter %}{% raw %}{{ raw }}{% endraw %}{# c #}",
  "{{- ' a ' -}} {{ {'k': [1, 2.5, null]} }} {{ 1..3 }} {{ n is odd ? 'o' : 'e' }}",
];

function randomTemplate(): string {
  const n = 1 + Math.floor(rand() * 24);
  let out = "";
  for (let i = 0; i < n; i++) out += pick(FRAGMENTS) + (rand() < 0.5 ? " " : "");
  return out;
}

function mutate(src: string): string {
  let s = src;
  const k = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < k; i++) {
    const at = Math.floor(rand() * (s.length + 1));
    const r = rand();
    if (r < 0.3) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(rand() * 3));
    else if (r < 0.6) s = s.slice(0, at) + pick(FRAGMENTS) + s.slice(at);
    else if (r < 0.8) s = s.slice(0, at) + String.fromCharCode(Math.floor(rand() * 128)) + s.slice(at);
    else {
      const from = Math.floor(rand() * s.length);
      s = s.slice(0, at) + s.slice(from, from + Math.floor(rand() * 20)) + s.slice(at);
    }
  }
  return s;
}

const ATOMS = [
  "1",
  "0",
  "-2",
  "2.5",
  "'s'",
  "''",
  "true",
  "false",
  "null",
  "n",
  "s",
  "x",
  "list",
  "map",
  "a.b",
  "map.k",
  "list[1]",
  "list[9] ?? 0",
  "[]",
  "{}",
  "[1, 'a']",
  "{'k': 1}",
  "1..3",
];
const BINOPS = [
  "+",
  "-",
  "*",
  "/",
  "%",
  "~",
  "==",
  "!=",
  "<",
  ">=",
  "and",
  "or",
  "contains",
  "isIn",
  "in",
  "not in",
  "??",
  "???",
  "..",
];
const FILTERS = [
  "upper",
  "lower",
  "trim",
  "length",
  "default('d')",
  "first",
  "last",
  "join(',')",
  "keys",
  "abs",
  "reverse",
  "sort",
  "toJson",
  "string",
];
const TESTS = ["defined", "null", "empty", "even", "odd", "iterable", "map", "json"];

/** a random expression that parses: exercises operators on values of every type */
function expression(depth: number): string {
  if (depth <= 0 || rand() < 0.25) return pick(ATOMS);
  const r = rand();
  if (r < 0.4) return `${expression(depth - 1)} ${pick(BINOPS)} ${expression(depth - 1)}`;
  if (r < 0.5) return `${pick(["-", "not ", "+"])}${expression(depth - 1)}`;
  if (r < 0.6) return `(${expression(depth - 1)}) | ${pick(FILTERS)}`;
  if (r < 0.7) return `(${expression(depth - 1)}) is ${rand() < 0.3 ? "not " : ""}${pick(TESTS)}`;
  if (r < 0.8) return `${expression(depth - 1)} ? ${expression(depth - 1)} : ${expression(depth - 1)}`;
  if (r < 0.9) return `[${expression(depth - 1)}, ${expression(depth - 1)}]`;
  return `(${expression(depth - 1)})`;
}

function grammarTemplate(): string {
  const e = expression(4);
  const r = rand();
  if (r < 0.6) return `{{ ${e} }}`;
  if (r < 0.8) return `{% if ${e} %}y{% else %}n{% endif %}`;
  if (r < 0.9) return `{% for i in ${e} %}{{ i }}{% endfor %}`;
  return `{% set v = ${e} %}{{ v }}`;
}

function nested(open: string, close: string, depth: number, inner = "1"): string {
  return open.repeat(depth) + inner + close.repeat(depth);
}

const ctx = {
  trigger: { body: { hello: "world" }, parameters: { validationToken: ["t"] } },
  list: [1, "a", null, [2]],
  map: { k: " v ", n: 2 },
  n: 3,
  s: "hello",
  x: null,
  a: { b: 1 },
};
const options: RenderOptions = { limits: { maxMillis: 200, maxIterations: 20_000, maxOutputLength: 100_000 } };

test(`fuzz: ${COUNT} random and mutated templates render or throw ExprError`, () => {
  const started = Date.now();
  const outcomes = { rendered: 0, errors: 0 };
  const bad: string[] = [];
  const hostile = [
    `{{ ${nested("(", ")", 5000)} }}`,
    `{{ ${nested("[", "]", 5000, "")} }}`,
    `{{ ${nested("{'a':", "}", 3000)} }}`,
    `{{ ${"-".repeat(20000)}1 }}`,
    `{{ ${"not ".repeat(20000)}true }}`,
    `{{ 1${" ~ 1".repeat(20000)} }}`,
    `{{ x${" | upper".repeat(20000)} }}`,
    `{{ a${".b".repeat(20000)} }}`,
    `{{ ${"x ?? ".repeat(20000)}1 }}`,
    `{{ ${"true ? ".repeat(5000)}1${" : 0".repeat(5000)} }}`,
    `${"{% if true %}".repeat(5000)}${"{% endif %}".repeat(5000)}`,
    `{{ "${"#{".repeat(3000)}1${"}".repeat(3000)}" }}`,
    "{% for i in 1..100000000 %}{% endfor %}",
    "{% macro r(n) %}{{ r(n) }}{% endmacro %}{{ r(1) }}",
    "{% for i in 1..1000 %}{% for j in 1..1000 %}{{ i }}{% endfor %}{% endfor %}",
    "{{ '".padEnd(300_000, "x"),
  ];
  let i = 0;
  for (; i < COUNT && Date.now() - started < BUDGET_MS; i++) {
    const r = rand();
    const template =
      i < hostile.length
        ? hostile[i]!
        : r < 0.35
          ? randomTemplate()
          : r < 0.7
            ? mutate(pick(SEEDS))
            : grammarTemplate();
    try {
      const out = renderTemplate(template, ctx, options);
      if (typeof out !== "string") bad.push(`non-text result for ${JSON.stringify(template)}`);
      outcomes.rendered++;
    } catch (e) {
      if (!(e instanceof ExprError))
        bad.push(`${(e as Error)?.name}: ${(e as Error)?.message} for ${JSON.stringify(template).slice(0, 200)}`);
      else if (e.code === "INTERNAL") bad.push(`INTERNAL ${e.message} for ${JSON.stringify(template).slice(0, 200)}`);
      outcomes.errors++;
    }
  }
  console.log(
    `fuzz: ${i} templates in ${Date.now() - started} ms, ${outcomes.rendered} rendered, ${outcomes.errors} ExprErrors`,
  );
  expect(bad.slice(0, 10)).toEqual([]);
  expect(outcomes.rendered).toBeGreaterThan(100);
});
