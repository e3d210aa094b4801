/**
 * True when the flow that owns the trigger (not the upstream execution) is `namespace`/`flowId`. Kestra 0.x only
 * (removed in 1.1); a constant per flow.
 *
 * @example
 * - type: io.kestra.plugin.core.condition.FlowCondition
 *   namespace: company.team
 *   flowId: downstream
 */
import { Type } from "@sinclair/typebox";
import type { ConditionPlugin } from "../sdk.ts";

const schema = Type.Object({
  namespace: Type.String({ description: "namespace of the flow owning the trigger" }),
  flowId: Type.String({ description: "id of the flow owning the trigger" }),
});

export const flowCondition: ConditionPlugin<typeof schema> = {
  kind: "condition",
  type: "io.kestra.plugin.core.condition.FlowCondition",
  aliases: ["io.kestra.core.models.conditions.types.FlowCondition"],
  title: "Flow (deprecated)",
  description: "Passes when the flow owning the trigger has this namespace and id (Kestra 0.x).",
  appliesTo: ["flow"],
  schema,
  examples: [
    {
      title: "Only in company.team/downstream",
      code: "type: io.kestra.plugin.core.condition.FlowCondition\nnamespace: company.team\nflowId: downstream",
    },
  ],
  test(config, ctx) {
    return ctx.flow.namespace === config.namespace && ctx.flow.id === config.flowId;
  },
};
