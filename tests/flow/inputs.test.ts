import { describe, expect, test } from "bun:test";
import { parseFlow, resolveInputs, typeOutputs } from "../../src/flow/index.ts";
import type { Flow } from "../../src/model/flow.ts";

/** a flow from real YAML text with the given inputs/outputs block */
function flowWith(block: string): Flow {
  const r = parseFlow(
    `id: f\nnamespace: t\n${block}tasks:\n  - id: a\n    type: io.kestra.plugin.core.log.Log\n    message: x\n`,
  );
  if (!r.flow) throw new Error(JSON.stringify(r.errors));
  return r.flow;
}

/** a tiny render for these tests: `{{ inputs.x }}` and `{{ name }}` lookups, "{{ boom }}" throws */
function render(template: string, extra: Record<string, unknown> = {}): unknown {
  if (template.includes("boom")) throw new Error("cannot render boom");
  const vars: Record<string, unknown> = { name: "ada", list: '["x","y"]', ...extra };
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, path: string) => {
    const v = path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], vars);
    return v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
  });
}

function one(def: string, provided: unknown) {
  const flow = flowWith(`inputs:\n  - id: v\n${def}`);
  const r = resolveInputs(flow, provided === undefined ? {} : { v: provided }, render);
  return r.errors.length ? { error: r.errors[0]!.message } : { value: r.values.v };
}

describe("typing per input type (§7.2)", () => {
  const cases: [string, string, unknown, unknown][] = [
    ["STRING from text", "    type: STRING\n", "hi", { value: "hi" }],
    ["STRING from a number", "    type: STRING\n", 12, { value: "12" }],
    ["STRING validator, full match", "    type: STRING\n    validator: '[a-z]+'\n", "abc", { value: "abc" }],
    [
      "STRING validator, partial match fails",
      "    type: STRING\n    validator: '[a-z]+'\n",
      "abc1",
      { error: "Invalid input for `v`, it must match the pattern `[a-z]+`" },
    ],
    ["INT", "    type: INT\n", "42", { value: 42 }],
    ["INT not an integer", "    type: INT\n", "4.2", { error: "Invalid input for `v`, `4.2` is not an integer" }],
    ["INT min", "    type: INT\n    min: 10\n", 5, { error: "Invalid input for `v`, must not be less than `10`" }],
    [
      "INT max",
      "    type: INT\n    max: 10\n",
      "11",
      { error: "Invalid input for `v`, must not be greater than `10`" },
    ],
    ["FLOAT", "    type: FLOAT\n", "1.5", { value: 1.5 }],
    ["FLOAT invalid", "    type: FLOAT\n", "abc", { error: "Invalid input for `v`, `abc` is not a number" }],
    ["BOOL true any case", "    type: BOOL\n", "TRUE", { value: true }],
    ["BOOL lenient: anything else is false", "    type: BOOLEAN\n", "yes", { value: false }],
    ["BOOL typed", "    type: BOOL\n", true, { value: true }],
    ["DATETIME", "    type: DATETIME\n", "2024-05-01T10:00:00+02:00", { value: "2024-05-01T08:00:00Z" }],
    [
      "DATETIME without zone",
      "    type: DATETIME\n",
      "2024-05-01T10:00:00",
      {
        error:
          "Invalid input for `v`, `2024-05-01T10:00:00` is not a date-time with a zone (e.g. 2024-05-01T10:00:00Z)",
      },
    ],
    [
      "DATETIME after",
      "    type: DATETIME\n    after: '2024-06-01T00:00:00Z'\n",
      "2024-05-01T00:00:00Z",
      { error: "Invalid input for `v`, must not be before `2024-06-01T00:00:00Z`" },
    ],
    ["DATE", "    type: DATE\n", "2024-02-29", { value: "2024-02-29" }],
    [
      "DATE invalid day",
      "    type: DATE\n",
      "2023-02-29",
      { error: "Invalid input for `v`, `2023-02-29` is not a date (YYYY-MM-DD)" },
    ],
    [
      "DATE before",
      "    type: DATE\n    before: '2024-01-01'\n",
      "2024-01-02",
      { error: "Invalid input for `v`, must not be after `2024-01-01`" },
    ],
    ["TIME", "    type: TIME\n", "10:15", { value: "10:15" }],
    [
      "TIME invalid",
      "    type: TIME\n",
      "25:00",
      { error: "Invalid input for `v`, `25:00` is not a time (HH:mm or HH:mm:ss)" },
    ],
    [
      "TIME after",
      "    type: TIME\n    after: '09:00'\n",
      "08:59:59",
      { error: "Invalid input for `v`, must not be before `09:00:00`" },
    ],
    ["DURATION", "    type: DURATION\n", "pt5m", { value: "PT5M" }],
    [
      "DURATION invalid",
      "    type: DURATION\n",
      "5 minutes",
      { error: "Invalid input for `v`, `5 minutes` is not an ISO-8601 duration (e.g. PT5M)" },
    ],
    [
      "DURATION max",
      "    type: DURATION\n    max: PT1M\n",
      "PT2M",
      { error: "Invalid input for `v`, must not be longer than `60000 ms`" },
    ],
    ["SELECT", "    type: SELECT\n    values: [a, b]\n", "b", { value: "b" }],
    [
      "SELECT outside values",
      "    type: SELECT\n    values: [a, b]\n",
      "c",
      { error: "Invalid input for `v`, it must match the values `[a, b]`" },
    ],
    [
      "SELECT custom value allowed",
      "    type: SELECT\n    values: [a]\n    allowCustomValue: true\n",
      "c",
      { value: "c" },
    ],
    [
      "SELECT not required accepts others",
      "    type: SELECT\n    values: [a]\n    required: false\n",
      "c",
      { value: "c" },
    ],
    [
      "SELECT autoSelectFirst",
      "    type: SELECT\n    values: [a, b]\n    autoSelectFirst: true\n",
      undefined,
      { value: "a" },
    ],
    ["SELECT expression", "    type: SELECT\n    expression: '{{ list }}'\n", "y", { value: "y" }],
    ["MULTISELECT", "    type: MULTISELECT\n    values: [a, b, c]\n", ["a", "c"], { value: ["a", "c"] }],
    ["MULTISELECT JSON text", "    type: MULTISELECT\n    values: [a, b]\n", '["b"]', { value: ["b"] }],
    [
      "MULTISELECT outside values",
      "    type: MULTISELECT\n    values: [a]\n",
      ["a", "z"],
      { error: "Invalid input for `v`, value `z` is not part of the available values `[a]`" },
    ],
    ["ARRAY of INT from JSON text", "    type: ARRAY\n    itemType: INT\n", "[1, 2]", { value: [1, 2] }],
    [
      "ARRAY item error",
      "    type: ARRAY\n    itemType: INT\n",
      ["1", "x"],
      { error: "Invalid input for `v`, item 1: `x` is not an integer" },
    ],
    [
      "ARRAY not a list",
      "    type: ARRAY\n    itemType: STRING\n",
      "a,b",
      { error: "Invalid input for `v`, must be a list (or a JSON array text)" },
    ],
    ["JSON text", "    type: JSON\n", '{"a": [1]}', { value: { a: [1] } }],
    ["JSON map kept", "    type: JSON\n", { a: 1 }, { value: { a: 1 } }],
    [
      "JSON invalid",
      "    type: JSON\n",
      "{a",
      { error: expect.stringMatching(/^Invalid input for `v`, invalid JSON: /) },
    ],
    ["YAML text", "    type: YAML\n", "a: 1\nb: [x]\n", { value: { a: 1, b: ["x"] } }],
    ["URI", "    type: URI\n", "https://example.com/a?b=c", { value: "https://example.com/a?b=c" }],
    ["URI without scheme", "    type: URI\n", "example.com/a", { error: "Invalid input for `v`, Invalid URI format." }],
    ["EMAIL", "    type: EMAIL\n", "ada@example.com", { value: "ada@example.com" }],
    ["EMAIL empty allowed", "    type: EMAIL\n", "", { value: "" }],
    [
      "EMAIL invalid",
      "    type: EMAIL\n",
      "ada.example.com",
      { error: "Invalid input for `v`, `ada.example.com` is not a valid email address" },
    ],
    [
      "FILE not supported",
      "    type: FILE\n",
      "kestra://a",
      { error: "Invalid input for `v`, FILE inputs and outputs are not supported by perch" },
    ],
    [
      "SECRET not supported",
      "    type: SECRET\n",
      "x",
      { error: "Invalid input for `v`, SECRET inputs and outputs are not supported by perch" },
    ],
  ];
  for (const [name, def, provided, expected] of cases) {
    test(name, () => expect(one(def, provided)).toEqual(expected as never));
  }
});

describe("resolution (§7.2)", () => {
  test("required by default: `Missing required input:<id>`; optional gives null", () => {
    expect(one("    type: STRING\n", undefined)).toEqual({ error: "Missing required input:v" });
    expect(one("    type: STRING\n    required: false\n", undefined)).toEqual({ value: null });
  });

  test("defaults are rendered, and may use inputs resolved before", () => {
    const flow = flowWith(
      "inputs:\n  - id: first\n    type: STRING\n  - id: greeting\n    type: STRING\n    defaults: 'hello {{ inputs.first }} and {{ name }}'\n  - id: n\n    type: INT\n    defaults: 3\n",
    );
    expect(resolveInputs(flow, { first: "bob" }, render)).toEqual({
      values: { first: "bob", greeting: "hello bob and ada", n: 3 },
      errors: [],
      warnings: [],
    });
  });

  test("dependsOn: enabled only when the dependencies are set and the condition renders true", () => {
    const flow = flowWith(`inputs:
  - id: mode
    type: SELECT
    values: [simple, advanced]
    required: false
  - id: level
    type: INT
    dependsOn:
      inputs: [mode]
      condition: "{{ inputs.mode == 'advanced' }}"
  - id: note
    type: STRING
    dependsOn:
      inputs: [mode]
`);
    // the test render knows no `==`: the condition renders to text other than "true", so `level` is disabled
    expect(resolveInputs(flow, { mode: "advanced", level: "2", note: "n" }, render).values).toEqual({
      mode: "advanced",
      note: "n",
    });
    const r = resolveInputs(flow, {}, (t, extra) => (t.includes("==") ? "true" : render(t, extra)));
    expect(r.values).toEqual({ mode: null });
    expect(r.errors).toEqual([]);
    const r2 = resolveInputs(flow, { mode: "advanced" }, (t, extra) => (t.includes("==") ? "true" : render(t, extra)));
    expect(r2.errors).toEqual([
      { input: "level", message: "Missing required input:level" },
      { input: "note", message: "Missing required input:note" },
    ]);
  });

  test("dependencies resolve first whatever the declaration order", () => {
    const flow = flowWith(
      "inputs:\n  - id: b\n    type: STRING\n    defaults: '{{ inputs.a }}!'\n    dependsOn:\n      inputs: [a]\n  - id: a\n    type: STRING\n",
    );
    expect(resolveInputs(flow, { a: "x" }, render).values).toEqual({ b: "x!", a: "x" });
  });

  test("dotted ids become nested maps; unknown provided keys give a warning", () => {
    const flow = flowWith("inputs:\n  - id: user.name\n    type: STRING\n  - id: user.age\n    type: INT\n");
    expect(resolveInputs(flow, { "user.name": "ada", "user.age": "36", extra: 1 }, render)).toEqual({
      values: { user: { name: "ada", age: 36 } },
      errors: [],
      warnings: ["Provided input `extra` is not declared by the flow and is ignored"],
    });
  });

  test("a default that fails to render is an error of that input", () => {
    const flow = flowWith("inputs:\n  - id: x\n    type: STRING\n    defaults: '{{ boom }}'\n");
    expect(resolveInputs(flow, {}, render).errors).toEqual([
      { input: "x", message: "Invalid input for `x`, cannot render boom" },
    ]);
  });
});

describe("outputs (§7.3)", () => {
  test("rendered and typed, non-string literals kept", () => {
    const flow = flowWith(
      "outputs:\n  - id: who\n    type: STRING\n    value: '{{ name }}'\n  - id: n\n    type: INT\n    value: '42'\n  - id: ok\n    type: BOOL\n    value: true\n  - id: data\n    type: JSON\n    value: '{\"a\": 1}'\n",
    );
    expect(typeOutputs(flow, render)).toEqual({
      values: { who: "ada", n: 42, ok: true, data: { a: 1 } },
      errors: [],
      warnings: [],
    });
  });

  test("a required output that fails to render fails; an optional one is dropped with a warning", () => {
    const flow = flowWith(
      "outputs:\n  - id: a\n    type: STRING\n    value: '{{ boom }}'\n  - id: b\n    type: STRING\n    required: false\n    value: '{{ boom }}'\n  - id: c\n    type: STRING\n    value: fine\n",
    );
    expect(typeOutputs(flow, render)).toEqual({
      values: { c: "fine" },
      errors: [{ output: "a", message: "Failed to render output values: cannot render boom" }],
      warnings: ["Failed to render optional output `b`: cannot render boom"],
    });
  });

  test("a value of the wrong type is an error", () => {
    const flow = flowWith("outputs:\n  - id: n\n    type: INT\n    value: 'abc'\n");
    expect(typeOutputs(flow, render).errors).toEqual([
      { output: "n", message: "Invalid output for `n`, `abc` is not an integer" },
    ]);
  });
});
