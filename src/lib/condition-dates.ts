/**
 * Parsing of the rendered `date` of the date conditions (spec §3.0 "Date parsing helpers").
 *
 * Decision (perch): Kestra takes the local date in the zone written in the string. A webhook's `trigger.date` is a
 * UTC instant (`…Z`), and users expect their server's day, so `localDate` converts an instant (a date-time with `Z`
 * or an offset) to the server time zone (`ctx.timeZone`) before taking its date; a named zone written in the text
 * (`2026-05-01T23:30:00+02:00[Europe/Paris]`) wins. A bare ISO date (`2026-05-01`) is taken as is.
 * A local date-time without offset or zone is rejected, like Kestra's zoned parsing.
 * `zonedDateTime` (DateTimeBetween) and `utcTimeOfDay` (TimeBetween) compare instants, so zones do not matter there.
 *
 * @example localDate("2026-03-28T23:30:00Z", "Europe/Paris").toISODate() // "2026-03-29"
 */
import { DateTime } from "luxon";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const NAMED_ZONE = /^(.*)\[([^\]]+)\]$/;
const HAS_OFFSET = /T.*(Z|[+-]\d{2}(:?\d{2})?)$/i;

function invalid(text: string, why: string): Error {
  return new Error(`Invalid date \`${text}\`: ${why}`);
}

/** In a repeated hour (summer time ends), the earlier offset, as java.time does. */
function earlierOffset(dt: DateTime): DateTime {
  if (!dt.isValid) return dt;
  const candidates = dt.getPossibleOffsets();
  return candidates.reduce((a, b) => (b.offset > a.offset ? b : a), dt);
}

/** An instant with the zone written in the text (offset, `Z` or `[Zone/Name]`); throws without one. */
export function zonedDateTime(rendered: string): DateTime {
  const text = rendered.trim();
  if (text === "") throw invalid(text, "the date rendered empty (is `trigger.date` defined here?)");
  const named = NAMED_ZONE.exec(text);
  if (named) {
    const base = named[1] ?? "";
    const zone = named[2] ?? "";
    const dt = HAS_OFFSET.test(base)
      ? DateTime.fromISO(base, { setZone: true }).setZone(zone)
      : earlierOffset(DateTime.fromISO(base, { zone }));
    if (!dt.isValid) throw invalid(text, dt.invalidExplanation ?? dt.invalidReason ?? "unparsable");
    return dt;
  }
  if (!HAS_OFFSET.test(text)) throw invalid(text, "an ISO date-time with an offset or zone is required");
  const dt = DateTime.fromISO(text, { setZone: true });
  if (!dt.isValid) throw invalid(text, dt.invalidExplanation ?? dt.invalidReason ?? "unparsable");
  return dt;
}

/** The calendar date (as a DateTime at its start of day) of a rendered date; see the decision above. */
export function localDate(rendered: string, serverZone: string): DateTime {
  const text = rendered.trim();
  if (ISO_DATE.test(text)) {
    const d = DateTime.fromISO(text, { zone: "UTC" });
    if (!d.isValid) throw invalid(text, d.invalidExplanation ?? d.invalidReason ?? "unparsable");
    return d.startOf("day");
  }
  const dt = zonedDateTime(text);
  const inZone = NAMED_ZONE.test(text) ? dt : dt.setZone(serverZone);
  if (!inZone.isValid) throw new Error(`Invalid time zone \`${serverZone}\``);
  return DateTime.fromObject({ year: inZone.year, month: inZone.month, day: inZone.day }, { zone: "UTC" });
}

/** Milliseconds since UTC midnight of the instant (an offset time normalised to UTC). */
export function utcTimeOfDay(dt: DateTime): number {
  const u = dt.toUTC();
  return ((u.hour * 60 + u.minute) * 60 + u.second) * 1000 + u.millisecond;
}

const OFFSET_TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/i;

/** `09:00:00Z`, `18:30:00+02:00` -> milliseconds since UTC midnight, wrapped into one day. */
export function offsetTime(rendered: string): number {
  const text = rendered.trim();
  const m = OFFSET_TIME.exec(text);
  if (!m)
    throw new Error(`Invalid time \`${text}\`: expected an ISO time with offset like 09:00:00Z or 18:30:00+02:00`);
  const [h, min, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  if (h > 23 || min > 59 || s > 59) throw new Error(`Invalid time \`${text}\``);
  const ms = Math.floor(Number(`0.${m[4] ?? "0"}`) * 1000);
  const off = m[5] ?? "Z";
  const offMin =
    off.toUpperCase() === "Z"
      ? 0
      : (off[0] === "-" ? -1 : 1) * (Number(off.slice(1, 3)) * 60 + Number(off.slice(4, 6)));
  const day = 86_400_000;
  const local = ((h * 60 + min) * 60 + s) * 1000 + ms;
  return (((local - offMin * 60_000) % day) + day) % day;
}

export const DAYS_OF_WEEK = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"] as const;
export type DayOfWeek = (typeof DAYS_OF_WEEK)[number];

/** luxon weekday (1 = Monday … 7 = Sunday) of a day name */
export function weekdayNumber(day: DayOfWeek): number {
  return DAYS_OF_WEEK.indexOf(day) + 1;
}

/** The template of a date condition's `date`, with the documented default. */
export const DEFAULT_DATE = "{{ trigger.date }}";
