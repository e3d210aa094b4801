/**
 * Compares the execution's namespace with `namespace`: `comparison` EQUALS, PREFIX or SUFFIX; when unset, PREFIX if
 * `prefix` is true, else EQUALS. Plain string operations (PREFIX `io.kestra` also matches `io.kestrafoo`).
 *
 * @example
 * - type: io.kestra.plugin.core.condition.ExecutionNamespace
 *   namespace: company
 *   comparison: PREFIX
 */
import { Type } from "@sinclair/typebox";
import type { ConditionPlugin } from "../sdk.ts";

const schema = Type.Object({
  namespace: Type.String({ description: "the namespace to compare with" }),
  comparison: Type.Optional(
    Type.Union([Type.Literal("EQUALS"), Type.Literal("PREFIX"), Type.Literal("SUFFIX")], {
      description: "EQUALS, PREFIX or SUFFIX; wins over `prefix`",
    }),
  ),
  prefix: Type.Optional(
    Type.Boolean({ default: false, description: "shortcut for `comparison: PREFIX` when `comparison` is unset" }),
  ),
});

export const executionNamespace: ConditionPlugin<typeof schema> = {
  kind: "condition",
  type: "io.kestra.plugin.core.condition.ExecutionNamespace",
  aliases: [
    "io.kestra.core.models.conditions.types.ExecutionNamespaceCondition",
    "io.kestra.plugin.core.condition.ExecutionNamespaceCondition",
  ],
  title: "Execution namespace",
  description: "Passes when the execution's namespace equals, starts with or ends with a value.",
  appliesTo: ["flow"],
  schema,
  examples: [
    {
      title: "Any flow under company",
      code: "type: io.kestra.plugin.core.condition.ExecutionNamespace\nnamespace: company\ncomparison: PREFIX",
    },
  ],
  test(config, ctx) {
    if (!ctx.execution) throw new Error("ExecutionNamespace needs an execution in the context");
    const value = ctx.renderString(config.namespace);
    const ns = ctx.execution.namespace;
    const comparison = config.comparison ?? (config.prefix ? "PREFIX" : "EQUALS");
    if (comparison === "PREFIX") return ns.startsWith(value);
    if (comparison === "SUFFIX") return ns.endsWith(value);
    return ns === value;
  },
};
