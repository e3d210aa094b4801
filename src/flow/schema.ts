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

/** `anyOf` of string constants (TypeBox's union of literals) -> `enum`, which editors offer as completions */
function enums(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(enums);
  if (!v || typeof v !== "object") return v;
  const o = v as Json;
  const out: Json = {};
  for (const [k, x] of Object.entries(o)) out[k] = enums(x);
  const any = out.anyOf as Json[] | undefined;
  if (
    Array.isArray(any) &&
    any.length > 0 &&
    any.every((a) => typeof a.const === "string" && Object.keys(a).every((k) => k === "const" || k === "type"))
  ) {
    delete out.anyOf;
    out.type = "string";
    out.enum = any.map((a) => a.const);
  }
  return out;
}

/** TypeBox schema -> plain JSON (symbols dropped, literal unions as enums). */
function plain(s: TSchema): Json {
  return enums(JSON.parse(JSON.stringify(s))) as Json;
}

/** descriptions of the properties every task or trigger has, for editors' hovers */
const COMMON_DOCS: Record<string, string> = {
  id: "Unique id of this task or trigger in the flow (letters, digits, _ and -)",
  type: "Plugin type, e.g. io.kestra.plugin.core.log.Log",
  description: "Free text shown in the UI",
  disabled: "When true, the task is skipped (or the trigger never fires)",
  runIf: "Expression: the task runs only when it renders to true",
  allowFailure: "When true, a failure of this task does not fail the execution (it ends WARNING)",
  allowWarning: "When true, a WARNING of this task counts as SUCCESS",
  timeout: "ISO-8601 duration after which the task is killed, e.g. PT5M",
  retry: "Retry policy of the task (constant, exponential or random)",
  logLevel: "Minimum level of the log lines this task keeps",
  conditions: "Conditions that must all be true for the trigger to fire",
  labels: "Labels added to the executions this trigger creates",
  inputs: "Inputs of the executions this trigger creates (rendered)",
  stopAfter: "States of a created execution that disable this trigger",
};

const ref = (name: string) => ({ $ref: `#/definitions/${name}` });
const listOf = (name: string) => ({ type: "array", items: ref(name) });
const ID = { type: "string", pattern: "^[a-zA-Z0-9][a-zA-Z0-9_-]*$", maxLength: 256 };

/** a pattern matching any of `names` whatever the case (perch accepts a type name in another case when unambiguous) */
function anyCase(names: string[]): string {
  const one = (n: string) =>
    [...n]
      .map((c) =>
        /[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
      )
      .join("");
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
  // the task lists of flowable tasks hold tasks (validated like the flow's own)
  for (const k of p.kind === "task" && p.flowable ? p.taskLists : []) {
    const d = { description: ownProps[k]?.description };
    if (k === "cases") properties[k] = { ...d, type: "object", additionalProperties: listOf("task") };
    else
      properties[k] = { ...d, ...listOf("task"), ...(ownProps[k]?.minItems ? { minItems: ownProps[k].minItems } : {}) };
  }
  if (p.kind === "trigger") properties.labels = ref("labels");
  for (const [k, s] of Object.entries(properties) as [string, Json][]) {
    if (COMMON_DOCS[k] && s.description === undefined) properties[k] = { description: COMMON_DOCS[k], ...s };
  }
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
