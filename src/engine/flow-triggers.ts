/**
 * The Flow trigger (spec §4): every state change of an execution is offered to the flows that listen with a
 * `io.kestra.plugin.core.trigger.Flow` trigger. A listener fires when the upstream state is in its `states`
 * (default: terminal states and PAUSED) and its `conditions` pass on the upstream execution; the new execution
 * gets `trigger.executionId`, `namespace`, `flowId`, `flowRevision`, `state`, `executionLabels`, `outputs`, and the
 * upstream's `system.correlationId`. A flow never listens to its own executions. Preconditions (time windows)
 * are rejected at validation until they are built.
 */
import { renderValue } from "../expr/index.ts";
import type { Execution } from "../model/execution.ts";
import type { Flow, TriggerDef } from "../model/flow.ts";
import { isTerminal, type StateType, STATES } from "../model/state.ts";
import { allConditionsPass } from "./conditions.ts";
import type { EngineCore } from "./engine.ts";
import { flowVariables, labelsMap } from "./variables.ts";
import { executionLabels, labelList, newExecution } from "./webhook.ts";

export const FLOW_TRIGGER_TYPE = "io.kestra.plugin.core.trigger.Flow";

const DEFAULT_STATES: readonly StateType[] = [...STATES.filter((s) => isTerminal(s)), "PAUSED"];

/** `trigger.*` of an execution started by a Flow trigger */
export function upstreamVariables(upstream: Execution): Record<string, unknown> {
  const vars: Record<string, unknown> = {
    executionId: upstream.id,
    namespace: upstream.namespace,
    flowId: upstream.flowId,
    flowRevision: upstream.flowRevision,
    state: upstream.state.current,
    executionLabels: labelsMap(upstream.labels),
  };
  if (upstream.outputs && Object.keys(upstream.outputs).length > 0) vars.outputs = upstream.outputs;
  return vars;
}

async function fire(core: EngineCore, flow: Flow, trigger: TriggerDef, upstream: Execution): Promise<void> {
  const variables = upstreamVariables(upstream);
  // `flow` is the listening flow; `trigger` the upstream execution as the new execution will see it (so
  // `{{ trigger.executionId }}` and `{{ trigger.outputs.x }}` work in conditions and inputs alike); `execution` the
  // upstream execution itself
  const scope = {
    flow: flowVariables(flow),
    trigger: variables,
    execution: {
      id: upstream.id,
      state: upstream.state.current,
      startDate: upstream.state.histories[0]?.date,
      originalId: upstream.originalId,
      ...(upstream.outputs ? { outputs: upstream.outputs } : {}),
    },
    labels: labelsMap(flow.labels),
    vars: flow.variables,
    ...core.base,
  };
  const at = { flow: `${flow.namespace}/${flow.id}`, trigger: trigger.id, upstream: upstream.id };
  const pass = await allConditionsPass(trigger.conditions, {
    variables: scope,
    renderOptions: core.renderOptions,
    now: core.now,
    timeZone: core.timeZone,
    flow: { id: flow.id, namespace: flow.namespace },
    triggerId: trigger.id,
    log: core.log,
    execution: {
      id: upstream.id,
      namespace: upstream.namespace,
      flowId: upstream.flowId,
      state: upstream.state.current,
      labels: upstream.labels,
      outputs: upstream.outputs,
      taskRunList: upstream.taskRunList,
    },
  });
  if (!pass) return;
  const execution = newExecution(flow, core.now());
  execution.trigger = { id: trigger.id, type: trigger.type, variables };
  const correlation = upstream.labels.find((l) => l.key === "system.correlationId")?.value ?? upstream.id;
  try {
    const extra = trigger.labels === undefined ? [] : labelList(renderValue(trigger.labels, scope, core.renderOptions));
    execution.labels = executionLabels(flow, [...extra, { key: "system.correlationId", value: correlation }], execution.id);
    // rendered, not typed: Kestra stores Flow-trigger inputs as they render (spec §4.4)
    if (trigger.inputs !== undefined) execution.inputs = renderValue(trigger.inputs, scope, core.renderOptions) as Record<string, unknown>;
  } catch (e) {
    core.log.warn("flow_trigger.invalid_inputs", { ...at, reason: (e as Error).message });
    return;
  }
  await core.launch(flow, execution);
  core.log.info("flow_trigger.fired", { ...at, execution: execution.id, state: upstream.state.current });
}

/** offers a state change of `upstream` to every listening flow; errors are logged, never thrown */
export async function offerStateChange(core: EngineCore, upstream: Execution): Promise<void> {
  const listeners = core.flows.withTrigger(FLOW_TRIGGER_TYPE);
  if (listeners.length === 0) return;
  const state = upstream.state.current;
  for (const flow of listeners) {
    if (flow.namespace === upstream.namespace && flow.id === upstream.flowId) continue;
    for (const trigger of flow.triggers) {
      if (trigger.type !== FLOW_TRIGGER_TYPE || trigger.disabled === true || core.isTriggerDisabled(flow, trigger.id)) continue;
      const states = (trigger.states as StateType[] | undefined) ?? DEFAULT_STATES;
      if (!states.includes(state)) continue;
      try {
        await fire(core, flow, trigger, upstream);
      } catch (e) {
        core.log.error("flow_trigger.failed", { flow: `${flow.namespace}/${flow.id}`, trigger: trigger.id, reason: (e as Error).message });
      }
    }
  }
}
