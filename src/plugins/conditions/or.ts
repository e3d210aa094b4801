/**
 * True iff at least one of the nested `conditions` is true. An error in a child propagates.
 *
 * @example
 * - type: io.kestra.plugin.core.condition.Or
 *   conditions:
 *     - type: io.kestra.plugin.core.condition.Expression
 *       expression: "{{ trigger.body.kind == 'a' }}"
 *     - type: io.kestra.plugin.core.condition.Expression
 *       expression: "{{ trigger.body.kind == 'b' }}"
 */
import { Type } from "@sinclair/typebox";
import type { ConditionPlugin } from "../sdk.ts";

const schema = Type.Object({
  conditions: Type.Array(Type.Object({ type: Type.String() }, { additionalProperties: true }), {
    minItems: 1,
    description: "conditions of which at least one must pass",
  }),
});

export const or: ConditionPlugin<typeof schema> = {
  kind: "condition",
  type: "io.kestra.plugin.core.condition.Or",
  aliases: ["io.kestra.core.models.conditions.types.OrCondition", "io.kestra.plugin.core.condition.OrCondition"],
  title: "Or",
  description: "Passes when at least one of the nested conditions passes.",
  appliesTo: ["webhook", "flow", "schedule"],
  schema,
  examples: [
    {
      title: "Either kind",
      code: "type: io.kestra.plugin.core.condition.Or\nconditions:\n  - type: io.kestra.plugin.core.condition.Expression\n    expression: \"{{ trigger.body.kind == 'a' }}\"",
    },
  ],
  async test(config, ctx) {
    for (const c of config.conditions) {
      const [r] = await ctx.testAll([c]);
      if (r) return true;
    }
    return false;
  },
};
