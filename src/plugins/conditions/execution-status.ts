/**
 * True when the execution's current state passes `in` / `notIn` (empty lists impose nothing). On a Flow trigger it
 * is the upstream execution; without an execution in the context it throws.
 *
 * @example
 * - type: io.kestra.plugin.core.condition.ExecutionStatus
 *   in: [FAILED, WARNING]
 */
import { Type } from "@sinclair/typebox";
import { matchesStates } from "../../lib/state-filter.ts";
import { STATES } from "../../model/state.ts";
import type { ConditionPlugin } from "../sdk.ts";

const stateList = (description: string) =>
  Type.Optional(Type.Array(Type.Union(STATES.map((s) => Type.Literal(s))), { description }));

const schema = Type.Object({
  in: stateList("states the execution must be in (empty: any)"),
  notIn: stateList("states the execution must not be in"),
});

export const executionStatus: ConditionPlugin<typeof schema> = {
  kind: "condition",
  type: "io.kestra.plugin.core.condition.ExecutionStatus",
  aliases: [
    "io.kestra.core.models.conditions.types.ExecutionStatusCondition",
    "io.kestra.plugin.core.condition.ExecutionStatusCondition",
  ],
  title: "Execution status",
  description: "Passes when the execution's state is in `in` and not in `notIn`.",
  appliesTo: ["flow", "webhook"],
  schema,
  examples: [
    {
      title: "When the upstream execution failed",
      code: "type: io.kestra.plugin.core.condition.ExecutionStatus\nin:\n  - FAILED\n  - WARNING",
    },
  ],
  test(config, ctx) {
    if (!ctx.execution) throw new Error("ExecutionStatus needs an execution in the context");
    return matchesStates(ctx.execution.state, config.in, config.notIn);
  },
};
