/**
 * The Flow trigger (spec §4): every state change of an execution is offered to the flows that listen with a
 * `io.kestra.plugin.core.trigger.Flow` trigger. A listener fires when the upstream state is in its `states`
 * (default: terminal states and PAUSED) and its `conditions` pass on the upstream execution; the new execution
 * gets `trigger.executionId`, `namespace`, `flowId`, `flowRevision`, `state`, `executionLabels`, `outputs`, and the
 * upstream's `system.correlationId`. A flow never listens to its own executions.
 *
 * With `preconditions`, an upstream execution that passes `states` and `conditions` records the sub-conditions it
 * satisfies in the current time window, stored in the database (survives restarts); the trigger fires when this
 * execution completes the set (time-window.ts: nextState). Windows of one trigger are updated one event at a time
 * (a per-trigger queue), so two upstream executions ending together cannot both fire it.
 */
import { renderTemplate, renderValue } from "../expr/index.ts";
import { parseIsoDuration } from "../lib/duration.ts";
import type { Execution } from "../model/execution.ts";
import type { ConditionDef, Flow, TriggerDef } from "../model/flow.ts";
import { isTerminal, type StateType, STATES } from "../model/state.ts";
import { allConditionsPass } from "./conditions.ts";
import { conditionNames, type Preconditions, satisfiedBy } from "./preconditions.ts";
import { currentWindow, nextState, type TimeWindow } from "./time-window.ts";
import type { EngineCore } from "./engine.ts";
import { flowVariables, labelsMap } from "./variables.ts";
import { executionLabels, labelList, newExecution } from "./webhook.ts";

export const FLOW_TRIGGER_TYPE = "io.kestra.plugin.core.trigger.Flow";
const MULTIPLE_CONDITION = "io.kestra.plugin.core.condition.MultipleCondition";

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
  const multiples = (trigger.conditions ?? []).filter((c) => c.type === MULTIPLE_CONDITION);
  const conditionScope = {
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
  };
  const plain = (trigger.conditions ?? []).filter((c) => c.type !== MULTIPLE_CONDITION);
  if (!(await allConditionsPass(plain, conditionScope))) return;
  // windowed rules: `preconditions`, and legacy MultipleCondition entries of `conditions`
  const rules: WindowRule[] = [];
  const p = trigger.preconditions as Preconditions | undefined;
  if (p) {
    const render = (t: string) => renderTemplate(t, scope, core.renderOptions);
    const tw = (p.timeWindow as TimeWindow | undefined) ?? { type: "DURATION_WINDOW" };
    rules.push({
      id: p.id,
      names: conditionNames(p),
      satisfied: satisfiedBy(p, upstream, render),
      timeWindow: tw,
      resetOnSuccess: p.resetOnSuccess !== false,
    });
  }
  for (const m of multiples) {
    const named = Object.entries((m.conditions ?? {}) as Record<string, ConditionDef>);
    const satisfied: string[] = [];
    for (const [name, c] of named) if (await allConditionsPass([c], conditionScope)) satisfied.push(name);
    const tw = {
      type: "DURATION_WINDOW",
      ...(m.window ? { window: m.window } : {}),
      ...(m.windowAdvance ? { windowAdvance: m.windowAdvance } : {}),
      ...(m.timeWindow as object),
    } as TimeWindow;
    rules.push({
      id: String(m.id),
      names: named.map(([n]) => n),
      satisfied,
      timeWindow: tw,
      resetOnSuccess: m.resetOnSuccess !== false,
    });
  }
  if (rules.length > 0) {
    const key = `${flow.namespace}\u0000${flow.id}\u0000${trigger.id}`;
    const decisions = await serialized(key, async () => {
      const out: { fire: boolean; outputs: Record<string, unknown> }[] = [];
      for (const rule of rules) out.push(await applyWindow(core, flow, trigger, rule, upstream));
      return out;
    });
    if (!decisions.every((d) => d.fire)) return;
    const outputs = Object.assign({}, ...decisions.map((d) => d.outputs), upstream.outputs ?? {});
    if (Object.keys(outputs).length > 0) variables.outputs = outputs;
  }
  const execution = newExecution(flow, core.now());
  execution.trigger = { id: trigger.id, type: trigger.type, variables };
  const correlation = upstream.labels.find((l) => l.key === "system.correlationId")?.value ?? upstream.id;
  try {
    const extra = trigger.labels === undefined ? [] : labelList(renderValue(trigger.labels, scope, core.renderOptions));
    execution.labels = executionLabels(
      flow,
      [...extra, { key: "system.correlationId", value: correlation }],
      execution.id,
    );
    // rendered, not typed: Kestra stores Flow-trigger inputs as they render (spec §4.4)
    if (trigger.inputs !== undefined)
      execution.inputs = renderValue(trigger.inputs, scope, core.renderOptions) as Record<string, unknown>;
  } catch (e) {
    core.log.warn("flow_trigger.invalid_inputs", { ...at, reason: (e as Error).message });
    return;
  }
  await core.launch(flow, execution);
  core.log.info("flow_trigger.fired", { ...at, execution: execution.id, state: upstream.state.current });
}

const queues = new Map<string, Promise<unknown>>();

/** runs `job` after every job queued under `key` before it */
function serialized<T>(key: string, job: () => Promise<T>): Promise<T> {
  const run = (queues.get(key) ?? Promise.resolve()).then(job, job);
  const tail = run.catch(() => undefined);
  queues.set(key, tail);
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return run;
}

/** a sliding window is one stored record per precondition, under this start */
const SLIDING_START = new Date(0).toISOString();
let lastPurge = 0;

/** one windowed rule of a trigger: its sub-condition names and those the upstream execution satisfies */
interface WindowRule {
  id: string;
  names: string[];
  satisfied: string[];
  timeWindow: TimeWindow;
  resetOnSuccess: boolean;
}

/**
 * records what `upstream` satisfies of `rule` in the current window and says whether the rule is complete with
 * this execution (time-window.ts: nextState). With several rules on one trigger, it fires when every rule completes
 * with the same execution.
 */
async function applyWindow(
  core: EngineCore,
  flow: Flow,
  trigger: TriggerDef,
  rule: WindowRule,
  upstream: Execution,
): Promise<{ fire: boolean; outputs: Record<string, unknown> }> {
  const now = core.now();
  const tw = rule.timeWindow;
  if (now.getTime() - lastPurge > 60_000) {
    lastPurge = now.getTime();
    await core.store.deleteExpiredTriggerWindows(now.toISOString());
  }
  const window = currentWindow(tw, now, core.timeZone);
  if (!window || rule.satisfied.length === 0) return { fire: false, outputs: {} };
  const sliding = tw.type === "SLIDING_WINDOW";
  const key = {
    tenantId: flow.tenantId,
    namespace: flow.namespace,
    flowId: flow.id,
    triggerId: trigger.id,
    conditionId: rule.id,
  };
  const windowStart = sliding ? SLIDING_START : window.start.toISOString();
  const stored = await core.store.getTriggerWindow(key, windowStart);
  const decision = nextState(stored, {
    satisfied: rule.satisfied,
    conditions: rule.names,
    resetOnSuccess: rule.resetOnSuccess,
    now,
    since: sliding ? window.start : undefined,
  });
  const outputs = { ...(stored?.outputs ?? {}), ...(upstream.outputs ?? {}) };
  if (decision.state === undefined) {
    if (stored) await core.store.deleteTriggerWindow(key, windowStart);
  } else {
    const slidingEnd = new Date(now.getTime() + (parseIsoDuration(tw.window ?? "P1D") ?? 86_400_000));
    await core.store.mergeTriggerWindow({
      ...key,
      windowStart,
      windowEnd: (sliding ? slidingEnd : window.end).toISOString(),
      results: decision.state.results,
      outputs,
      satisfiedAt: decision.state.satisfiedAt,
      firedAt: decision.state.firedAt,
    });
  }
  return { fire: decision.fire, outputs };
}

/** offers a state change of `upstream` to every listening flow; errors are logged, never thrown */
export function offerStateChange(core: EngineCore, upstream: Execution): Promise<void> {
  // the state changes of one execution are handled in their order (listeners start in that order)
  return serialized(`upstream\u0000${upstream.id}`, () => offer(core, upstream));
}

async function offer(core: EngineCore, upstream: Execution): Promise<void> {
  const listeners = core.flows.withTrigger(FLOW_TRIGGER_TYPE);
  if (listeners.length === 0) return;
  const state = upstream.state.current;
  for (const flow of listeners) {
    if (flow.namespace === upstream.namespace && flow.id === upstream.flowId) continue;
    for (const trigger of flow.triggers) {
      if (trigger.type !== FLOW_TRIGGER_TYPE || trigger.disabled === true || core.isTriggerDisabled(flow, trigger.id))
        continue;
      const states = (trigger.states as StateType[] | undefined) ?? DEFAULT_STATES;
      if (!states.includes(state)) continue;
      try {
        await fire(core, flow, trigger, upstream);
      } catch (e) {
        core.log.error("flow_trigger.failed", {
          flow: `${flow.namespace}/${flow.id}`,
          trigger: trigger.id,
          reason: (e as Error).message,
        });
      }
    }
  }
}
