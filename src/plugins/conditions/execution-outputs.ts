/**
 * Tests the execution's outputs: false when it has none; otherwise `expression` is rendered with
 * `trigger` = `{ outputs: <execution outputs> }` and must give `true` or `false` (anything else throws).
 *
 * @example
 * - type: io.kestra.plugin.core.condition.ExecutionOutputs
 *   expression: "{{ trigger.outputs.status == 'ok' }}"
 */
import { Type } from "@sinclair/typebox";
import type { ConditionPlugin } from "../sdk.ts";

const schema = Type.Object({
  expression: Type.String({ description: "boolean template; `trigger.outputs` are the execution's outputs" }),
});

export const executionOutputs: ConditionPlugin<typeof schema> = {
  kind: "condition",
  type: "io.kestra.plugin.core.condition.ExecutionOutputs",
  aliases: [
    "io.kestra.core.models.conditions.types.ExecutionOutputsCondition",
    "io.kestra.plugin.core.condition.ExecutionOutputsCondition",
  ],
  title: "Execution outputs",
  description: "Passes when a boolean expression over the execution's outputs is true.",
  appliesTo: ["flow"],
  schema,
  examples: [
    {
      title: "When the upstream flow output status is ok",
      code: "type: io.kestra.plugin.core.condition.ExecutionOutputs\nexpression: \"{{ trigger.outputs.status == 'ok' }}\"",
    },
  ],
  test(config, ctx) {
    if (!ctx.execution) throw new Error("ExecutionOutputs needs an execution in the context");
    const outputs = ctx.execution.outputs;
    if (!outputs || Object.keys(outputs).length === 0) return false;
    if (!ctx.renderWith) throw new Error("ExecutionOutputs cannot render here (no renderWith in the context)");
    const text = ctx.renderWith(config.expression, { trigger: { outputs } }).trim().toLowerCase();
    if (text === "true") return true;
    if (text === "false") return false;
    throw new Error(`ExecutionOutputs: the expression gave \`${text}\`, not true or false`);
  },
};
