/**
 * `perch schema` prints the flow JSON Schema; ajv (a real validator, not perch's own checker) accepts every flow in
 * flows/ and the valid fixtures, and rejects broken flows; the server serves the same schema without auth.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { parse as parseYaml } from "yaml";
import { createTestApp, ROOT, runPerch, type TestApp } from "../helpers/server.ts";

let schema: Record<string, any>;
let validate: ReturnType<Ajv["compile"]>;
let t: TestApp;

beforeAll(async () => {
  const r = runPerch(["schema"]);
  expect(r.code).toBe(0);
  schema = JSON.parse(r.stdout);
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat("duration", /^[-+]?P/i); // ISO-8601 durations (PT5M), as perch reads them
  validate = ajv.compile(schema);
  t = await createTestApp({ auth: { user: "admin", password: "pw" } });
});
afterAll(() => t.close());

const flowFiles = readdirSync(join(ROOT, "flows")).filter((f) => /\.ya?ml$/.test(f));
const ok = (source: string) => {
  const valid = validate(parseYaml(source));
  return valid ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
};

describe("perch schema", () => {
  test("is draft-07 and names every task, trigger and condition with descriptions", () => {
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    const defs = schema.definitions;
    for (const kind of ["task", "trigger", "condition"]) {
      expect(defs[kind].oneOf.length).toBeGreaterThan(kind === "trigger" ? 1 : 5);
      for (const s of defs[kind].oneOf) {
        expect(typeof s.description).toBe("string");
        expect(s.properties.type.anyOf[0].enum.length).toBeGreaterThan(0);
      }
    }
    const log = defs.task.oneOf.find(
      (s: any) => s.properties.type.anyOf[0].enum[0] === "io.kestra.plugin.core.log.Log",
    );
    expect(log.properties.level.enum).toEqual(["TRACE", "DEBUG", "INFO", "WARN", "ERROR"]);
    expect(log.properties.timeout.description).toContain("ISO-8601");
  });

  test("there are example flows to check", () => expect(flowFiles.length).toBeGreaterThanOrEqual(5));
  for (const file of flowFiles) {
    test(`accepts flows/${file}`, () => {
      expect(ok(readFileSync(join(ROOT, "flows", file), "utf8"))).toEqual([]);
    });
  }

  const base = "id: f\nnamespace: company.team\n";
  test("rejects an unknown task type, a missing id, a wrong property type", () => {
    expect(ok(`${base}tasks:\n  - id: a\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n`)).toEqual([]);
    expect(ok(`${base}tasks:\n  - id: a\n    type: io.kestra.plugin.core.nope.Nope\n`)).not.toEqual([]);
    expect(
      ok(`namespace: company.team\ntasks:\n  - id: a\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n`),
    ).toContain(" must have required property 'id'");
    expect(ok(`${base}tasks:\n  - type: io.kestra.plugin.core.log.Log\n    message: hi\n`)).not.toEqual([]);
    expect(
      ok(
        `${base}tasks:\n  - id: a\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n    allowFailure: "sometimes"\n`,
      ),
    ).not.toEqual([]);
    expect(ok(`${base}tasks: []\n`)).not.toEqual([]);
    expect(
      ok(
        `${base}tasks:\n  - id: a\n    type: io.kestra.plugin.core.log.Log\n    message: hi\ntriggers:\n  - id: h\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: 42\n    wait: maybe\n`,
      ),
    ).not.toEqual([]);
  });

  test("checks the tasks nested in flowable tasks (If branches, Switch cases, ForEach)", () => {
    const nested = (inner: string) =>
      `${base}tasks:\n  - id: route\n    type: io.kestra.plugin.core.flow.Switch\n    value: x\n    cases:\n      x:\n${inner}`;
    expect(
      ok(nested("        - id: a\n          type: io.kestra.plugin.core.log.Log\n          message: hi\n")),
    ).toEqual([]);
    expect(ok(nested("        - id: a\n          type: io.kestra.plugin.core.nope.Nope\n"))).not.toEqual([]);
    expect(ok(nested("        - type: io.kestra.plugin.core.log.Log\n          message: hi\n"))).not.toEqual([]);
    const ifFlow = (then: string) =>
      `${base}tasks:\n  - id: b\n    type: io.kestra.plugin.core.flow.If\n    condition: "true"\n    then:\n${then}`;
    expect(ok(ifFlow("      - id: a\n        type: io.kestra.plugin.core.log.Log\n        message: hi\n"))).toEqual([]);
    expect(
      ok(
        ifFlow(
          "      - id: a\n        type: io.kestra.plugin.core.log.Log\n        level: LOUD\n        message: hi\n",
        ),
      ),
    ).not.toEqual([]);
    expect(
      ok(`${base}tasks:\n  - id: b\n    type: io.kestra.plugin.core.flow.If\n    condition: "true"\n    then: []\n`),
    ).not.toEqual([]);
  });

  test("--help explains how to use it", () => {
    const r = runPerch(["schema", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("yaml.schemas");
  });
});

describe("GET /api/v1/schemas/flow.json", () => {
  test("serves the same schema, without credentials even when auth is on", async () => {
    const res = await t.call("GET", "/api/v1/schemas/flow.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/schema+json");
    expect(await res.json()).toEqual(schema);
  });
});
