/**
 * True iff none of the nested `conditions` is true. An error in a child propagates (the enclosing condition then
 * counts as false).
 *
 * @example
 * - type: io.kestra.plugin.core.condition.Not
 *   conditions:
 *     - type: io.kestra.plugin.core.condition.Expression
 *       expression: "{{ trigger.body.test ?? false }}"
 */
import { Type } from "@sinclair/typebox";
import type { ConditionPlugin } from "../sdk.ts";

const schema = Type.Object({
  conditions: Type.Array(Type.Object({ type: Type.String() }, { additionalProperties: true }), {
    minItems: 1,
    description: "conditions of which none may pass",
  }),
});

export const not: ConditionPlugin<typeof schema> = {
  kind: "condition",
  type: "io.kestra.plugin.core.condition.Not",
  aliases: ["io.kestra.core.models.conditions.types.NotCondition", "io.kestra.plugin.core.condition.NotCondition"],
  title: "Not",
  description: "Passes when none of the nested conditions passes.",
  appliesTo: ["webhook", "flow", "schedule"],
  schema,
  examples: [
    {
      title: "Skip test calls",
      code: 'type: io.kestra.plugin.core.condition.Not\nconditions:\n  - type: io.kestra.plugin.core.condition.Expression\n    expression: "{{ trigger.body.test ?? false }}"',
    },
  ],
  async test(config, ctx) {
    const results = await ctx.testAll(config.conditions);
    return !results.some((r) => r);
  },
};
