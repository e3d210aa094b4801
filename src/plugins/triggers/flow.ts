/**
 * Starts an execution when an execution of another flow changes state: the Flow trigger that chains flows.
 * `states` filters the upstream state (default: the terminal states and PAUSED), `conditions` test the upstream
 * execution (ExecutionStatus, ExecutionFlow, ExecutionNamespace, ExecutionLabels, ExecutionOutputs...), `inputs`
 * are rendered with `trigger.*` (the upstream execution) and given to the new execution as they are.
 *
 * @example
 * triggers:
 *   - id: after_ingest
 *     type: io.kestra.plugin.core.trigger.Flow
 *     states: [SUCCESS]
 *     conditions:
 *       - type: io.kestra.plugin.core.condition.ExecutionFlow
 *         namespace: company.team
 *         flowId: ingest
 */
import { Type } from "@sinclair/typebox";
import { STATES } from "../../model/state.ts";
import type { TriggerPlugin } from "../sdk.ts";

const State = Type.Union(
  STATES.map((s) => Type.Literal(s)),
  { description: "an execution state" },
);

const schema = Type.Object({
  states: Type.Optional(
    Type.Array(State, {
      description: "upstream states that start this flow (default: SUCCESS, WARNING, FAILED, KILLED, CANCELLED, RETRIED, SKIPPED, RESUBMITTED, PAUSED)",
    }),
  ),
  preconditions: Type.Optional(
    Type.Unknown({ description: "upstream flows that must all have run within a time window (not supported yet)" }),
  ),
  inputs: Type.Optional(
    Type.Record(Type.String(), Type.Unknown(), { description: "values for the flow inputs; strings are rendered" }),
  ),
});

export const flowTrigger: TriggerPlugin<typeof schema> = {
  kind: "trigger",
  type: "io.kestra.plugin.core.trigger.Flow",
  aliases: ["io.kestra.core.models.triggers.types.Flow"],
  title: "Flow",
  description: "Creates an execution when an execution of another flow reaches one of the listed states.",
  schema,
  examples: [
    {
      title: "Run after company.team/ingest succeeded",
      code: "id: after_ingest\ntype: io.kestra.plugin.core.trigger.Flow\nstates: [SUCCESS]\nconditions:\n  - type: io.kestra.plugin.core.condition.ExecutionFlow\n    namespace: company.team\n    flowId: ingest",
    },
  ],
  validate(config) {
    const errors: string[] = [];
    if (config.preconditions !== undefined) {
      errors.push("Flow trigger preconditions (time windows) are not supported yet; use conditions");
    }
    const conditions = (config as { conditions?: unknown[] }).conditions;
    if (Array.isArray(conditions) && conditions.some((c) => /(^|\.)MultipleCondition$/i.test(String((c as { type?: unknown })?.type)))) {
      errors.push("conditions of type MultipleCondition are not supported yet; use conditions without time windows");
    }
    return errors;
  },
};
