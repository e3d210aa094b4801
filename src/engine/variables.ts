/**
 * The variables an expression sees while an execution runs (spec §8.2): flow, execution, trigger, inputs
 * (with render-time defaults), outputs, tasks, labels, vars, envs, globals, kestra, and task/taskrun for the
 * task being rendered.
 */
import type { Execution, TaskRun } from "../model/execution.ts";
import type { Flow, Label, TaskDef } from "../model/flow.ts";
import { caseInsensitive, isCaseInsensitive } from "../lib/case-insensitive.ts";
import { startDate } from "../model/state.ts";

/** `a.b` keys become nested maps, as Kestra does for labels and dotted input ids. */
export function nestDotted(entries: [string, unknown][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    const parts = key.split(".");
    let cur = out;
    for (let i = 0; i < parts.length - 1; i++) {
      const p = parts[i]!;
      const next = cur[p];
      if (next === null || typeof next !== "object" || Array.isArray(next)) cur[p] = {};
      cur = cur[p] as Record<string, unknown>;
    }
    cur[parts[parts.length - 1]!] = value;
  }
  return out;
}

export function labelsMap(labels: Label[]): Record<string, unknown> {
  return nestDotted(labels.map((l) => [l.key, l.value]));
}

/** `ENV_MY_VAR` → `envs.my_var` */
export function envsOf(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env))
    if (k.startsWith("ENV_") && v !== undefined) out[k.slice(4).toLowerCase()] = v;
  return out;
}

/** header maps are looked up case-insensitively (ARCHITECTURE decision 7); the mark survives no JSON round trip */
function withHeaderLookup(variables: Record<string, unknown>): Record<string, unknown> {
  const h = variables.headers;
  if (h !== null && typeof h === "object" && !isCaseInsensitive(h)) caseInsensitive(h);
  return variables;
}

export interface BaseVariables {
  envs: Record<string, string>;
  globals: Record<string, unknown>;
  kestra: Record<string, unknown>;
}

export function flowVariables(flow: Flow): Record<string, unknown> {
  return { id: flow.id, namespace: flow.namespace, revision: flow.revision, tenantId: flow.tenantId };
}

/** Inputs of the execution plus the defaults of inputs that have no value (defaults that are templates are skipped). */
function inputsWithDefaults(flow: Flow, inputs: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(inputs ?? {}) };
  for (const input of flow.inputs) {
    if (input.defaults === undefined || input.id in out) continue;
    if (typeof input.defaults === "string" && input.defaults.includes("{{")) continue;
    if (input.id.includes(".")) continue;
    out[input.id] = input.defaults;
  }
  return out;
}

/**
 * The loop values a task run sits in, outermost first: a run inside ForEach iterations has a `value`; one that only
 * inherits its parent's value (a task inside If/Sequential inside the loop) adds no level.
 */
export function loopValues(tr: TaskRun, byId: Map<string, TaskRun>): string[] {
  const out: string[] = [];
  let cur: TaskRun | undefined = tr;
  while (cur && cur.value !== undefined) {
    const parent: TaskRun | undefined = cur.parentTaskRunId ? byId.get(cur.parentTaskRunId) : undefined;
    if (parent?.value !== cur.value) out.unshift(cur.value);
    cur = parent;
  }
  return out;
}

/** sets `value` at `keys` under `root[taskId]`, creating maps on the way */
function setNested(root: Record<string, unknown>, taskId: string, keys: string[], value: unknown): void {
  if (keys.length === 0) {
    root[taskId] = value;
    return;
  }
  let cur = (root[taskId] ??= {}) as Record<string, unknown>;
  for (let i = 0; i < keys.length - 1; i++) cur = (cur[keys[i]!] ??= {}) as Record<string, unknown>;
  cur[keys[keys.length - 1]!] = value;
}

/** outputs and tasks maps from the task runs (looped tasks keyed by value, nested loops by each value) */
function taskRunMaps(runs: TaskRun[]): { outputs: Record<string, unknown>; tasks: Record<string, unknown> } {
  const outputs: Record<string, unknown> = {};
  const tasks: Record<string, unknown> = {};
  const looped = runs.some((r) => r.value !== undefined);
  const byId = looped ? new Map(runs.map((r) => [r.id, r])) : undefined;
  for (const tr of runs) {
    const keys = byId ? loopValues(tr, byId) : [];
    if (tr.outputs) setNested(outputs, tr.taskId, keys, tr.outputs);
    setNested(tasks, tr.taskId, keys, { state: tr.state.current });
  }
  return { outputs, tasks };
}

export function executionVariables(
  flow: Flow,
  execution: Execution,
  base: BaseVariables,
  current?: { task: TaskDef; taskRun: TaskRun },
  stateOverride?: string,
): Record<string, unknown> {
  const { outputs, tasks } = taskRunMaps(execution.taskRunList);
  const exec: Record<string, unknown> = {
    id: execution.id,
    state: stateOverride ?? execution.state.current,
    startDate: startDate(execution.state),
    originalId: execution.originalId,
  };
  if (execution.outputs) exec.outputs = execution.outputs;
  const vars: Record<string, unknown> = {
    flow: flowVariables(flow),
    execution: exec,
    inputs: inputsWithDefaults(flow, execution.inputs),
    outputs,
    tasks,
    labels: labelsMap(execution.labels),
    vars: execution.variables ?? flow.variables,
    envs: base.envs,
    globals: base.globals,
    kestra: base.kestra,
  };
  if (execution.trigger) vars.trigger = withHeaderLookup(execution.trigger.variables);
  if (current) {
    vars.task = { id: current.task.id, type: current.task.type };
    const tr: Record<string, unknown> = {
      id: current.taskRun.id,
      startDate: startDate(current.taskRun.state),
      attemptsCount: current.taskRun.attempts.length,
    };
    if (current.taskRun.parentTaskRunId) tr.parentId = current.taskRun.parentTaskRunId;
    if (current.taskRun.value !== undefined) tr.value = current.taskRun.value;
    if (current.taskRun.iteration !== undefined) tr.iteration = current.taskRun.iteration;
    vars.taskrun = tr;
    if (current.taskRun.value !== undefined) {
      // nested loops: `parent.taskrun.value` is the enclosing loop's value, `parents` every enclosing one (closest first)
      const values = loopValues(current.taskRun, new Map(execution.taskRunList.map((r) => [r.id, r])));
      const parents = values
        .slice(0, -1)
        .reverse()
        .map((value) => ({ taskrun: { value } }));
      if (parents.length > 0) {
        vars.parent = parents[0];
        vars.parents = parents;
      }
    }
  }
  return vars;
}

/** Variables for rendering a webhook key: no execution yet (spec §2.3 step 4). */
export function keyVariables(
  flow: Flow,
  trigger: { id: string; type: string },
  base: BaseVariables,
): Record<string, unknown> {
  return {
    flow: flowVariables(flow),
    trigger: { id: trigger.id, type: trigger.type },
    labels: labelsMap(flow.labels),
    vars: flow.variables,
    envs: base.envs,
    globals: base.globals,
    kestra: base.kestra,
  };
}
