/** jq cannot hang a render: programs that never end are stopped at the render's time limit (TIMEOUT). */
import { expect, test } from "bun:test";
import { ExprError, renderTemplate } from "../../src/expr/index.ts";
import { JqError, runJq } from "../../src/expr/jq.ts";

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ExprError);
    return (e as ExprError).code;
  }
  return "no error";
}

const fast = { limits: { maxMillis: 200 } };

for (const program of ["repeat(.)", "[range(1e9)]", "def f: f; f", "last(range(1e12))"]) {
  test(`jq('${program}') ends with TIMEOUT, and the next jq call works`, () => {
    let err: ExprError | undefined;
    try {
      renderTemplate(`{{ x | jq('${program}') }}`, { x: 1 }, fast);
    } catch (e) {
      err = e as ExprError;
    }
    expect(err).toBeInstanceOf(ExprError);
    expect(err!.code).toBe("TIMEOUT");
    expect(err!.message).toContain("jq");
    expect(err!.column).toBe(8);
    expect(renderTemplate("{{ x | jq('.a + 1') | first }}", { x: { a: 41 } })).toBe("42");
  });
}

test("the default limit (1000 ms) applies without options", () => {
  expect(codeOf(() => renderTemplate("{{ 1 | jq('repeat(.)') }}", {}))).toBe("TIMEOUT");
  expect(renderTemplate("{{ [3, 1, 2] | jq('sort') | first }}", {})).toBe("[1,2,3]");
});

test("a jq call late in a render gets only the time left", () => {
  const source = "{% for i in range(1, 3) %}{{ i | jq('if . == 3 then repeat(.) else . end') }}{% endfor %}";
  expect(codeOf(() => renderTemplate(source, {}, fast))).toBe("TIMEOUT");
});

test("jq errors stay FILTER errors, and the worker goes on", () => {
  expect(codeOf(() => renderTemplate("{{ 1 | jq('.[') }}", {}))).toBe("FILTER");
  expect(codeOf(() => renderTemplate("{{ 1 | jq('error(\"boom\")') }}", {}))).toBe("FILTER");
  expect(renderTemplate("{{ {'a': [1, 2]} | jq('.a | add') | first }}", {})).toBe("3");
});

test("results larger than the shared buffer come through whole", () => {
  // a generous time bound: this checks sizes, and a loaded CI machine must not turn it into a timeout
  const out = runJq(null, "[range(100000)] | map(tostring)", undefined, 20_000);
  expect((out[0] as string[]).length).toBe(100000);
  expect((out[0] as string[])[99999]).toBe("99999");
  const text = runJq("é".repeat(200_000), ".", undefined, 20_000);
  expect(text).toEqual(["é".repeat(200_000)]);
  expect(runJq({ a: 1 }, ".a, .a")).toEqual([1, 1]);
});

test("runJq alone: JqError for a bad program, a timeout given by the caller", () => {
  expect(() => runJq(1, ".[")).toThrow(JqError);
  expect(() => runJq(1, "repeat(.)", undefined, 50)).toThrow(/stopped after 50 ms/);
  expect(runJq(1, ". + 1")).toEqual([2]);
});
