/**
 * The child execution of a Subflow task: the child flow is looked up (latest or given revision), its inputs
 * rendered in the parent's context and resolved with the child flow's input rules, labels rendered (with the
 * parent's correlation id, and its other labels when `inheritLabels`), then it is stored and started. Its trigger
 * points back at the parent task run, so its end completes that task run.
 */
import { renderValue } from "../expr/index.ts";
import { resolveInputs } from "../flow/index.ts";
import type { Execution, TaskRun } from "../model/execution.ts";
import type { Flow, Label, TaskDef } from "../model/flow.ts";
import type { EngineCore } from "./engine.ts";
import { FlowRegistry } from "./flows.ts";
import { FOR_EACH_ITEM_TYPE, SUBFLOW_TYPE } from "./flowables.ts";
import { splitItems } from "./items.ts";
import { taskRunFilesDir } from "./files.ts";
import type { Active } from "./run-loop.ts";
import { executionVariables } from "./variables.ts";
import { executionLabels, labelList, newExecution } from "./webhook.ts";

/** what starting the children of a task run gave: the started executions, or why nothing started */
export type Launched = { executions: Execution[]; errors: string[]; numberOfBatches?: number } | { error: string };

/** starts the child execution of a Subflow task run, or one per batch of a ForEachItem task run */
export async function launchSubflow(
  core: EngineCore,
  parent: Active,
  task: TaskDef,
  taskRun: TaskRun,
): Promise<Launched> {
  if (task.type !== FOR_EACH_ITEM_TYPE) {
    const r = await launchChild(core, parent, task, taskRun);
    return "error" in r ? r : { executions: [r.execution], errors: [] };
  }
  const vars = executionVariables(parent.flow, parent.execution, core.base, { task, taskRun });
  let batches: string[];
  try {
    const dir = taskRunFilesDir(core.filesRoot, parent.execution.id, taskRun.id);
    batches = await splitItems(String(renderValue(task.items, vars, core.renderOptions)), task.batch, dir);
  } catch (e) {
    return { error: `${task.id}: ${(e as Error).message}` };
  }
  const executions: Execution[] = [];
  const errors: string[] = [];
  for (let i = 0; i < batches.length; i++) {
    const r = await launchChild(core, parent, task, taskRun, { iteration: i, items: batches[i]! });
    if ("error" in r) errors.push(`batch ${i}: ${r.error}`);
    else executions.push(r.execution);
  }
  return { executions, errors, numberOfBatches: batches.length };
}

async function launchChild(
  core: EngineCore,
  parent: Active,
  task: TaskDef,
  taskRun: TaskRun,
  batch?: { iteration: number; items: string },
): Promise<{ execution: Execution } | { error: string }> {
  const current = batch ? { ...taskRun, iteration: batch.iteration } : taskRun;
  const vars = executionVariables(parent.flow, parent.execution, core.base, { task, taskRun: current });
  if (batch) (vars.taskrun as Record<string, unknown>).items = batch.items;
  const render = (v: unknown) => renderValue(v, vars, core.renderOptions);
  let namespace: string;
  let flowId: string;
  let inputs: Record<string, unknown>;
  let labels: Label[];
  try {
    namespace = String(render(task.namespace));
    flowId = String(render(task.flowId));
    inputs = (task.inputs === undefined ? {} : render(task.inputs)) as Record<string, unknown>;
    labels = task.labels === undefined ? [] : labelList(render(task.labels));
  } catch (e) {
    return { error: `Subflow ${task.id}: ${(e as Error).message}` };
  }
  const found = await childFlow(core, parent.flow.tenantId, namespace, flowId, task.revision as number | undefined);
  if ("error" in found) return found;
  const flow = found.flow;
  const child = newExecution(flow, core.now());
  child.parentId = parent.execution.id;
  const variables: Record<string, unknown> = {
    executionId: parent.execution.id,
    namespace: parent.execution.namespace,
    flowId: parent.execution.flowId,
    flowRevision: parent.execution.flowRevision,
    taskRunId: taskRun.id,
    taskId: task.id,
  };
  if (taskRun.value !== undefined) variables.taskRunValue = taskRun.value;
  if (current.iteration !== undefined) variables.taskRunIteration = current.iteration;
  child.trigger = {
    id: task.id,
    type: task.type === FOR_EACH_ITEM_TYPE ? FOR_EACH_ITEM_TYPE : SUBFLOW_TYPE,
    variables,
  };
  const inherited =
    task.inheritLabels === true ? parent.execution.labels.filter((l) => !l.key.startsWith("system.")) : [];
  const correlation =
    parent.execution.labels.find((l) => l.key === "system.correlationId")?.value ?? parent.execution.id;
  child.labels = executionLabels(
    flow,
    [...inherited, ...labels, { key: "system.correlationId", value: correlation }],
    child.id,
  );
  const childVars = executionVariables(flow, child, core.base);
  const r = resolveInputs(flow, inputs, (t, extra) => renderValue(t, { ...childVars, ...extra }, core.renderOptions));
  if (r.errors.length > 0) {
    return {
      error: `Invalid inputs for ${namespace}.${flowId}: ${r.errors.map((e) => `${e.input}: ${e.message}`).join(", ")}`,
    };
  }
  child.inputs = r.values;
  try {
    return { execution: await core.launch(flow, child) };
  } catch (e) {
    return { error: `Cannot start ${namespace}.${flowId}: ${(e as Error).message}` };
  }
}

async function childFlow(
  core: EngineCore,
  tenantId: string,
  namespace: string,
  flowId: string,
  revision: number | undefined,
): Promise<{ flow: Flow } | { error: string }> {
  const entry = core.flows.get(tenantId, namespace, flowId);
  if (!entry || entry.stored.deleted) return { error: `Unable to find flow ${namespace}.${flowId}` };
  let flow = entry.flow;
  let errors = entry.errors;
  if (revision !== undefined && revision !== entry.stored.revision) {
    const stored = await core.store.getFlow(tenantId, namespace, flowId, revision);
    if (!stored) return { error: `Unable to find flow ${namespace}.${flowId} revision ${revision}` };
    ({ flow, errors } = FlowRegistry.parse(stored.source, tenantId, stored.revision));
  }
  if (!flow) return { error: `Cannot execute an invalid flow: ${errors.map((e) => e.message).join(", ")}` };
  if (flow.disabled) return { error: `Cannot execute a flow which is disabled: ${namespace}.${flowId}` };
  return { flow };
}
