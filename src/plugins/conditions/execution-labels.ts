/**
 * True when every listed label (exact key and value) is on the execution. `labels` is a list of `{key, value}` or a
 * map; values are rendered; `system.` labels cannot be listed.
 *
 * @example
 * - type: io.kestra.plugin.core.condition.ExecutionLabels
 *   labels:
 *     env: prod
 */
import { Type } from "@sinclair/typebox";
import type { ConditionPlugin } from "../sdk.ts";

const scalar = Type.Union([Type.String(), Type.Number(), Type.Boolean()]);

const schema = Type.Object({
  labels: Type.Union(
    [
      Type.Array(Type.Object({ key: Type.String(), value: scalar }), { description: "list of {key, value}" }),
      Type.Record(Type.String(), scalar, { description: "map of key to value" }),
    ],
    { description: "labels that must all be on the execution" },
  ),
});

export const executionLabels: ConditionPlugin<typeof schema> = {
  kind: "condition",
  type: "io.kestra.plugin.core.condition.ExecutionLabels",
  aliases: [
    "io.kestra.core.models.conditions.types.ExecutionLabelsCondition",
    "io.kestra.plugin.core.condition.ExecutionLabelsCondition",
  ],
  title: "Execution labels",
  description: "Passes when the execution carries every listed label.",
  appliesTo: ["flow", "webhook"],
  schema,
  examples: [
    {
      title: "Only prod executions",
      code: "type: io.kestra.plugin.core.condition.ExecutionLabels\nlabels:\n  env: prod",
    },
    {
      title: "As a list",
      code: "type: io.kestra.plugin.core.condition.ExecutionLabels\nlabels:\n  - key: env\n    value: prod",
    },
  ],
  test(config, ctx) {
    if (!ctx.execution) throw new Error("ExecutionLabels needs an execution in the context");
    const wanted = Array.isArray(config.labels)
      ? config.labels.map((l) => [l.key, l.value] as const)
      : Object.entries(config.labels);
    const have = ctx.execution.labels;
    return wanted.every(([key, raw]) => {
      if (key.startsWith("system.")) throw new Error(`ExecutionLabels: system label \`${key}\` cannot be listed`);
      const value = typeof raw === "string" ? ctx.renderString(raw) : String(raw);
      return have.some((l) => l.key === key && l.value === value);
    });
  },
};
