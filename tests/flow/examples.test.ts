import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { flowJsonSchema, parseFlow } from "../../src/flow/index.ts";
import { checkJsonSchema } from "../../src/lib/json-schema-check.ts";

const ROOT = join(import.meta.dir, "../..");
const files = (dir: string) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith(".yml"))
    .map((f) => join(dir, f));

const examples = files("flows");
const fixtures = files("tests/fixtures/flows");
const invalid = (f: string) => /\/(duplicate|invalid-[^/]*)\.yml$/.test(f);
const valid = [...examples, ...fixtures.filter((f) => !invalid(f))];

/** expected errors of the invalid fixtures: [path, message, line, column] */
const EXPECTED: Record<string, [string, string, number, number][]> = {
  // V3: both duplicates reported
  "tests/fixtures/flows/duplicate.yml": [
    ["tasks[1].id", "Duplicate task id with name [date]", 8, 9],
    ["triggers[1].id", "Duplicate trigger id with name [trigger]", 15, 9],
  ],
  // V1
  "tests/fixtures/flows/invalid-content-type.yml": [
    [
      "triggers[0].responseContentType",
      "invalid webhook: responseContentType must be either 'application/json' or 'text/plain'",
      14,
      26,
    ],
  ],
  // V4
  "tests/fixtures/flows/invalid-duplicate-preconditions.yml": [
    ["triggers[1].preconditions.id", "Duplicate preconditions with id [flows]", 19, 11],
  ],
  // V2
  "tests/fixtures/flows/invalid-multiple-condition.yml": [
    ["triggers[0].conditions", "invalid webhook: conditions of type MultipleCondition are not supported", 13, 7],
  ],
  "tests/fixtures/flows/invalid-misc.yml": [
    [
      "namespace",
      "invalid namespace `Company.Team`: must be lower-case letters, digits, `.`, `_` or `-`, starting with a letter or digit",
      3,
      12,
    ],
    ['labels["system.from"]', "label key `system.from` is reserved: `system.` labels cannot be set in a flow", 5, 3],
    ["concurrency.limit", "must be at least 1", 7, 10],
    [
      "tasks[0].type",
      "Unknown task type `io.kestra.plugin.core.log.Lgo`; did you mean `io.kestra.plugin.core.log.Log`?",
      10,
      11,
    ],
    ["tasks[1].message", "required property missing", 12, 5],
    [
      "tasks[2].format",
      "invalid expression `inputs.my-input`: an id with a dash must use brackets, e.g. `inputs['my-input']`",
      16,
      13,
    ],
    ["errors[0].id", "Duplicate task id with name [hello]", 18, 9],
  ],
};

describe("example flows and valid fixtures", () => {
  test("there are examples", () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
    expect(fixtures.length).toBeGreaterThanOrEqual(11);
  });
  for (const file of valid) {
    test(`${file} is valid`, () => {
      const { flow, errors } = parseFlow(readFileSync(join(ROOT, file), "utf8"));
      expect(errors).toEqual([]);
      expect(flow!.tasks.length).toBeGreaterThan(0);
    });
    test(`${file} matches the JSON Schema`, () => {
      expect(checkJsonSchema(flowJsonSchema(), parse(readFileSync(join(ROOT, file), "utf8")))).toEqual([]);
    });
  }
});

describe("invalid fixtures (spec §10.2 V1–V3; V4 is about Flow-trigger preconditions, not covered here)", () => {
  for (const file of fixtures.filter(invalid)) {
    test(`${file} is invalid with the expected messages`, () => {
      const { flow, errors } = parseFlow(readFileSync(join(ROOT, file), "utf8"));
      expect(flow).toBeUndefined();
      expect(errors.map((e) => [e.path, e.message, e.line, e.column])).toEqual(EXPECTED[file]!);
    });
  }
});

describe("JSON Schema", () => {
  const schema = flowJsonSchema();
  test("is draft-07 with tasks, triggers and conditions as oneOf by type", () => {
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    type TypeSchema = { anyOf: [{ enum: string[] }, { pattern: string }] };
    const defs = schema.definitions as Record<string, { oneOf: { properties: { type: TypeSchema } }[] }>;
    const types = (k: string) => defs[k]!.oneOf.map((s) => s.properties.type.anyOf[0].enum[0]);
    expect(types("task")).toContain("io.kestra.plugin.core.log.Log");
    expect(types("trigger")).toEqual(["io.kestra.plugin.core.trigger.Webhook", "io.kestra.plugin.core.trigger.Flow"]);
    expect(types("condition")).toContain("io.kestra.plugin.core.condition.Or");
    expect(defs.task!.oneOf[0]!.properties.type.anyOf[0].enum).toContain("io.kestra.core.tasks.log.Log");
    // ARCHITECTURE decision 14: another case is accepted, so editors must not flag it
    const webhook = new RegExp(defs.trigger!.oneOf[0]!.properties.type.anyOf[1].pattern);
    expect(webhook.test("io.kestra.plugin.core.trigger.webhook")).toBe(true);
    expect(webhook.test("io.kestra.plugin.core.trigger.webhookx")).toBe(false);
  });
  test("rejects what the validator rejects: missing key, unknown property", () => {
    const doc = parse(
      "id: f\nnamespace: a\ntasks:\n  - id: l\n    type: io.kestra.plugin.core.log.Log\n    mesage: x\n",
    );
    expect(checkJsonSchema(schema, doc)).toEqual(["$.tasks[0]: matches none of the oneOf schemas"]);
  });
});
