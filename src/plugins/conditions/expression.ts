/**
 * True unless the rendered `expression` is blank or, trimmed, exactly `false` (case-sensitive).
 *
 * @example
 * conditions:
 *   - type: io.kestra.plugin.core.condition.Expression
 *     expression: "{{ trigger.body.hello == 'world' }}"
 */
import { Type } from "@sinclair/typebox";
import type { ConditionPlugin } from "../sdk.ts";

const schema = Type.Object({
  expression: Type.String({ description: "template; false when it renders blank or `false`" }),
});

export const expression: ConditionPlugin<typeof schema> = {
  kind: "condition",
  type: "io.kestra.plugin.core.condition.Expression",
  aliases: [
    "io.kestra.core.models.conditions.types.VariableCondition",
    "io.kestra.plugin.core.condition.ExpressionCondition",
  ],
  title: "Expression",
  description: "Passes when a template renders to something other than blank or `false`.",
  appliesTo: ["webhook", "flow", "schedule"],
  schema,
  examples: [
    {
      title: "Only when the body says hello world",
      code: "type: io.kestra.plugin.core.condition.Expression\nexpression: \"{{ trigger.body.hello == 'world' }}\"",
    },
  ],
  test(config, ctx) {
    const text = ctx.renderString(config.expression);
    return !(text.trim() === "" || text.trim() === "false");
  },
};
