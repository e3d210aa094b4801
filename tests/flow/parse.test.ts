import { describe, expect, test } from "bun:test";
import { flowPositions, parseFlow } from "../../src/flow/index.ts";

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
});

describe("tasks, triggers and conditions", () => {
  test("unknown type names the closest known type", () => {
    expect(errs(`${head}tasks:\n  - id: a\n    type: io.kestra.plugin.core.log.Lgo\n    message: x\n`)).toEqual([
      [
        "tasks[0].type",
        "Unknown task type `io.kestra.plugin.core.log.Lgo`; did you mean `io.kestra.plugin.core.log.Log`?",
        5,
        11,
      ],
    ]);
    expect(errs(`${head}tasks:\n  - id: a\n    type: com.example.Nothing\n`)).toEqual([
      ["tasks[0].type", "Unknown task type `com.example.Nothing`", 5, 11],
    ]);
  });

  test("missing id and type, bad task id", () => {
    expect(
      errs(`${head}tasks:\n  - message: x\n  - id: 1a.b\n    type: io.kestra.plugin.core.log.Log\n    message: x\n`),
    ).toEqual([
      ["tasks[0].id", "required property missing", 4, 5],
      ["tasks[0].type", "required property missing", 4, 5],
      [
        "tasks[1].id",
        "invalid id `1a.b`: must start with a letter or digit, then only letters, digits, `_` or `-`",
        5,
        9,
      ],
    ]);
  });

  test("plugin schema: required property at the task's line, wrong types at the value", () => {
    expect(errs(`${head}tasks:\n  - id: a\n    type: io.kestra.plugin.core.log.Log\n    level: LOUD\n`)).toEqual([
      ["tasks[0].message", "required property missing", 4, 5],
      ["tasks[0].level", 'must be one of TRACE, DEBUG, INFO, WARN, ERROR, got the string "LOUD"', 6, 12],
    ]);
    expect(
      errs(`${head}tasks:\n  - id: a\n    type: io.kestra.plugin.core.log.Log\n    message:\n      k: v\n`),
    ).toEqual([["tasks[0].message", "must be a string or a list of strings, got a map", 7, 7]]);
  });

  test("unknown properties are rejected, with a suggestion; common ones are allowed and checked", () => {
    const source = `${head}tasks:
  - id: a
    type: io.kestra.plugin.core.log.Log
    mesage: x
    message: x
    description: ok
    disabled: false
    allowFailure: true
    runIf: "{{ true }}"
    timeout: PT1M
    retry:
      type: constant
      interval: PT1S
      maxAttempts: 3
  - id: b
    type: io.kestra.plugin.core.flow.Sleep
    duration: five
    timeout: soon
`;
    expect(errs(source)).toEqual([
      ["tasks[0].mesage", "unknown property `mesage`; did you mean `message`?", 6, 5],
      ["tasks[1].duration", "must be an ISO-8601 duration (e.g. PT5M)", 19, 15],
      ["tasks[1].timeout", "must be an ISO-8601 duration (e.g. PT5M)", 20, 14],
    ]);
  });

  test("webhook: key required and at most 256 characters; responseCode an integer or a template", () => {
    const t = (props: string) =>
      errs(`${head}tasks:\n${log}triggers:\n  - id: w\n    type: io.kestra.plugin.core.trigger.Webhook\n${props}`);
    expect(t("    wait: true\n")).toEqual([["triggers[0].key", "required property missing", 8, 5]]);
    expect(t(`    key: ${"k".repeat(257)}\n`)).toEqual([["triggers[0].key", "must be at most 256 characters", 10, 10]]);
    expect(t("    key: k\n    responseCode: [1]\n")).toEqual([
      ["triggers[0].responseCode", "must be an integer or a string, got a list", 11, 19],
    ]);
    expect(t("    key: k\n    responseCode: 202\n    responseContentType: text/plain\n")).toEqual([]);
  });

  test("webhook V1: responseContentType only application/json or text/plain", () => {
    const t = (ct: string) =>
      errs(
        `${head}tasks:\n${log}triggers:\n  - id: w\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: k\n    responseContentType: ${ct}\n`,
      );
    expect(t("text/html")).toEqual([
      [
        "triggers[0].responseContentType",
        "invalid webhook: responseContentType must be either 'application/json' or 'text/plain'",
        11,
        26,
      ],
    ]);
    expect(t("text/plain")).toEqual([]);
    expect(t("application/json")).toEqual([]);
  });

  test("webhook V2: MultipleCondition rejected", () => {
    const source = `${head}tasks:\n${log}triggers:
  - id: w
    type: io.kestra.plugin.core.trigger.Webhook
    key: k
    conditions:
      - type: io.kestra.plugin.core.condition.MultipleCondition
        window: P1D
`;
    expect(errs(source)).toEqual([
      ["triggers[0].conditions", "invalid webhook: conditions of type MultipleCondition are not supported", 12, 7],
    ]);
  });

  test("trigger common properties: stopAfter states, labels, disabled", () => {
    const source = `${head}tasks:\n${log}triggers:
  - id: w
    type: io.kestra.plugin.core.trigger.Webhook
    key: k
    disabled: "no"
    stopAfter: [FAILED, BROKEN]
    labels:
      Bad: x
`;
    expect(errs(source)).toEqual([
      ["triggers[0].disabled", 'must be a boolean (true or false), got the string "no"', 11, 15],
      ["triggers[0].stopAfter[1]", expect.stringMatching(/^must be one of CREATED, SUBMITTED, /), 12, 25],
      [
        "triggers[0].labels.Bad",
        "invalid label key `Bad`: must start with a lower-case letter, then letters, digits, `.`, `_` or `-`",
        14,
        7,
      ],
    ]);
  });

  test("conditions: unknown type, missing expression, empty Or", () => {
    const source = `${head}tasks:\n${log}triggers:
  - id: w
    type: io.kestra.plugin.core.trigger.Webhook
    key: k
    conditions:
      - type: io.kestra.plugin.core.condition.Expresion
        expression: x
      - type: io.kestra.plugin.core.condition.Expression
      - type: io.kestra.plugin.core.condition.Or
        conditions: []
`;
    expect(errs(source)).toEqual([
      [
        "triggers[0].conditions[0].type",
        "Unknown condition type `io.kestra.plugin.core.condition.Expresion`; did you mean `io.kestra.plugin.core.condition.Expression`?",
        12,
        15,
      ],
      ["triggers[0].conditions[1].expression", "required property missing", 14, 9],
      ["triggers[0].conditions[2].conditions", "must have at least 1 item", 16, 21],
    ]);
  });

  test("inputs: id pattern, known type, ARRAY itemType, SELECT values, unknown property, dependsOn", () => {
    const source = `${head}inputs:
  - id: _x
    type: STRING
  - id: n
    type: NUMBER
  - id: list
    type: ARRAY
  - id: pick
    type: SELECT
  - id: s
    type: STRING
    validatr: "a+"
  - id: d
    type: STRING
    dependsOn:
      inputs: [nope]
tasks:
${log}`;
    expect(errs(source)).toEqual([
      [
        "inputs[0].id",
        "invalid id `_x`: must start with a letter or digit, then only letters, digits, `.`, `_` or `-`",
        4,
        9,
      ],
      ["inputs[1].type", expect.stringMatching(/^must be one of STRING, INT, .*, got the string "NUMBER"$/), 7, 11],
      ["inputs[2]", "an ARRAY input needs `itemType`", 8, 5],
      ["inputs[3]", "a SELECT input needs `values` or `expression`", 10, 5],
      ["inputs[4].validatr", "unknown property `validatr`", 14, 5],
      ["inputs[5].dependsOn.inputs", "unknown input `nope` in dependsOn", 18, 15],
    ]);
  });

  test("literal input defaults are checked against the type; templates are not", () => {
    const source = `${head}inputs:
  - id: n
    type: INT
    defaults: abc
  - id: m
    type: INT
    defaults: "{{ 1 + 1 }}"
  - id: s
    type: SELECT
    values: [a, b]
    defaults: c
tasks:
${log}`;
    expect(errs(source)).toEqual([
      ["inputs[0].defaults", "invalid default: `abc` is not an integer", 6, 15],
      ["inputs[2].defaults", "invalid default: it must match the values `[a, b]`", 13, 15],
    ]);
  });

  test("outputs need a value", () => {
    expect(errs(`${head}outputs:\n  - id: o\n    type: STRING\ntasks:\n${log}`)).toEqual([
      ["outputs[0].value", "required property missing", 4, 5],
    ]);
  });
});

describe("pluginDefaults", () => {
  test("defaults fill missing properties (by type, alias or prefix); the task's own values win unless forced", () => {
    const { flow, errors } = parseFlow(`${head}pluginDefaults:
  - type: io.kestra.core.tasks.log.Log
    values:
      message: from defaults
      level: WARN
  - type: io.kestra.plugin.core.debug
    forced: true
    values:
      format: forced
tasks:
  - id: a
    type: io.kestra.plugin.core.log.Log
  - id: b
    type: io.kestra.plugin.core.log.Log
    message: own
  - id: c
    type: io.kestra.plugin.core.debug.Return
    format: mine
`);
    expect(errors).toEqual([]);
    expect(flow!.tasks.map((t) => [t.message ?? t.format, t.level])).toEqual([
      ["from defaults", "WARN"],
      ["own", "WARN"],
      ["forced", undefined],
    ]);
  });
});
