/**
 * True when the instant `date` lies between `after` (inclusive when alone) and `before` (exclusive): both set,
 * `after < d < before`; only `before`, `d < before`; only `after`, `d ≥ after`. All are zoned ISO date-times.
 *
 * @example
 * - type: io.kestra.plugin.core.condition.DateTimeBetween
 *   after: "2026-01-01T00:00:00Z"
 *   before: "2027-01-01T00:00:00+01:00"
 */
import { Type } from "@sinclair/typebox";
import { DEFAULT_DATE, zonedDateTime } from "../../lib/condition-dates.ts";
import type { ConditionPlugin } from "../sdk.ts";

const schema = Type.Object({
  date: Type.Optional(Type.String({ default: DEFAULT_DATE, description: "template of the zoned date-time to test" })),
  after: Type.Optional(
    Type.String({ description: "zoned ISO date-time the date must be after, e.g. `2026-01-01T00:00:00Z`" }),
  ),
  before: Type.Optional(
    Type.String({ description: "zoned ISO date-time the date must be before, e.g. `2026-12-31T23:59:59+01:00`" }),
  ),
});

export const dateTimeBetween: ConditionPlugin<typeof schema> = {
  kind: "condition",
  type: "io.kestra.plugin.core.condition.DateTimeBetween",
  aliases: [
    "io.kestra.core.models.conditions.types.DateTimeBetweenCondition",
    "io.kestra.plugin.core.condition.DateTimeBetweenCondition",
  ],
  title: "Date-time between",
  description: "Passes when the date-time is between two zoned date-times.",
  appliesTo: ["webhook", "flow", "schedule"],
  schema,
  examples: [
    {
      title: "Only during 2026",
      code: 'type: io.kestra.plugin.core.condition.DateTimeBetween\ndate: "{{ trigger.date }}"\nafter: "2026-01-01T00:00:00Z"\nbefore: "2027-01-01T00:00:00Z"',
    },
  ],
  test(config, ctx) {
    if (config.after === undefined && config.before === undefined) {
      throw new Error("Invalid condition: no 'before' or 'after' value defined");
    }
    const d = zonedDateTime(ctx.renderString(config.date ?? DEFAULT_DATE)).toMillis();
    const after = config.after === undefined ? undefined : zonedDateTime(ctx.renderString(config.after)).toMillis();
    const before = config.before === undefined ? undefined : zonedDateTime(ctx.renderString(config.before)).toMillis();
    if (after !== undefined && before !== undefined) return after < d && d < before;
    if (before !== undefined) return d < before;
    return d >= (after as number);
  },
};
