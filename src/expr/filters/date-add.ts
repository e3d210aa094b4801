import type { DurationLikeObject } from "luxon";
import { formatDate, readDate, zoneOf } from "../dates.ts";
import { type FilterDef, EvalFailure } from "../types.ts";
import { intArg, stringArg } from "./shared.ts";

const UNITS: Record<string, [keyof DurationLikeObject, number]> = {
  NANOS: ["milliseconds", 1e-6],
  MICROS: ["milliseconds", 1e-3],
  MILLIS: ["milliseconds", 1],
  SECONDS: ["seconds", 1],
  MINUTES: ["minutes", 1],
  HOURS: ["hours", 1],
  HALF_DAYS: ["hours", 12],
  DAYS: ["days", 1],
  WEEKS: ["weeks", 1],
  MONTHS: ["months", 1],
  YEARS: ["years", 1],
  DECADES: ["years", 10],
  CENTURIES: ["years", 100],
  MILLENNIA: ["years", 1000],
};

/**
 * Adds `amount` of a Java ChronoUnit (SECONDS, MINUTES, HOURS, DAYS, WEEKS, MONTHS, YEARS…) then formats like `date`.
 * @example {{ "2024-05-01T10:00:00Z" | dateAdd(-1, "DAYS", "yyyy-MM-dd") }} → "2024-04-30"
 */
export const dateAdd: FilterDef = {
  name: "dateAdd",
  params: ["amount", "unit", "format", "timeZone", "existingFormat", "locale"],
  apply(input, args, env) {
    if (input === null || input === undefined) return null;
    const amount = intArg(args.amount, "dateAdd", "amount");
    const unitName = stringArg(args.unit, "dateAdd", "unit").toUpperCase();
    const unit = UNITS[unitName];
    if (!unit) {
      throw new EvalFailure(
        `dateAdd: unknown unit '${String(args.unit)}' (use one of ${Object.keys(UNITS).join(", ")})`,
      );
    }
    const zone = zoneOf(args.timeZone, env.timeZone, "dateAdd");
    const m = readDate(input, "dateAdd", zone, args.existingFormat, args.locale);
    const [key, factor] = unit;
    let nanos = m.nanos;
    let dt = m.dt.setZone(zone);
    if (factor < 1) {
      const total = nanos + amount * (factor === 1e-6 ? 1 : 1000);
      const carryMs = Math.floor(total / 1e6) - Math.floor(nanos / 1e6);
      nanos = ((total % 1e9) + 1e9) % 1e9;
      dt = dt.plus({ milliseconds: carryMs });
    } else {
      dt = dt.plus({ [key]: amount * factor });
      if (key === "milliseconds") nanos = dt.millisecond * 1e6 + (m.nanos % 1e6);
    }
    if (!dt.isValid) throw new EvalFailure("dateAdd: the resulting date is out of range");
    return formatDate({ dt, nanos }, args.format, "dateAdd", args.locale);
  },
};
