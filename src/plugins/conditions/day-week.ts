/**
 * True when the `date` falls on `dayOfWeek`. An instant (`trigger.date` of a webhook) is taken in the server time zone.
 *
 * @example
 * - type: io.kestra.plugin.core.condition.DayWeek
 *   dayOfWeek: MONDAY
 */
import { Type } from "@sinclair/typebox";
import { DAYS_OF_WEEK, DEFAULT_DATE, localDate, weekdayNumber } from "../../lib/condition-dates.ts";
import type { ConditionPlugin } from "../sdk.ts";

const schema = Type.Object({
  date: Type.Optional(
    Type.String({ default: DEFAULT_DATE, description: "template of the date to test (ISO date or zoned date-time)" }),
  ),
  dayOfWeek: Type.Union(
    DAYS_OF_WEEK.map((d) => Type.Literal(d)),
    { description: "the day the date must fall on, MONDAY … SUNDAY" },
  ),
});

export const dayWeek: ConditionPlugin<typeof schema> = {
  kind: "condition",
  type: "io.kestra.plugin.core.condition.DayWeek",
  aliases: [
    "io.kestra.core.models.conditions.types.DayWeekCondition",
    "io.kestra.plugin.core.condition.DayWeekCondition",
  ],
  title: "Day of week",
  description: "Passes when the date falls on the given day of the week.",
  appliesTo: ["webhook", "flow", "schedule"],
  schema,
  examples: [
    {
      title: "Only on Mondays",
      code: 'type: io.kestra.plugin.core.condition.DayWeek\ndate: "{{ trigger.date }}"\ndayOfWeek: MONDAY',
    },
  ],
  test(config, ctx) {
    const day = localDate(ctx.renderString(config.date ?? DEFAULT_DATE), ctx.timeZone);
    return day.weekday === weekdayNumber(config.dayOfWeek);
  },
};
