/**
 * Flow document rules (§7.1) on the plain value parsed from YAML: ids, namespace, labels, task lists, triggers,
 * inputs/outputs declarations, concurrency, and unknown top-level keys. Returns the normalised Flow (defaults
 * applied) or undefined when there are errors.
 */
import { Type } from "@sinclair/typebox";
import type { Concurrency, Flow, Label, TaskDef, TriggerDef } from "../model/flow.ts";
import { lookupPlugin } from "../plugins/registry.ts";
import { RETRY, TASK_LIST_MAPS, TASK_LISTS } from "./common.ts";
import { child, type ErrorSink } from "./errors.ts";
import { validateInputs, validateOutputs } from "./io-defs.ts";
import { normalizeLabels } from "./labels.ts";
import type { PluginDefault } from "./plugin-defaults.ts";
import { type PluginCtx, validateTask, validateTrigger } from "./plugin-config.ts";
import { schemaIssues } from "./schema-errors.ts";

export const RESERVED_FLOW_IDS = [
  "pause",
  "resume",
  "force-run",
  "change-status",
  "kill",
  "executions",
  "search",
  "source",
  "disable",
  "enable",
];

const FLOW_ID = /^[a-zA-Z0-9][a-zA-Z0-9._-]*$/;
const NAMESPACE = /^[a-z0-9][a-z0-9._-]*$/;

const TOP_LEVEL = new Set([
  "id",
  "namespace",
  "revision",
  "description",
  "labels",
  "inputs",
  "outputs",
  "variables",
  "tasks",
  "errors",
  "finally",
  "afterExecution",
  "triggers",
  "pluginDefaults",
  "taskDefaults",
  "concurrency",
  "retry",
  "sla",
  "checks",
  "workerGroup",
  "disabled",
  "deleted",
]);

const CONCURRENCY = Type.Object({
  limit: Type.Integer({ minimum: 1 }),
  behavior: Type.Optional(Type.Union([Type.Literal("QUEUE"), Type.Literal("CANCEL"), Type.Literal("FAIL")])),
});

const PLUGIN_DEFAULTS = Type.Array(
  Type.Object({
    type: Type.String(),
    forced: Type.Optional(Type.Boolean()),
    values: Type.Record(Type.String(), Type.Unknown()),
  }),
);

export interface FlowMeta {
  tenantId: string;
  revision: number;
  source: string;
}

export function validateFlow(doc: unknown, sink: ErrorSink, meta: FlowMeta): Flow | undefined {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    sink.at("", "a flow must be a YAML map with `id`, `namespace` and `tasks`");
    return undefined;
  }
  const raw = doc as Record<string, unknown>;
  for (const k of Object.keys(raw)) if (!TOP_LEVEL.has(k)) sink.atKey(child("", k), `unknown property \`${k}\``);

  const id = checkText(
    raw,
    "id",
    sink,
    FLOW_ID,
    100,
    "must start with a letter or digit, then only letters, digits, `.`, `_` or `-`",
  );
  if (id && RESERVED_FLOW_IDS.includes(id)) sink.at("id", `flow id \`${id}\` is reserved`);
  checkText(
    raw,
    "namespace",
    sink,
    NAMESPACE,
    150,
    "must be lower-case letters, digits, `.`, `_` or `-`, starting with a letter or digit",
  );
  if (raw.description !== undefined && typeof raw.description !== "string") sink.at("description", "must be a string");
  if (raw.disabled !== undefined && typeof raw.disabled !== "boolean")
    sink.at("disabled", "must be a boolean (true or false)");
  if (raw.revision !== undefined && !(Number.isInteger(raw.revision) && (raw.revision as number) >= 1)) {
    sink.at("revision", "must be an integer ≥ 1");
  }
  const labels: Label[] =
    raw.labels === undefined || raw.labels === null ? [] : normalizeLabels(raw.labels, "labels", sink);
  if (
    raw.variables !== undefined &&
    (typeof raw.variables !== "object" || raw.variables === null || Array.isArray(raw.variables))
  ) {
    sink.at("variables", "must be a map");
  }
  for (const [key, schema] of [
    ["concurrency", CONCURRENCY],
    ["retry", RETRY],
    ["pluginDefaults", PLUGIN_DEFAULTS],
    ["taskDefaults", PLUGIN_DEFAULTS],
  ] as const) {
    if (raw[key] === undefined) continue;
    for (const issue of schemaIssues(schema, raw[key], key)) {
      if (issue.missing) sink.missing(issue.path.replace(/\.[^.]+$/, ""), issue.path.replace(/^.*\./, ""));
      else sink.at(issue.path, issue.message);
    }
  }

  const inputs = validateInputs(raw.inputs, sink);
  const outputs = validateOutputs(raw.outputs, sink);

  const defaults = Array.isArray(raw.pluginDefaults ?? raw.taskDefaults)
    ? (raw.pluginDefaults ?? raw.taskDefaults)
    : [];
  const ctx: PluginCtx = { sink, taskIds: new Map(), triggerIds: new Map(), defaults: defaults as PluginDefault[] };
  const tasks = taskList(raw, "tasks", ctx, true);
  const errors = taskList(raw, "errors", ctx);
  const fin = taskList(raw, "finally", ctx);
  const afterExecution = taskList(raw, "afterExecution", ctx);
  if (typeof raw.namespace === "string" && id) {
    for (const key of ["tasks", "errors", "finally", "afterExecution"])
      rejectSelfCalls(raw[key], key, raw.namespace, id, sink);
  }
  let triggers: (TriggerDef | undefined)[] = [];
  if (raw.triggers !== undefined && raw.triggers !== null) {
    if (!Array.isArray(raw.triggers)) sink.at("triggers", "must be a list of triggers");
    else triggers = raw.triggers.map((t, i) => validateTrigger(t, child("triggers", i), ctx));
  }
  if (sink.errors.length > 0) return undefined;

  const concurrency = raw.concurrency as Concurrency | undefined;
  const flow: Flow = {
    ...(raw as object),
    id: id!,
    namespace: raw.namespace as string,
    revision: meta.revision,
    tenantId: meta.tenantId,
    labels,
    inputs,
    outputs,
    variables: (raw.variables as Record<string, unknown>) ?? {},
    tasks: tasks as TaskDef[],
    errors: errors as TaskDef[],
    finally: fin as TaskDef[],
    afterExecution: afterExecution as TaskDef[],
    triggers: triggers as TriggerDef[],
    disabled: (raw.disabled as boolean | undefined) ?? false,
    source: meta.source,
  };
  if (concurrency) flow.concurrency = { limit: concurrency.limit, behavior: concurrency.behavior ?? "QUEUE" };
  if (raw.taskDefaults && !raw.pluginDefaults) flow.pluginDefaults = raw.taskDefaults as Flow["pluginDefaults"];
  return flow;
}

const SUBFLOW = "io.kestra.plugin.core.flow.Subflow";

/** a Subflow task that calls the flow it is in would start itself for ever */
function rejectSelfCalls(list: unknown, path: string, namespace: string, id: string, sink: ErrorSink): void {
  if (!Array.isArray(list)) return;
  list.forEach((t, i) => {
    if (typeof t !== "object" || t === null) return;
    const task = t as Record<string, unknown>;
    const at = child(path, i);
    if (typeof task.type === "string" && lookupPlugin(task.type, "task").type === SUBFLOW) {
      if (task.namespace === namespace && task.flowId === id)
        sink.at(at, `Recursive call to flow [${namespace}.${id}]: a Subflow task cannot call its own flow`);
    }
    for (const [k, v] of Object.entries(task)) {
      if (TASK_LISTS.includes(k)) rejectSelfCalls(v, child(at, k), namespace, id, sink);
      else if (TASK_LIST_MAPS.includes(k) && v && typeof v === "object" && !Array.isArray(v)) {
        for (const [ck, cv] of Object.entries(v)) rejectSelfCalls(cv, child(child(at, k), ck), namespace, id, sink);
      }
    }
  });
}

function checkText(raw: Record<string, unknown>, key: string, sink: ErrorSink, re: RegExp, max: number, rule: string) {
  const v = raw[key];
  if (v === undefined || v === null) {
    sink.missing("", key);
    return undefined;
  }
  if (typeof v !== "string") {
    sink.at(key, "must be a string");
    return undefined;
  }
  if (v.length > max) sink.at(key, `must be at most ${max} characters`);
  else if (!re.test(v)) sink.at(key, `invalid ${key} \`${v}\`: ${rule}`);
  return v;
}

function taskList(raw: Record<string, unknown>, key: string, ctx: PluginCtx, required = false) {
  const v = raw[key];
  if (v === undefined || v === null) {
    if (required) ctx.sink.missing("", key, "required property missing: a flow needs at least one task");
    return [];
  }
  if (!Array.isArray(v)) {
    ctx.sink.at(key, "must be a list of tasks");
    return [];
  }
  if (required && v.length === 0) ctx.sink.at(key, "must have at least one task");
  return v.map((t, i) => validateTask(t, child(key, i), ctx));
}
