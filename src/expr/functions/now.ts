import { DateTime } from "luxon";
import { formatDate, zoneOf } from "../dates.ts";
import type { FunctionDef } from "../types.ts";

/** Current time (from the render's clock) formatted like the `date` filter. @example {{ now(format="sql_sec", timeZone="UTC") }} */
export const now: FunctionDef = {
  name: "now",
  params: ["format", "timeZone", "existingFormat", "locale"],
  call(args, env) {
    const zone = zoneOf(args.timeZone, env.timeZone, "now");
    const date = env.now();
    return formatDate(
      { dt: DateTime.fromJSDate(date, { zone }), nanos: date.getUTCMilliseconds() * 1e6 },
      args.format,
      "now",
      args.locale,
    );
  },
};
