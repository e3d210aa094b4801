/**
 * True when the `date` is the FIRST/SECOND/THIRD/FOURTH/LAST `dayOfWeek` of its month. SECOND…FOURTH are the first
 * one plus 1…3 weeks; one that spills into the next month never matches (a month has no fifth FOURTH).
 *
 * @example
 * - type: io.kestra.plugin.core.condition.DayWeekInMonth
 *   dayOfWeek: MONDAY
 *   dayInMonth: FIRST
 */
import { Type } from "@sinclair/typebox";
import { DAYS_OF_WEEK, DEFAULT_DATE, localDate, weekdayNumber } from "../../lib/condition-dates.ts";
import type { ConditionPlugin } from "../sdk.ts";

const IN_MONTH = ["FIRST", "SECOND", "THIRD", "FOURTH", "LAST"] as const;

const schema = Type.Object({
  date: Type.Optional(
    Type.String({ default: DEFAULT_DATE, description: "template of the date to test (ISO date or zoned date-time)" }),
  ),
  dayOfWeek: Type.Union(
    DAYS_OF_WEEK.map((d) => Type.Literal(d)),
    { description: "the day of the week, MONDAY … SUNDAY" },
  ),
  dayInMonth: Type.Union(
    IN_MONTH.map((d) => Type.Literal(d)),
    { description: "which one in the month: FIRST, SECOND, THIRD, FOURTH or LAST" },
  ),
});

export const dayWeekInMonth: ConditionPlugin<typeof schema> = {
  kind: "condition",
  type: "io.kestra.plugin.core.condition.DayWeekInMonth",
  aliases: [
    "io.kestra.core.models.conditions.types.DayWeekInMonthCondition",
    "io.kestra.plugin.core.condition.DayWeekInMonthCondition",
  ],
  title: "Day of week in month",
  description: "Passes when the date is the first, second, third, fourth or last given weekday of its month.",
  appliesTo: ["webhook", "flow", "schedule"],
  schema,
  examples: [
    {
      title: "Only on the first Monday of the month",
      code: 'type: io.kestra.plugin.core.condition.DayWeekInMonth\ndate: "{{ trigger.date }}"\ndayOfWeek: MONDAY\ndayInMonth: FIRST',
    },
  ],
  test(config, ctx) {
    const day = localDate(ctx.renderString(config.date ?? DEFAULT_DATE), ctx.timeZone);
    const wanted = weekdayNumber(config.dayOfWeek);
    let target: typeof day;
    if (config.dayInMonth === "LAST") {
      const end = day.endOf("month").startOf("day");
      target = end.minus({ days: (end.weekday - wanted + 7) % 7 });
    } else {
      const start = day.startOf("month");
      const first = start.plus({ days: (wanted - start.weekday + 7) % 7 });
      target = first.plus({ weeks: IN_MONTH.indexOf(config.dayInMonth) });
    }
    return target.hasSame(day, "day");
  },
};
