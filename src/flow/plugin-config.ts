/**
 * Validates task, trigger and condition objects: id, type lookup (canonical type + typeAsWritten), common
 * properties, unknown properties, the plugin's TypeBox schema, the plugin's own `validate`, nested task lists and
 * nested conditions, and the templates in plugin properties.
 */
import type { TSchema } from "@sinclair/typebox";
import type { ConditionDef, TaskDef, TriggerDef } from "../model/flow.ts";
import { didYouMean } from "../lib/levenshtein.ts";
import { lookupPlugin, type PluginKind } from "../plugins/registry.ts";
import type { TriggerPlugin } from "../plugins/sdk.ts";
import { ID_PATTERN, ID_RULE, TASK_COMMON, TASK_LIST_MAPS, TASK_LISTS, TRIGGER_COMMON } from "./common.ts";
import { child, type ErrorSink } from "./errors.ts";
import { normalizeLabels } from "./labels.ts";
import { type PluginDefault, withDefaults } from "./plugin-defaults.ts";
import { schemaIssues } from "./schema-errors.ts";
import { checkTemplate, checkTemplates } from "./templates.ts";

export interface PluginCtx {
  sink: ErrorSink;
  /** task id -> path of its first occurrence, across the whole flow */
  taskIds: Map<string, string>;
  triggerIds: Map<string, string>;
  /** Flow-trigger `preconditions.id`s seen so far (unique in a flow: they key the stored windows) */
  preconditionIds?: Map<string, string>;
  /** the flow's pluginDefaults */
  defaults: PluginDefault[];
}

type Raw = Record<string, unknown>;

function isMap(v: unknown): v is Raw {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isTaskList(v: unknown): v is unknown[] {
  return Array.isArray(v) && v.every((t) => isMap(t) && "type" in t);
}

/** Checks `id` (required, pattern, unique in `seen`); returns it when usable. */
function checkId(raw: Raw, path: string, ctx: PluginCtx, seen: Map<string, string>, what: string): void {
  const id = raw.id;
  if (id === undefined || id === null) {
    ctx.sink.missing(path, "id");
    return;
  }
  if (typeof id !== "string") {
    ctx.sink.at(child(path, "id"), "must be a string");
    return;
  }
  if (!ID_PATTERN.test(id)) ctx.sink.at(child(path, "id"), `invalid id \`${id}\`: ${ID_RULE}`);
  else if (id.length > 256) ctx.sink.at(child(path, "id"), "must be at most 256 characters");
  if (seen.has(id)) ctx.sink.at(child(path, "id"), `Duplicate ${what} with name [${id}]`);
  else seen.set(id, path);
}

/** Looks the type up; reports a missing or unknown type. */
function resolveType(raw: Raw, path: string, kind: PluginKind, ctx: PluginCtx) {
  const type = raw.type;
  if (type === undefined || type === null) {
    ctx.sink.missing(path, "type");
    return undefined;
  }
  if (typeof type !== "string") {
    ctx.sink.at(child(path, "type"), "must be a string");
    return undefined;
  }
  const found = lookupPlugin(type, kind);
  if (found.error !== undefined) {
    ctx.sink.at(child(path, "type"), found.error);
    return undefined;
  }
  return { plugin: found.plugin, type: found.type, typeAsWritten: type };
}

function ownProps(schema: TSchema): Record<string, TSchema> {
  const s = schema as { properties?: Record<string, TSchema>; additionalProperties?: unknown };
  return s.additionalProperties === true ? new Proxy({}, { has: () => true }) : (s.properties ?? {});
}

/** Common properties, unknown properties and the plugin schema. */
function checkProperties(raw: Raw, path: string, schema: TSchema, common: Record<string, TSchema>, ctx: PluginCtx) {
  const own = (schema as { properties?: Record<string, TSchema> }).properties ?? {};
  const open = (schema as { additionalProperties?: unknown }).additionalProperties === true;
  const pluginValue: Raw = {};
  for (const [k, v] of Object.entries(raw)) {
    if ((k === "id" && !(k in own)) || k === "type" || k === "typeAsWritten") continue;
    if (k in own || open) pluginValue[k] = v;
    else if (k in common) {
      for (const issue of schemaIssues(common[k]!, v, child(path, k))) report(ctx, issue, path);
    } else {
      const known = [...Object.keys(own), ...Object.keys(common)];
      ctx.sink.atKey(child(path, k), `unknown property \`${k}\`${didYouMean(k, known)}`);
    }
  }
  for (const issue of schemaIssues(schema, pluginValue, path)) report(ctx, issue, path);
}

function report(ctx: PluginCtx, issue: { path: string; message: string; missing: boolean }, owner: string) {
  if (issue.missing) {
    const m = /^(.*?)(?:\.([^.[\]]+)|\[("[^"]*")\])$/.exec(issue.path);
    const prop = m ? (m[2] ?? JSON.parse(m[3]!)) : issue.path;
    ctx.sink.missing(m ? m[1]! : owner, prop);
  } else ctx.sink.at(issue.path, issue.message);
}

/** Validates one task (recursing into nested task lists); undefined when it cannot be used. */
export function validateTask(input: unknown, path: string, ctx: PluginCtx): TaskDef | undefined {
  if (!isMap(input)) {
    ctx.sink.at(path, "must be a task: a map with `id` and `type`");
    return undefined;
  }
  const raw = withDefaults(input, "task", ctx.defaults);
  checkId(raw, path, ctx, ctx.taskIds, "task id");
  const out: Raw = { ...raw };
  let nestedOk = true;
  for (const [k, v] of Object.entries(raw)) {
    if (TASK_LISTS.includes(k) && isTaskList(v)) {
      const list = v.map((t, i) => validateTask(t, child(child(path, k), i), ctx));
      nestedOk &&= list.every(Boolean);
      out[k] = list;
    } else if (TASK_LIST_MAPS.includes(k) && isMap(v) && Object.values(v).every(isTaskList)) {
      const cases: Raw = {};
      for (const [ck, cv] of Object.entries(v)) {
        cases[ck] = (cv as unknown[]).map((t, i) => validateTask(t, child(child(child(path, k), ck), i), ctx));
        nestedOk &&= (cases[ck] as unknown[]).every(Boolean);
      }
      out[k] = cases;
    }
  }
  const found = resolveType(raw, path, "task", ctx);
  if (!found) return undefined;
  checkProperties(raw, path, found.plugin.schema, TASK_COMMON, ctx);
  for (const [k, v] of Object.entries(raw)) {
    if (k === "id" || k === "type" || out[k] !== v) continue;
    if (k === "runIf" && typeof v === "string") checkTemplate(v, child(path, k), ctx.sink);
    else if (!(k in TASK_COMMON) && k in ownProps(found.plugin.schema)) checkTemplates(v, child(path, k), ctx.sink);
  }
  out.type = found.type;
  out.typeAsWritten = found.typeAsWritten;
  return nestedOk ? (out as TaskDef) : undefined;
}

/** Validates one trigger with its conditions and labels. */
export function validateTrigger(input: unknown, path: string, ctx: PluginCtx): TriggerDef | undefined {
  if (!isMap(input)) {
    ctx.sink.at(path, "must be a trigger: a map with `id` and `type`");
    return undefined;
  }
  const raw = withDefaults(input, "trigger", ctx.defaults);
  checkId(raw, path, ctx, ctx.triggerIds, "trigger id");
  const pre = raw.preconditions;
  if (isMap(pre) && typeof pre.id === "string") {
    ctx.preconditionIds ??= new Map();
    const where = child(child(path, "preconditions"), "id");
    if (ctx.preconditionIds.has(pre.id)) ctx.sink.at(where, `Duplicate preconditions with id [${pre.id}]`);
    else ctx.preconditionIds.set(pre.id, where);
  }
  const found = resolveType(raw, path, "trigger", ctx);
  const out: Raw = { ...raw };
  let ok = true;
  if (Array.isArray(raw.conditions)) {
    const list = raw.conditions.map((c, i) => validateCondition(c, child(child(path, "conditions"), i), ctx));
    ok = list.every(Boolean);
    out.conditions = list;
  }
  if (raw.labels !== undefined && raw.labels !== null) {
    out.labels = normalizeLabels(raw.labels, child(path, "labels"), ctx.sink, true);
  }
  if (!found) return undefined;
  checkProperties(raw, path, found.plugin.schema, TRIGGER_COMMON, ctx);
  for (const [k, v] of Object.entries(raw)) {
    if (k === "id" || k === "type" || k === "conditions") continue;
    if (k === "labels" || k === "inputs" || k in ownProps(found.plugin.schema))
      checkTemplates(v, child(path, k), ctx.sink);
  }
  const validate = (found.plugin as TriggerPlugin).validate;
  if (validate && ok) {
    for (const message of validate({ ...out, conditions: out.conditions } as never)) {
      // point at the property the message names, if any
      const prop = Object.keys(raw).find((k) => new RegExp(`\\b${k}\\b`).test(message) && k !== "type" && k !== "id");
      ctx.sink.at(prop ? child(path, prop) : path, message);
    }
  }
  out.type = found.type;
  out.typeAsWritten = found.typeAsWritten;
  return ok ? (out as TriggerDef) : undefined;
}

/** Validates one condition; `conditions` lists inside it (Not, Or) are validated as conditions too. */
export function validateCondition(input: unknown, path: string, ctx: PluginCtx): ConditionDef | undefined {
  if (!isMap(input)) {
    ctx.sink.at(path, "must be a condition: a map with `type`");
    return undefined;
  }
  const raw = withDefaults(input, "condition", ctx.defaults);
  const out: Raw = { ...raw };
  let ok = true;
  if (Array.isArray(raw.conditions)) {
    const list = raw.conditions.map((c, i) => validateCondition(c, child(child(path, "conditions"), i), ctx));
    ok = list.every(Boolean);
    out.conditions = list;
  }
  const found = resolveType(raw, path, "condition", ctx);
  if (!found) return undefined;
  checkProperties(raw, path, found.plugin.schema, {}, ctx);
  for (const [k, v] of Object.entries(raw)) {
    if (k !== "type" && k !== "conditions" && k in ownProps(found.plugin.schema))
      checkTemplates(v, child(path, k), ctx.sink);
  }
  out.type = found.type;
  out.typeAsWritten = found.typeAsWritten;
  return ok ? (out as ConditionDef) : undefined;
}
