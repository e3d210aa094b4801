import { describe, expect, test } from "bun:test";
import { flowPositions, formatFlowError, invalidFlowMessage, parseFlow } from "../../src/flow/index.ts";

/** errors as [path, message, line, column] */
function errs(source: string) {
  return parseFlow(source).errors.map((e) => [e.path, e.message, e.line, e.column]);
}

const head = "id: f\nnamespace: company.team\n";
const log = "  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n";

describe("valid flows", () => {
  test("defaults applied, canonical type kept with the spelling as written", () => {
    const source = `${head}tasks:\n  - id: log\n    type: io.kestra.core.tasks.log.Log\n    message: hi\ntriggers:\n  - id: wh\n    type: io.kestra.plugin.core.trigger.webhook\n    key: abc\n`;
    const { flow, errors } = parseFlow(source);
    expect(errors).toEqual([]);
    expect(flow!.tasks[0]!.type).toBe("io.kestra.plugin.core.log.Log");
    expect(flow!.tasks[0]!.typeAsWritten).toBe("io.kestra.core.tasks.log.Log");
    expect(flow!.triggers[0]!.type).toBe("io.kestra.plugin.core.trigger.Webhook");
    expect(flow!.triggers[0]!.typeAsWritten).toBe("io.kestra.plugin.core.trigger.webhook");
    expect(flow).toMatchObject({
      id: "f",
      namespace: "company.team",
      tenantId: "main",
      revision: 1,
      labels: [],
      inputs: [],
      outputs: [],
      variables: {},
      errors: [],
      finally: [],
      afterExecution: [],
      disabled: false,
      source,
    });
  });

  test("tenant and revision options; labels as a map or a list become Label[]", () => {
    const a = parseFlow(`${head}labels:\n  team: data\n  system.readOnly: "true"\ntasks:\n${log}`, {
      tenantId: "t1",
      revision: 4,
    });
    expect(a.flow).toMatchObject({ tenantId: "t1", revision: 4 });
    expect(a.flow!.labels).toEqual([
      { key: "team", value: "data" },
      { key: "system.readOnly", value: "true" },
    ]);
    const b = parseFlow(`${head}labels:\n  - key: team\n    value: data\ntasks:\n${log}`);
    expect(b.flow!.labels).toEqual([{ key: "team", value: "data" }]);
  });

  test("concurrency behavior defaults to QUEUE; inputs and outputs default to required", () => {
    const { flow } = parseFlow(
      `${head}concurrency:\n  limit: 2\ninputs:\n  - id: name\n    type: STRING\noutputs:\n  - id: o\n    type: STRING\n    value: x\ntasks:\n${log}`,
    );
    expect(flow!.concurrency).toEqual({ limit: 2, behavior: "QUEUE" });
    expect(flow!.inputs[0]!.required).toBe(true);
    expect(flow!.outputs[0]!.required).toBe(true);
  });

  test("positions are kept for the engine and the UI", () => {
    const { flow } = parseFlow(`${head}tasks:\n${log}`);
    expect(flowPositions(flow!)!.get("tasks[0].message")).toMatchObject({ line: 6, column: 14, text: "hi" });
  });

  test("conditions nested in Not and Or are validated and canonicalised", () => {
    const { flow, errors } = parseFlow(`${head}tasks:\n${log}triggers:
  - id: wh
    type: io.kestra.plugin.core.trigger.Webhook
    key: k
    conditions:
      - type: io.kestra.plugin.core.condition.NotCondition
        conditions:
          - type: io.kestra.core.models.conditions.types.VariableCondition
            expression: "{{ trigger.body.test ?? false }}"
`);
    expect(errors).toEqual([]);
    const not = flow!.triggers[0]!.conditions![0]!;
    expect(not.type).toBe("io.kestra.plugin.core.condition.Not");
    expect((not.conditions as { type: string }[])[0]!.type).toBe("io.kestra.plugin.core.condition.Expression");
  });
});

describe("document rules (§7.1)", () => {
  test("YAML syntax errors carry the library's line and column", () => {
    const [e] = parseFlow("id: f\nnamespace: [a\ntasks: x\n").errors;
    expect(e!.message).toStartWith("YAML syntax error:");
    expect(e!.line).toBeGreaterThan(1);
  });

  test("duplicate YAML keys", () => {
    expect(errs(`${head}id: g\ntasks:\n${log}`)[0]![1]).toStartWith("YAML syntax error: Map keys must be unique");
  });

  test("not a map", () => {
    expect(errs("- a\n- b\n")).toEqual([["", "a flow must be a YAML map with `id`, `namespace` and `tasks`", 1, 1]]);
  });

  test("id, namespace and tasks are required", () => {
    expect(errs("description: x\n")).toEqual([
      ["id", "required property missing", 1, 1],
      ["namespace", "required property missing", 1, 1],
      ["tasks", "required property missing: a flow needs at least one task", 1, 1],
    ]);
  });

  test("flow id pattern, length and reserved ids", () => {
    expect(errs(`id: -bad\nnamespace: a\ntasks:\n${log}`)).toEqual([
      ["id", "invalid id `-bad`: must start with a letter or digit, then only letters, digits, `.`, `_` or `-`", 1, 5],
    ]);
    expect(errs(`id: ${"a".repeat(101)}\nnamespace: a\ntasks:\n${log}`)).toEqual([
      ["id", "must be at most 100 characters", 1, 5],
    ]);
    expect(errs(`id: pause\nnamespace: a\ntasks:\n${log}`)).toEqual([["id", "flow id `pause` is reserved", 1, 5]]);
  });

  test("namespace is lower-case", () => {
    expect(errs(`id: f\nnamespace: Company\ntasks:\n${log}`)).toEqual([
      [
        "namespace",
        "invalid namespace `Company`: must be lower-case letters, digits, `.`, `_` or `-`, starting with a letter or digit",
        2,
        12,
      ],
    ]);
  });

  test("tasks must be a non-empty list", () => {
    expect(errs(`${head}tasks: []\n`)).toEqual([["tasks", "must have at least one task", 3, 8]]);
    expect(errs(`${head}tasks: hello\n`)).toEqual([["tasks", "must be a list of tasks", 3, 8]]);
  });

  test("unknown top-level property", () => {
    expect(errs(`${head}taks: []\ntasks:\n${log}`)).toEqual([["taks", "unknown property `taks`", 3, 1]]);
  });

  test("labels: key rules, system.* rejected, values non-empty", () => {
    expect(errs(`${head}labels:\n  Team: a\n  system.from: x\n  empty: ""\ntasks:\n${log}`)).toEqual([
      [
        "labels.Team",
        "invalid label key `Team`: must start with a lower-case letter, then letters, digits, `.`, `_` or `-`",
        4,
        3,
      ],
      ['labels["system.from"]', "label key `system.from` is reserved: `system.` labels cannot be set in a flow", 5, 3],
      ["labels.empty", "label `empty` must have a non-empty value", 6, 10],
    ]);
  });

  test("concurrency limit ≥ 1 and behavior among QUEUE, CANCEL, FAIL", () => {
    expect(errs(`${head}concurrency:\n  limit: 0\n  behavior: DROP\ntasks:\n${log}`)).toEqual([
      ["concurrency.limit", "must be at least 1", 4, 10],
      ["concurrency.behavior", 'must be one of QUEUE, CANCEL, FAIL, got the string "DROP"', 5, 13],
    ]);
    expect(errs(`${head}concurrency:\n  behavior: FAIL\ntasks:\n${log}`)).toEqual([
      ["concurrency.limit", "required property missing", 4, 3],
    ]);
  });

  test("duplicate ids across nested task lists, errors and finally", () => {
    const source = `${head}tasks:
  - id: parent
    type: io.kestra.plugin.core.flow.Sequential
    tasks:
      - id: a
        type: io.kestra.plugin.core.log.Log
        message: x
  - id: a
    type: io.kestra.plugin.core.log.Log
    message: y
errors:
  - id: parent
    type: io.kestra.plugin.core.log.Log
    message: z
finally:
  - id: a
    type: io.kestra.plugin.core.log.Log
    message: z
`;
    expect(errs(source).filter((e) => String(e[1]).startsWith("Duplicate"))).toEqual([
      ["tasks[1].id", "Duplicate task id with name [a]", 10, 9],
      ["errors[0].id", "Duplicate task id with name [parent]", 14, 9],
      ["finally[0].id", "Duplicate task id with name [a]", 18, 9],
    ]);
  });

  test("duplicate trigger, input and output ids", () => {
    const source = `${head}inputs:
  - id: x
    type: STRING
  - id: x
    type: INT
outputs:
  - id: o
    type: STRING
    value: a
  - id: o
    type: STRING
    value: b
tasks:
${log}triggers:
  - id: t
    type: io.kestra.plugin.core.trigger.Webhook
    key: a
  - id: t
    type: io.kestra.plugin.core.trigger.Webhook
    key: b
`;
    expect(errs(source)).toEqual([
      ["inputs[1].id", "Duplicate input with name [x]", 6, 9],
      ["outputs[1].id", "Duplicate output with name [o]", 12, 9],
      ["triggers[1].id", "Duplicate trigger id with name [t]", 23, 9],
    ]);
  });

  test("`inputs.my-input` and `outputs.my-task.x` are rejected", () => {
    const source = `${head}tasks:\n  - id: a\n    type: io.kestra.plugin.core.debug.Return\n    format: "{{ inputs.my-input }}"\n  - id: b\n    type: io.kestra.plugin.core.debug.Return\n    format: "{{ outputs.my-task.value }} {{ inputs['my-input'] }}"\n`;
    expect(errs(source)).toEqual([
      [
        "tasks[0].format",
        "invalid expression `inputs.my-input`: an id with a dash must use brackets, e.g. `inputs['my-input']`",
        6,
        13,
      ],
      [
        "tasks[1].format",
        "invalid expression `outputs.my-task`: an id with a dash must use brackets, e.g. `outputs['my-task']`",
        9,
        13,
      ],
    ]);
  });

  test("template syntax errors point into the YAML line", () => {
    const [e] = parseFlow(
      `${head}tasks:\n  - id: a\n    type: io.kestra.plugin.core.log.Log\n    message: "hello {{ name"\n`,
    ).errors;
    expect(e!.path).toBe("tasks[0].message");
    expect(e!.message).toStartWith("invalid expression: ");
    expect(e!.message).toContain("(expression line 1, column");
    expect(e!.line).toBe(6);
    expect(e!.column).toBeGreaterThan(14);
  });

  test("template syntax errors: exact position in a quoted scalar and in a block scalar", () => {
    const source = `${head}tasks:
  - id: a
    type: io.kestra.plugin.core.log.Log
    message: "hello {{ name | }}"
  - id: b
    type: io.kestra.plugin.core.log.Log
    message: |
      line one
      {{ 1 + }}
`;
    expect(errs(source)).toEqual([
      ["tasks[0].message", "invalid expression: Expected a filter name (expression line 1, column 17)", 6, 31],
      ["tasks[1].message", "invalid expression: Unexpected end of expression (expression line 2, column 8)", 11, 14],
    ]);
  });

  test("messages for people: one error, and the whole flow (Kestra's `Invalid Flow: ...`)", () => {
    const { errors } = parseFlow(`${head}tasks:\n  - id: a\n    type: io.kestra.plugin.core.log.Log\n`);
    expect(errors.map(formatFlowError)).toEqual(["tasks[0].message: required property missing (line 4, column 5)"]);
    expect(invalidFlowMessage(errors)).toBe("Invalid Flow: tasks[0].message: required property missing");
  });

  test("YAML with a complex key or an alias bomb gives errors, never throws", () => {
    expect(errs(`${head}? [a, b]\n: v\ntasks:\n${log}`)).toEqual([
      ['["[ a, b ]"]', "unknown property `[ a, b ]`", 3, 3],
    ]);
    const bomb =
      "a: &a [1,2]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n";
    expect(errs(bomb)[0]![1]).toStartWith("YAML error: Excessive alias count");
  });
});
