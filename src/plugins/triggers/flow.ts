/**
 * Starts an execution when an execution of another flow changes state: the Flow trigger that chains flows.
 * `states` filters the upstream state (default: the terminal states and PAUSED), `conditions` test the upstream
 * execution (ExecutionStatus, ExecutionFlow, ExecutionNamespace, ExecutionLabels, ExecutionOutputs...), `inputs`
 * are rendered with `trigger.*` (the upstream execution) and given to the new execution as they are.
 * `preconditions` wait until every listed upstream flow (and `where` filter) was seen within a time window.
 *
 * @example
 * triggers:
 *   - id: after_ingest
 *     type: io.kestra.plugin.core.trigger.Flow
 *     states: [SUCCESS]
 *     conditions:
 *       - type: io.kestra.plugin.core.condition.ExecutionFlow
 *         namespace: company.team
 *         flowId: ingest
 */
import { Type } from "@sinclair/typebox";
import { STATES } from "../../model/state.ts";
import { validateTimeWindow } from "../../lib/time-window-validate.ts";
import type { TriggerPlugin } from "../sdk.ts";

const State = Type.Union(
  STATES.map((s) => Type.Literal(s)),
  { description: "an execution state" },
);

const FILTER_TYPES = [
  "EQUAL_TO",
  "NOT_EQUAL_TO",
  "IN",
  "NOT_IN",
  "IS_TRUE",
  "IS_FALSE",
  "IS_NULL",
  "IS_NOT_NULL",
  "STARTS_WITH",
  "ENDS_WITH",
  "REGEX",
  "CONTAINS",
];
const NEEDS_VALUES = ["IN", "NOT_IN"];

const schema = Type.Object({
  states: Type.Optional(
    Type.Array(State, {
      description:
        "upstream states that start this flow (default: SUCCESS, WARNING, FAILED, KILLED, CANCELLED, RETRIED, SKIPPED, RESUBMITTED, PAUSED)",
    }),
  ),
  preconditions: Type.Optional(
    Type.Object(
      {
        id: Type.String({ pattern: "^[a-zA-Z0-9][a-zA-Z0-9_-]*$", description: "key of the stored window" }),
        flows: Type.Optional(
          Type.Array(
            Type.Object(
              {
                namespace: Type.String(),
                flowId: Type.Optional(Type.String()),
                states: Type.Optional(Type.Array(State)),
                labels: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
              },
              { additionalProperties: false },
            ),
            { description: "upstream flows that must each have run (in one of `states`) within the window" },
          ),
        ),
        where: Type.Optional(
          Type.Array(
            Type.Object(
              {
                id: Type.String({ pattern: "^[a-zA-Z0-9][a-zA-Z0-9_-]*$" }),
                operand: Type.Optional(Type.Union([Type.Literal("AND"), Type.Literal("OR")])),
                filters: Type.Array(
                  Type.Object(
                    {
                      field: Type.Union(["FLOW_ID", "NAMESPACE", "STATE", "EXPRESSION"].map((f) => Type.Literal(f))),
                      type: Type.Union(FILTER_TYPES.map((t) => Type.Literal(t))),
                      value: Type.Optional(Type.String()),
                      values: Type.Optional(Type.Array(Type.String())),
                    },
                    { additionalProperties: false },
                  ),
                  { minItems: 1 },
                ),
              },
              { additionalProperties: false },
            ),
            { description: "filters on the upstream execution that must each have matched within the window" },
          ),
        ),
        timeWindow: Type.Optional(
          Type.Object(
            {
              type: Type.Optional(
                Type.Union(
                  ["DURATION_WINDOW", "SLIDING_WINDOW", "DAILY_TIME_DEADLINE", "DAILY_TIME_WINDOW"].map((t) =>
                    Type.Literal(t),
                  ),
                ),
              ),
              window: Type.Optional(Type.String()),
              windowAdvance: Type.Optional(Type.String()),
              deadline: Type.Optional(Type.String()),
              startTime: Type.Optional(Type.String()),
              endTime: Type.Optional(Type.String()),
            },
            { additionalProperties: false, description: "default: DURATION_WINDOW of one day from midnight" },
          ),
        ),
        resetOnSuccess: Type.Optional(Type.Boolean({ default: true })),
      },
      { additionalProperties: false },
    ),
  ),
  inputs: Type.Optional(
    Type.Record(Type.String(), Type.Unknown(), { description: "values for the flow inputs; strings are rendered" }),
  ),
});

export const flowTrigger: TriggerPlugin<typeof schema> = {
  kind: "trigger",
  type: "io.kestra.plugin.core.trigger.Flow",
  aliases: ["io.kestra.core.models.triggers.types.Flow"],
  title: "Flow",
  description: "Creates an execution when an execution of another flow reaches one of the listed states.",
  schema,
  examples: [
    {
      title: "Run after company.team/ingest succeeded",
      code: "id: after_ingest\ntype: io.kestra.plugin.core.trigger.Flow\nstates: [SUCCESS]\nconditions:\n  - type: io.kestra.plugin.core.condition.ExecutionFlow\n    namespace: company.team\n    flowId: ingest",
    },
  ],
  validate(config) {
    const errors: string[] = [];
    const p = config.preconditions;
    if (p) {
      if ((p.flows ?? []).length === 0 && (p.where ?? []).length === 0) {
        errors.push("preconditions: list at least one upstream flow in `flows` or one filter in `where`");
      }
      const tw = (p.timeWindow ?? { type: "DURATION_WINDOW" }) as Parameters<typeof validateTimeWindow>[0];
      for (const m of validateTimeWindow(tw)) errors.push(`preconditions.timeWindow: ${m}`);
      for (const w of p.where ?? []) {
        for (const f of w.filters) {
          const needsValues = NEEDS_VALUES.includes(f.type);
          if (needsValues && f.values === undefined)
            errors.push(`preconditions.where ${w.id}: ${f.type} needs \`values\``);
          if (needsValues && f.value !== undefined)
            errors.push(`preconditions.where ${w.id}: ${f.type} takes \`values\`, not \`value\``);
          if (!needsValues && f.value === undefined)
            errors.push(`preconditions.where ${w.id}: ${f.type} needs \`value\``);
          if (!needsValues && f.values !== undefined)
            errors.push(`preconditions.where ${w.id}: ${f.type} takes \`value\`, not \`values\``);
        }
      }
    }
    const conditions = (config as { conditions?: { type?: unknown; timeWindow?: object; window?: string }[] })
      .conditions;
    for (const c of Array.isArray(conditions) ? conditions : []) {
      if (!/(^|\.)MultipleCondition$/i.test(String(c?.type))) continue;
      const tw = { type: "DURATION_WINDOW", ...(c.window ? { window: c.window } : {}), ...c.timeWindow };
      for (const m of validateTimeWindow(tw as Parameters<typeof validateTimeWindow>[0])) {
        errors.push(`conditions: MultipleCondition timeWindow: ${m}`);
      }
    }
    return errors;
  },
};
