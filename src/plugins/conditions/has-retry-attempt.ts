/**
 * True when a task run of the execution with more than one attempt has an attempt whose state passes `in` / `notIn`
 * (the intended semantics of Kestra's HasRetryAttempt; R's version is false for every input). Throws when the
 * execution has no task runs.
 *
 * @example
 * - type: io.kestra.plugin.core.condition.HasRetryAttempt
 *   in: [FAILED]
 */
import { Type } from "@sinclair/typebox";
import { matchesStates } from "../../lib/state-filter.ts";
import { STATES } from "../../model/state.ts";
import type { ConditionPlugin } from "../sdk.ts";

const stateList = (description: string) =>
  Type.Optional(Type.Array(Type.Union(STATES.map((s) => Type.Literal(s))), { description }));

const schema = Type.Object({
  in: stateList("states a retried attempt must be in (empty: any)"),
  notIn: stateList("states a retried attempt must not be in"),
});

export const hasRetryAttempt: ConditionPlugin<typeof schema> = {
  kind: "condition",
  type: "io.kestra.plugin.core.condition.HasRetryAttempt",
  aliases: [
    "io.kestra.core.models.conditions.types.HasRetryAttemptCondition",
    "io.kestra.plugin.core.condition.HasRetryAttemptCondition",
  ],
  title: "Has retry attempt",
  description: "Passes when a task of the execution was retried and one of its attempts is in the given states.",
  appliesTo: ["flow"],
  schema,
  examples: [
    {
      title: "When a task needed a retry",
      code: "type: io.kestra.plugin.core.condition.HasRetryAttempt\nin:\n  - FAILED",
    },
  ],
  test(config, ctx) {
    const runs = ctx.execution?.taskRunList;
    if (!runs || runs.length === 0) throw new Error("HasRetryAttempt needs an execution with task runs");
    return runs.some(
      (run) =>
        run.attempts.length > 1 && run.attempts.some((a) => matchesStates(a.state.current, config.in, config.notIn)),
    );
  },
};
