/**
 * True when the execution belongs to the flow `namespace`/`flowId` (exact, case-sensitive; both rendered).
 *
 * @example
 * - type: io.kestra.plugin.core.condition.ExecutionFlow
 *   namespace: company.team
 *   flowId: upstream
 */
import { Type } from "@sinclair/typebox";
import type { ConditionPlugin } from "../sdk.ts";

const schema = Type.Object({
  namespace: Type.String({ description: "namespace of the execution's flow" }),
  flowId: Type.String({ description: "id of the execution's flow" }),
});

export const executionFlow: ConditionPlugin<typeof schema> = {
  kind: "condition",
  type: "io.kestra.plugin.core.condition.ExecutionFlow",
  aliases: [
    "io.kestra.core.models.conditions.types.ExecutionFlowCondition",
    "io.kestra.plugin.core.condition.ExecutionFlowCondition",
  ],
  title: "Execution flow",
  description: "Passes when the execution comes from the given flow.",
  appliesTo: ["flow"],
  schema,
  examples: [
    {
      title: "Only after company.team/upstream",
      code: "type: io.kestra.plugin.core.condition.ExecutionFlow\nnamespace: company.team\nflowId: upstream",
    },
  ],
  test(config, ctx) {
    if (!ctx.execution) throw new Error("ExecutionFlow needs an execution in the context");
    return (
      ctx.execution.namespace === ctx.renderString(config.namespace) &&
      ctx.execution.flowId === ctx.renderString(config.flowId)
    );
  },
};
