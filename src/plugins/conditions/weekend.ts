/**
 * True when the `date` is a Saturday or a Sunday. An instant is taken in the server time zone.
 *
 * @example
 * - type: io.kestra.plugin.core.condition.Weekend
 */
import { Type } from "@sinclair/typebox";
import { DEFAULT_DATE, localDate } from "../../lib/condition-dates.ts";
import type { ConditionPlugin } from "../sdk.ts";

const schema = Type.Object({
  date: Type.Optional(
    Type.String({ default: DEFAULT_DATE, description: "template of the date to test (ISO date or zoned date-time)" }),
  ),
});

export const weekend: ConditionPlugin<typeof schema> = {
  kind: "condition",
  type: "io.kestra.plugin.core.condition.Weekend",
  aliases: [
    "io.kestra.core.models.conditions.types.WeekendCondition",
    "io.kestra.plugin.core.condition.WeekendCondition",
  ],
  title: "Weekend",
  description: "Passes when the date is a Saturday or a Sunday.",
  appliesTo: ["webhook", "flow", "schedule"],
  schema,
  examples: [
    {
      title: "Only at weekends",
      code: 'type: io.kestra.plugin.core.condition.Weekend\ndate: "{{ trigger.date }}"',
    },
  ],
  test(config, ctx) {
    return localDate(ctx.renderString(config.date ?? DEFAULT_DATE), ctx.timeZone).weekday >= 6;
  },
};
