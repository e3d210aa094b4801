/**
 * True when the namespace of the flow that owns the trigger equals `namespace`, or starts with it when `prefix` is
 * true. Kestra 0.x only (removed in 1.1).
 *
 * @example
 * - type: io.kestra.plugin.core.condition.FlowNamespaceCondition
 *   namespace: company
 *   prefix: true
 */
import { Type } from "@sinclair/typebox";
import type { ConditionPlugin } from "../sdk.ts";

const schema = Type.Object({
  namespace: Type.String({ description: "namespace of the flow owning the trigger" }),
  prefix: Type.Optional(Type.Boolean({ default: false, description: "match namespaces starting with the value" })),
});

export const flowNamespaceCondition: ConditionPlugin<typeof schema> = {
  kind: "condition",
  type: "io.kestra.plugin.core.condition.FlowNamespaceCondition",
  aliases: ["io.kestra.core.models.conditions.types.FlowNamespaceCondition"],
  title: "Flow namespace (deprecated)",
  description: "Passes when the flow owning the trigger is in the namespace (or under it with `prefix`).",
  appliesTo: ["flow"],
  schema,
  examples: [
    {
      title: "Any flow under company",
      code: "type: io.kestra.plugin.core.condition.FlowNamespaceCondition\nnamespace: company\nprefix: true",
    },
  ],
  test(config, ctx) {
    return config.prefix ? ctx.flow.namespace.startsWith(config.namespace) : ctx.flow.namespace === config.namespace;
  },
};
