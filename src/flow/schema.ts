/**
 * JSON Schema (draft-07) of a flow document, built from the plugin schemas: tasks, triggers and conditions are
 * `oneOf` by `type` (canonical name or alias). For editors (yaml-language-server) and the API docs.
 *
 * @example Bun.write("flow.schema.json", JSON.stringify(flowJsonSchema(), null, 2))
 */
import type { TSchema } from "@sinclair/typebox";
import { allPlugins } from "../plugins/registry.ts";
import type { AnyPlugin } from "../plugins/sdk.ts";
import { TASK_COMMON, TRIGGER_COMMON } from "./common.ts";
import { INPUT_TYPES } from "./io-defs.ts";

type Json = Record<string, unknown>;

/** TypeBox schema -> plain JSON (symbols dropped). */
function plain(s: TSchema): Json {
  return JSON.parse(JSON.stringify(s));
}

const ref = (name: string) => ({ $ref: `#/definitions/${name}` });
const listOf = (name: string) => ({ type: "array", items: ref(name) });
const ID = { type: "string", pattern: "^[a-zA-Z0-9][a-zA-Z0-9_-]*$", maxLength: 256 };

/** a pattern matching any of `names` whatever the case (perch accepts a type name in another case when unambiguous) */
function anyCase(names: string[]): string {
  const one = (n: string) =>
    [...n].map((c) => (/[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("");
  return `^(${names.map(one).join("|")})$`;
}

function pluginSchema(p: AnyPlugin, common: Record<string, TSchema>, withId: boolean): Json {
  const own = plain(p.schema);
  const ownProps = (own.properties ?? {}) as Record<string, Json>;
  const properties: Record<string, unknown> = {};
  if (withId) properties.id = ID;
  const names = [p.type, ...p.aliases];
  properties.type = { type: "string", anyOf: [{ enum: names }, { pattern: anyCase(names) }] };
  for (const [k, s] of Object.entries(common)) properties[k] = plain(s);
  for (const [k, s] of Object.entries(ownProps)) properties[k] = s;
  if (p.kind === "trigger" || ownProps.conditions) properties.conditions = listOf("condition");
  if (p.kind === "trigger") properties.labels = ref("labels");
  const required = [...(withId ? ["id"] : []), "type", ...((own.required as string[] | undefined) ?? [])];
  const open = own.additionalProperties === true;
  return {
    title: p.title,
    description: p.description,
    type: "object",
    required,
    properties,
    additionalProperties: open,
  };
}

export function flowJsonSchema(): Json {
  const plugins = allPlugins();
  const of = (kind: AnyPlugin["kind"], common: Record<string, TSchema>, withId: boolean) =>
    plugins.filter((p) => p.kind === kind).map((p) => pluginSchema(p, common, withId));
  const ioId = { type: "string", pattern: "^[a-zA-Z0-9][.a-zA-Z0-9_-]*$" };
  const ioType = { type: "string", enum: INPUT_TYPES };
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: "https://perch.dev/schemas/flow.json",
    title: "perch flow",
    type: "object",
    required: ["id", "namespace", "tasks"],
    additionalProperties: false,
    properties: {
      id: { type: "string", pattern: "^[a-zA-Z0-9][a-zA-Z0-9._-]*$", maxLength: 100 },
      namespace: { type: "string", pattern: "^[a-z0-9][a-z0-9._-]*$", maxLength: 150 },
      revision: { type: "integer", minimum: 1 },
      description: { type: "string" },
      disabled: { type: "boolean" },
      labels: ref("labels"),
      inputs: listOf("input"),
      outputs: listOf("output"),
      variables: { type: "object" },
      tasks: { ...listOf("task"), minItems: 1 },
      errors: listOf("task"),
      finally: listOf("task"),
      afterExecution: listOf("task"),
      triggers: listOf("trigger"),
      pluginDefaults: { type: "array", items: { type: "object", required: ["type", "values"] } },
      concurrency: {
        type: "object",
        required: ["limit"],
        properties: { limit: { type: "integer", minimum: 1 }, behavior: { enum: ["QUEUE", "CANCEL", "FAIL"] } },
        additionalProperties: false,
      },
      retry: { type: "object" },
      workerGroup: { type: "object" },
      sla: { type: "array" },
      checks: { type: "array" },
    },
    definitions: {
      task: { oneOf: of("task", TASK_COMMON, true) },
      trigger: { oneOf: of("trigger", TRIGGER_COMMON, true) },
      condition: { oneOf: of("condition", {}, false) },
      labels: {
        oneOf: [
          { type: "object", additionalProperties: { type: ["string", "number", "boolean"] } },
          {
            type: "array",
            items: { type: "object", required: ["key", "value"], properties: { key: { type: "string" }, value: {} } },
          },
        ],
      },
      input: {
        type: "object",
        required: ["id", "type"],
        properties: {
          id: ioId,
          type: ioType,
          description: { type: "string" },
          displayName: { type: "string" },
          required: { type: "boolean" },
          defaults: {},
          prefill: {},
          dependsOn: { type: "object" },
          validator: { type: "string" },
          min: {},
          max: {},
          after: { type: "string" },
          before: { type: "string" },
          values: { type: "array" },
          expression: { type: "string" },
          allowCustomValue: { type: "boolean" },
          isRadio: { type: "boolean" },
          autoSelectFirst: { type: "boolean" },
          itemType: ioType,
          allowedFileExtensions: { type: "array", items: { type: "string" } },
        },
        additionalProperties: false,
      },
      output: {
        type: "object",
        required: ["id", "type", "value"],
        properties: {
          id: ioId,
          type: ioType,
          value: {},
          description: { type: "string" },
          displayName: { type: "string" },
          required: { type: "boolean" },
        },
        additionalProperties: false,
      },
    },
  };
}
