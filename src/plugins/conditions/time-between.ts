/**
 * True when the time of day of `date` lies strictly between `after` and `before`, all compared as offset times
 * normalised to UTC (so `18:30:00+02:00` is 16:30 UTC). `after` ≥ `before` is a range crossing midnight
 * (t > after or t < before). Either bound may be left out; without both it throws.
 *
 * @example
 * - type: io.kestra.plugin.core.condition.TimeBetween
 *   after: "09:00:00+01:00"
 *   before: "18:00:00+01:00"
 */
import { Type } from "@sinclair/typebox";
import { DEFAULT_DATE, offsetTime, utcTimeOfDay, zonedDateTime } from "../../lib/condition-dates.ts";
import type { ConditionPlugin } from "../sdk.ts";

const schema = Type.Object({
  date: Type.Optional(
    Type.String({ default: DEFAULT_DATE, description: "template of the zoned date-time whose time of day is tested" }),
  ),
  after: Type.Optional(Type.String({ description: "ISO time with offset the time must be after, e.g. `09:00:00Z`" })),
  before: Type.Optional(
    Type.String({ description: "ISO time with offset the time must be before, e.g. `18:30:00+02:00`" }),
  ),
});

export const timeBetween: ConditionPlugin<typeof schema> = {
  kind: "condition",
  type: "io.kestra.plugin.core.condition.TimeBetween",
  aliases: [
    "io.kestra.core.models.conditions.types.TimeBetweenCondition",
    "io.kestra.plugin.core.condition.TimeBetweenCondition",
  ],
  title: "Time between",
  description: "Passes when the time of day is between two offset times (a range may cross midnight).",
  appliesTo: ["webhook", "flow", "schedule"],
  schema,
  examples: [
    {
      title: "Office hours in Paris (winter)",
      code: 'type: io.kestra.plugin.core.condition.TimeBetween\ndate: "{{ trigger.date }}"\nafter: "09:00:00+01:00"\nbefore: "18:00:00+01:00"',
    },
    {
      title: "At night, across midnight",
      code: 'type: io.kestra.plugin.core.condition.TimeBetween\ndate: "{{ trigger.date }}"\nafter: "22:00:00Z"\nbefore: "06:00:00Z"',
    },
  ],
  test(config, ctx) {
    if (config.after === undefined && config.before === undefined) {
      throw new Error("Invalid condition: no 'before' or 'after' value defined");
    }
    const t = utcTimeOfDay(zonedDateTime(ctx.renderString(config.date ?? DEFAULT_DATE)));
    const after = config.after === undefined ? undefined : offsetTime(ctx.renderString(config.after));
    const before = config.before === undefined ? undefined : offsetTime(ctx.renderString(config.before));
    if (after !== undefined && before !== undefined) {
      return after < before ? after < t && t < before : t > after || t < before;
    }
    if (before !== undefined) return t < before;
    return t > (after as number);
  },
};
