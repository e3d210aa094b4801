import { describe, expect, test } from "bun:test";
import { parseFlow } from "../../src/flow/index.ts";

/** errors as [path, message, line, column] */
function errs(source: string) {
  return parseFlow(source).errors.map((e) => [e.path, e.message, e.line, e.column]);
}

const head = "id: f\nnamespace: company.team\n";
const log = "  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n";

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
        id: both
        window: P1D
        conditions:
          ok:
            type: io.kestra.plugin.core.condition.ExecutionStatus
            in: [SUCCESS]
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

  test("circular dependsOn", () => {
    const source = `${head}inputs:
  - id: a
    type: STRING
    dependsOn:
      inputs: [b]
  - id: b
    type: STRING
    dependsOn:
      inputs: [a]
tasks:
${log}`;
    expect(errs(source)).toEqual([["inputs[0].dependsOn.inputs", "circular dependsOn: a -> b -> a", 7, 15]]);
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
