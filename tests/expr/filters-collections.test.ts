import { describe, expect, test } from "bun:test";
import { EvalFailure } from "../../src/expr/types.ts";
import { applyFilter, testEnv } from "./helpers-env.ts";

type Case = [filter: string, input: unknown, args: unknown[] | Record<string, unknown>, expected: unknown];

const cases: Case[] = [
  ["first", [1, 2, 3], [], 1],
  ["first", [], [], null],
  ["first", "abc", [], "a"],
  ["first", "", [], null],
  ["first", null, [], null],
  ["last", [1, 2, 3], [], 3],
  ["last", "abc", [], "c"],
  ["last", [], [], null],
  ["length", "abc", [], 3],
  ["length", [1, 2], [], 2],
  ["length", { a: 1, b: 2, c: 3 }, [], 3],
  ["length", null, [], 0],
  ["length", undefined, [], 0],
  ["length", "", [], 0],
  ["join", ["a", "b", "c"], [","], "a,b,c"],
  ["join", ["a", "b"], [], "ab"],
  ["join", [1, true, null, { a: 1 }], [" | "], '1 | true | null | {"a":1}'],
  ["join", [], ["-"], ""],
  ["join", null, ["-"], null],
  ["keys", { a: 1, b: 2 }, [], ["a", "b"]],
  ["keys", {}, [], []],
  ["keys", ["a", "b", "c"], [], [0, 1, 2]],
  ["values", { a: 1, b: [2] }, [], [1, [2]]],
  ["values", null, [], null],
  ["flatten", [[1, 2], [3], 4, []], [], [1, 2, 3, 4]],
  ["flatten", [[1, [2, 3]]], [], [1, [2, 3]]],
  ["flatten", [], [], []],
  ["distinct", [1, 2, 1, 3, 2], [], [1, 2, 3]],
  ["distinct", ["a", "A", "a"], [], ["a", "A"]],
  ["distinct", [{ a: 1, b: 2 }, { b: 2, a: 1 }, [1], [1]], [], [{ a: 1, b: 2 }, [1]]],
  ["distinct", [1, "1"], [], [1, "1"]],
  ["chunk", [1, 2, 3, 4, 5], [2], [[1, 2], [3, 4], [5]]],
  ["chunk", [1, 2], [5], [[1, 2]]],
  ["chunk", [], [3], []],
  ["merge", [1, 2], [[3]], [1, 2, 3]],
  ["merge", { a: 1, b: 2 }, [{ b: 3, c: 4 }], { a: 1, b: 3, c: 4 }],
  ["merge", [], [[]], []],
  ["merge", [1], [{ a: 2 }], [1, { a: 2 }]],
  ["merge", { a: 1 }, [["b", 2]], { a: 1, b: "b", "2": 2 }],
  ["reverse", [1, 2, 3], [], [3, 2, 1]],
  ["reverse", "abc", [], "cba"],
  ["reverse", [], [], []],
  ["sort", [3, 1, 2], [], [1, 2, 3]],
  ["sort", [10, 9, 100], [], [9, 10, 100]],
  ["sort", ["b", "a", "C"], [], ["C", "a", "b"]],
  ["sort", [], [], []],
  ["rsort", [3, 1, 2], [], [3, 2, 1]],
  ["rsort", ["b", "a", "c"], [], ["c", "b", "a"]],
  ["slice", "hello", [1, 3], "el"],
  ["slice", "hello", [2], "llo"],
  ["slice", [1, 2, 3, 4], [1, 3], [2, 3]],
  ["slice", [1, 2, 3], [], [1, 2, 3]],
  ["slice", [1, 2, 3], { toIndex: 1 }, [1]],
  ["slice", "abc", [1, 1], ""],
  ["abs", -7, [], 7],
  ["abs", 2.5, [], 2.5],
  ["abs", "-3", [], 3],
  ["abs", null, [], null],
  ["className", "a", [], "java.lang.String"],
  ["className", 1, [], "java.lang.Integer"],
  ["className", 3000000000, [], "java.lang.Long"],
  ["className", 1.5, [], "java.lang.Double"],
  ["className", true, [], "java.lang.Boolean"],
  ["className", [1], [], "java.util.ArrayList"],
  ["className", { a: 1 }, [], "java.util.LinkedHashMap"],
  ["className", null, [], null],
  ["number", "42", [], 42],
  ["number", "-1.5", [], -1.5],
  ["number", " 7 ", [], 7],
  ["number", "1e3", [], 1000],
  ["number", "12", ["INT"], 12],
  ["number", "12", ["float"], 12],
  ["number", "12.75", ["DOUBLE"], 12.75],
  ["number", "12.75", ["BIGDECIMAL"], 12.75],
  ["number", "9007199254740991", ["LONG"], 9007199254740991],
  ["number", 3.9, ["INT"], 3],
  ["number", 5, [], 5],
  ["number", "1", ["COMPLEX"], 1],
  ["number", "0x1F", ["INT"], 31],
  ["number", "2.5f", [], 2.5],
  ["number", null, [], null],
  ["numberFormat", 1234.5, ["#,##0.00"], "1,234.50"],
  ["numberFormat", 1234567.891, ["#,##0.00"], "1,234,567.89"],
  ["numberFormat", 1.23456, ["0.000"], "1.235"],
  ["numberFormat", 2.5, ["#"], "2"],
  ["numberFormat", 3.5, ["#"], "4"],
  ["numberFormat", 0.125, ["0.00"], "0.12"],
  ["numberFormat", 0.375, ["0.00"], "0.38"],
  ["numberFormat", 1.005, ["0.00"], "1.00"],
  ["numberFormat", 0.5, ["#.##"], ".5"],
  ["numberFormat", 0.5, ["0.##"], "0.5"],
  ["numberFormat", 0, ["#.##"], "0"],
  ["numberFormat", 0.25, ["#%"], "25%"],
  ["numberFormat", -1234.5, ["#,##0.0"], "-1,234.5"],
  ["numberFormat", 7, ["000"], "007"],
  ["numberFormat", 1.5, ["0.###"], "1.5"],
  ["numberFormat", 12, ["$#,##0.00"], "$12.00"],
  ["numberFormat", "99.999", ["0.00"], "100.00"],
  ["numberFormat", -0.001, ["0.00"], "0.00"],
  ["toJson", { a: [1, 2], b: "x" }, [], '{"a":[1,2],"b":"x"}'],
  ["toJson", null, [], "null"],
  ["toJson", undefined, [], "null"],
  ["toJson", 'a"b', [], '"a\\"b"'],
  ["toJson", 1.5, [], "1.5"],
  ["json", [1, { a: null }], [], '[1,{"a":null}]'],
  ["json", true, [], "true"],
  ["yaml", { a: [1, 2], b: "x" }, [], "a:\n  - 1\n  - 2\nb: x\n"],
  ["yaml", "text", [], "text\n"],
  ["yaml", null, [], "null"],
  ["yaml", [{ a: 1 }, "b"], [], "- a: 1\n- b\n"],
  ["jq", { a: 1 }, [".a"], [1]],
  ["jq", { a: [1, 2, 3] }, [".a[]"], [1, 2, 3]],
  ["jq", '{"a":{"b":"x"}}', [".a.b"], ["x"]],
  ["jq", [3, 1, 2], ["sort"], [[1, 2, 3]]],
  ["jq", { a: 1 }, ["empty"], []],
  [
    "jq",
    {
      items: [
        { n: "a", v: 1 },
        { n: "b", v: 2 },
      ],
    },
    ["[.items[] | select(.v > 1) | .n]"],
    [["b"]],
  ],
  ["jq", null, ["."], null],
  ["jq", "null", ["."], [null]],
  ["jq", { a: 1, b: 2 }, ["keys"], [["a", "b"]]],
  ["jq", "[1,2]", ["map(. * 10) | add"], [30]],
  ["jq", { s: "x" }, [".s | ascii_upcase"], ["X"]],
];

describe("collection, number and misc filters", () => {
  test.each(cases)("%s(%p, %p)", (name, input, args, expected) => {
    expect(applyFilter(name, input, args)).toEqual(expected);
  });

  test("jq runs repeatedly", () => {
    for (let i = 0; i < 50; i++) expect(applyFilter("jq", { i }, [".i + 1"])).toEqual([i + 1]);
  });

  test("iterating filters count ticks and stop at the limit", () => {
    const env = testEnv({ maxTicks: 10 });
    expect(() =>
      applyFilter(
        "join",
        Array.from({ length: 20 }, () => "x"),
        [","],
        env,
      ),
    ).toThrow("too many iterations");
    const env2 = testEnv();
    applyFilter("distinct", [1, 2, 3], [], env2);
    expect(env2.ticks).toBeGreaterThanOrEqual(3);
  });
});

const errors: [string, unknown, unknown[] | Record<string, unknown>, RegExp][] = [
  ["keys", "x", [], /keys: expects a map, got string/],
  ["values", "x", [], /values: expects a map, got string/],
  ["flatten", "x", [], /flatten: expects a list/],
  ["distinct", { a: 1 }, [], /distinct: expects a list, got map/],
  ["chunk", [1], [0], /chunk: the argument 'size' must be greater than 0/],
  ["chunk", [1], [], /chunk: the argument 'size' is required/],
  ["join", "abc", [","], /join: expects a list, got string/],
  ["merge", [1], ["x"], /merge: cannot merge list with string/],
  ["merge", { a: 1 }, ["x"], /merge: cannot merge map with string/],
  ["reverse", 12, [], /reverse: expects a list or text, got number/],
  ["sort", [1, "a"], [], /sort: cannot compare/],
  ["rsort", [{}, {}], [], /rsort: cannot compare map with map/],
  ["sort", "abc", [], /sort: expects a list/],
  ["slice", "abc", [-1], /slice: fromIndex must not be negative/],
  ["slice", "abc", [0, 9], /slice: toIndex 9 is greater than the length 3/],
  ["slice", "abc", [2, 1], /slice: toIndex 1 is smaller than fromIndex 2/],
  ["slice", 5, [], /slice: expects a list or text, got number/],
  ["abs", "x", [], /abs: expects a number, got string/],
  ["number", "abc", [], /number: cannot read 'abc'/],
  ["number", "1.5", ["INT"], /number: cannot read '1.5' as INT/],
  ["number", [1], [], /number: can only be applied to text, got list/],
  ["numberFormat", "x", ["#"], /numberFormat: expects a number/],
  ["numberFormat", 1, [], /numberFormat: the argument 'format' is required/],
  ["numberFormat", 1, ["abc"], /numberFormat: unsupported pattern/],
  ["jq", { a: 1 }, [".a |||"], /jq: error: syntax error/],
  ["jq", "not json", ["."], /jq: the text input is not valid JSON/],
  ["jq", "x", [], /jq: the argument 'expression' is required/],
  ["jq", { a: "x" }, [".a + 1"], /jq: error: string \("x"\) and number \(1\) cannot be added/],
];

describe("collection filter errors", () => {
  test.each(errors)("%s(%p, %p) fails", (name, input, args, message) => {
    expect(() => applyFilter(name, input, args)).toThrow(EvalFailure);
    expect(() => applyFilter(name, input, args)).toThrow(message);
  });
});
