import { describe, expect, test } from "bun:test";
import { expression } from "../../src/plugins/conditions/expression.ts";
import { not } from "../../src/plugins/conditions/not.ts";
import { or } from "../../src/plugins/conditions/or.ts";
import { conditionContext } from "./context.ts";

const ctx = conditionContext({ trigger: { body: { hello: "world", n: 0 } } });
const EXPR = "io.kestra.plugin.core.condition.Expression";
const cond = (e: string) => ({ type: EXPR, expression: e });

describe("Expression truthiness (§3.1): false iff blank or trimmed `false`", () => {
  const table: [string, boolean][] = [
    ["{{ trigger.body.hello == 'world' }}", true],
    ["{{ trigger.body.hello == 'webhook' }}", false],
    ["", false],
    ["   ", false],
    [" false ", false],
    ["False", true],
    ["FALSE", true],
    ["0", true],
    ["{{ trigger.body.n }}", true],
    ["no", true],
    ["null", true],
  ];
  for (const [e, expected] of table) {
    test(`${JSON.stringify(e)} -> ${expected}`, () => expect(expression.test({ expression: e }, ctx)).toBe(expected));
  }
  test("a render error propagates (the caller counts it as false)", () => {
    expect(() => expression.test({ expression: "{{ trigger.body.hello.x.y }}" }, ctx)).toThrow();
  });
});

describe("Not and Or", () => {
  test("Not: true iff none is true", async () => {
    expect(await not.test({ conditions: [cond("false"), cond("")] }, ctx)).toBe(true);
    expect(await not.test({ conditions: [cond("false"), cond("yes")] }, ctx)).toBe(false);
  });
  test("Or: true iff any is true, stops at the first true", async () => {
    expect(await or.test({ conditions: [cond("false"), cond("{{ trigger.body.hello }}")] }, ctx)).toBe(true);
    expect(await or.test({ conditions: [cond("false"), cond("")] }, ctx)).toBe(false);
    expect(await or.test({ conditions: [cond("true"), cond("{{ nope.nope.nope }}")] }, ctx)).toBe(true);
  });
  test("nested: Not(Or(a, b))", async () => {
    const c = { type: "io.kestra.plugin.core.condition.Or", conditions: [cond("false"), cond("false")] };
    expect(await not.test({ conditions: [c] }, ctx)).toBe(true);
  });
  test("an error in a child propagates", async () => {
    await expect(or.test({ conditions: [cond("{{ nope.nope.nope }}")] }, ctx)).rejects.toThrow();
  });
});
