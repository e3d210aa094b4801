/**
 * The legacy windowed condition of Flow triggers (deprecated in Kestra 0.20 for `preconditions`, kept so older
 * flows run): each named sub-condition must have been true for some upstream execution within the time window.
 * The Flow trigger evaluates it on the same machinery as `preconditions` (windows stored in the database);
 * webhooks refuse it. On its own (inside Not/Or) it cannot be evaluated and counts as false.
 *
 * @example
 * conditions:
 *   - type: io.kestra.plugin.core.condition.MultipleCondition
 *     id: both
 *     timeWindow: { type: DURATION_WINDOW, window: PT1H }
 *     conditions:
 *       flow-a:
 *         type: io.kestra.plugin.core.condition.ExecutionFlow
 *         namespace: company.team
 *         flowId: a
 *       flow-b:
 *         type: io.kestra.plugin.core.condition.ExecutionFlow
 *         namespace: company.team
 *         flowId: b
 */
import { Type } from "@sinclair/typebox";
import type { ConditionPlugin } from "../sdk.ts";

const schema = Type.Object({
  id: Type.String({
    pattern: "^[a-zA-Z0-9][a-zA-Z0-9_-]*$",
    description: "key of the stored window; unique in the flow",
  }),
  conditions: Type.Record(Type.String(), Type.Object({ type: Type.String() }, { additionalProperties: true }), {
    minProperties: 1,
    description: "named conditions, each tested on every upstream execution; all must be met within the window",
  }),
  timeWindow: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: "as in preconditions" })),
  resetOnSuccess: Type.Optional(Type.Boolean({ default: true })),
  window: Type.Optional(Type.String({ description: "deprecated: timeWindow.window" })),
  windowAdvance: Type.Optional(Type.String({ description: "deprecated: timeWindow.windowAdvance" })),
});

export const multipleCondition: ConditionPlugin<typeof schema> = {
  kind: "condition",
  type: "io.kestra.plugin.core.condition.MultipleCondition",
  aliases: ["io.kestra.core.models.conditions.types.MultipleCondition"],
  title: "Multiple condition (deprecated)",
  description: "Named conditions that must all have been met within a time window (Flow trigger only).",
  appliesTo: ["flow"],
  schema,
  examples: [
    {
      title: "Two upstream flows within an hour",
      code: "type: io.kestra.plugin.core.condition.MultipleCondition\nid: both\ntimeWindow: { type: DURATION_WINDOW, window: PT1H }\nconditions:\n  a: { type: io.kestra.plugin.core.condition.ExecutionFlow, namespace: company.team, flowId: a }\n  b: { type: io.kestra.plugin.core.condition.ExecutionFlow, namespace: company.team, flowId: b }",
    },
  ],
  test() {
    throw new Error("MultipleCondition is evaluated by the Flow trigger only");
  },
};
