/**
 * The pure time-window logic of the Flow trigger's `preconditions` (spec §3.18, ARCHITECTURE decision 12): which
 * window an event belongs to, when a stored window has expired, and how one event changes a window's state.
 * No storage, no clock: `now` and the server `timeZone` are passed in.
 *
 * Decisions (perch):
 * - Windows are half-open `[start, end)`: an event at `start` belongs to the window, one at `end` to the next one;
 *   a stored window is expired once `now >= end` (as `Store.deleteExpiredTriggerWindows`). Kestra's `end - 1 ms` and
 *   strict bounds are not reproduced.
 * - DURATION_WINDOW of length `w` (default P1D), advance `a` (default 0, may be negative): the window boundaries are
 *   `localMidnight + a + k·w`, k = 0, 1, …, counted in elapsed (real) time, and the day's last window is cut at the
 *   next `localMidnight + a`. So windows never straddle (shifted) midnight and every other window lasts exactly `w`.
 *   A whole number of days (P1D, P2D) means calendar days of the server zone (P2D: pairs of days counted from
 *   1970-01-01), so P1D is always midnight to midnight. Other windows longer than a day are aligned on elapsed time
 *   from 1970-01-01 local midnight.
 * - DST (e.g. Europe/Paris 2026-03-29, a 23-hour day, and 2026-10-25, a 25-hour day): P1D lasts 23 h or 25 h.
 *   Windows of w ≤ 1 h that divide an hour (PT1H, PT15M) keep falling on wall-clock boundaries, because the offset
 *   moves by a whole hour: the 23-hour day has 23 PT1H windows (01:00+01:00 is followed by 03:00+02:00), the 25-hour
 *   day has 25 (02:00+02:00 and 02:00+01:00 are two windows). Longer windows count real hours from midnight, so
 *   PT6H on the 25-hour day gives 00:00, 05:00, 11:00, 17:00 and a 1-hour window 23:00–24:00; on the 23-hour day
 *   00:00, 07:00, 13:00, 19:00–24:00 (5 h). This keeps windows a gap-free, overlap-free partition of time.
 * - SLIDING_WINDOW looks back `window` from now: the window of an event at `now` is `[now - window, now]`
 *   (returned as `end = now + 1 ms`); conditions count when they were satisfied inside it (see `since` below).
 * - DAILY_TIME_DEADLINE: `[local midnight, deadline)` of the server-zone date; DAILY_TIME_WINDOW:
 *   `[startTime, endTime)` of that date. A time with an offset (`18:00:00+02:00`) is that wall time at that offset on
 *   the server-zone date; without one, the server zone's wall time. Outside the range: no window (undefined).
 *   A range cannot cross midnight (validation rejects it; an empty range at run time yields undefined).
 *
 * @example currentWindow({ type: "DURATION_WINDOW", window: "PT1H" }, new Date("2026-05-04T10:42:00Z"), "UTC")
 *   // { start: 2026-05-04T10:00:00Z, end: 2026-05-04T11:00:00Z }
 */
import { DateTime, FixedOffsetZone } from "luxon";
import { parseIsoDuration } from "../lib/duration.ts";
import { DEFAULT_WINDOW, parseTimeOfDay, type TimeOfDay, type TimeWindow } from "../lib/time-window-validate.ts";

export { parseTimeOfDay, type TimeWindow, validateTimeWindow } from "../lib/time-window-validate.ts";

/** An interval of time, `[start, end)`. */
export type Window = { start: Date; end: Date };

const DAY = 86_400_000;

function duration(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const ms = parseIsoDuration(text);
  if (ms === undefined) throw new Error(`not an ISO-8601 duration: \`${text}\``);
  return ms;
}

/** The instant of a time of day on the server-zone date of `day`. */
function onDay(day: DateTime, t: TimeOfDay, timeZone: string): DateTime {
  const zone = t.offsetMinutes === undefined ? timeZone : FixedOffsetZone.instance(t.offsetMinutes);
  const ms = t.ms;
  return DateTime.fromObject(
    {
      year: day.year,
      month: day.month,
      day: day.day,
      hour: Math.floor(ms / 3_600_000),
      minute: Math.floor(ms / 60_000) % 60,
      second: Math.floor(ms / 1000) % 60,
      millisecond: ms % 1000,
    },
    { zone },
  );
}

function time(text: string | undefined, field: string): TimeOfDay {
  const t = text === undefined ? undefined : parseTimeOfDay(text);
  if (!t) throw new Error(`\`${field}\` is not a time of day: \`${text}\``);
  return t;
}

function durationWindow(tw: TimeWindow, now: Date, timeZone: string): Window {
  const w = duration(tw.window, parseIsoDuration(DEFAULT_WINDOW)!);
  if (w <= 0) throw new Error(`\`window\` must be a positive duration: \`${tw.window}\``);
  const advance = duration(tw.windowAdvance, 0);
  const shifted = DateTime.fromMillis(now.getTime() - advance, { zone: timeZone });
  const midnight = shifted.startOf("day");
  let start: DateTime;
  let end: DateTime;
  if (w % DAY === 0) {
    const days = w / DAY;
    const epochDay = Math.round(DateTime.fromISO(midnight.toISODate()!, { zone: "UTC" }).toMillis() / DAY);
    start = midnight.minus({ days: ((epochDay % days) + days) % days });
    end = start.plus({ days });
  } else if (w < DAY) {
    const k = Math.floor((shifted.toMillis() - midnight.toMillis()) / w);
    start = midnight.plus({ milliseconds: k * w });
    const next = midnight.plus({ days: 1 }).startOf("day");
    end = DateTime.fromMillis(Math.min(start.toMillis() + w, next.toMillis()));
  } else {
    const anchor = DateTime.fromObject({ year: 1970, month: 1, day: 1 }, { zone: timeZone }).toMillis();
    const k = Math.floor((shifted.toMillis() - anchor) / w);
    start = DateTime.fromMillis(anchor + k * w);
    end = DateTime.fromMillis(anchor + (k + 1) * w);
  }
  return { start: new Date(start.toMillis() + advance), end: new Date(end.toMillis() + advance) };
}

/**
 * The window an event arriving at `now` belongs to, in the server zone `timeZone`; undefined outside a
 * DAILY_TIME_WINDOW range or at/after today's DAILY_TIME_DEADLINE. Throws on an invalid `timeWindow` (validate it
 * first with `validateTimeWindow`). See the module comment for alignment and DST.
 */
export function currentWindow(tw: TimeWindow, now: Date, timeZone: string): Window | undefined {
  const type = tw.type ?? "DURATION_WINDOW";
  if (type === "DURATION_WINDOW") return durationWindow(tw, now, timeZone);
  if (type === "SLIDING_WINDOW") {
    const w = duration(tw.window, parseIsoDuration(DEFAULT_WINDOW)!);
    return { start: new Date(now.getTime() - w), end: new Date(now.getTime() + 1) };
  }
  const today = DateTime.fromJSDate(now, { zone: timeZone });
  let start: DateTime;
  let end: DateTime;
  if (type === "DAILY_TIME_DEADLINE") {
    start = today.startOf("day");
    end = onDay(today, time(tw.deadline, "deadline"), timeZone);
  } else if (type === "DAILY_TIME_WINDOW") {
    start = onDay(today, time(tw.startTime, "startTime"), timeZone);
    end = onDay(today, time(tw.endTime, "endTime"), timeZone);
  } else throw new Error(`unknown timeWindow type \`${type}\``);
  const t = now.getTime();
  if (start.toMillis() >= end.toMillis() || t < start.toMillis() || t >= end.toMillis()) return undefined;
  return { start: start.toJSDate(), end: end.toJSDate() };
}

/** True when `now` is at or after the window's end (the stored window can be deleted). */
export function isExpired(window: Window | { end: Date | string }, now: Date): boolean {
  return now.getTime() >= new Date(window.end).getTime();
}

/** True when `t` lies in `[start, end)`. */
export function contains(window: Window, t: Date): boolean {
  return window.start.getTime() <= t.getTime() && t.getTime() < window.end.getTime();
}

/**
 * What is stored for one window: `results` maps each satisfied condition name to `true` (never false),
 * `satisfiedAt` the last instant (ISO) each was satisfied, `firedAt` the last time the trigger fired from this
 * window (only kept with `resetOnSuccess: false`).
 */
export type WindowState = { results: Record<string, boolean>; satisfiedAt?: Record<string, string>; firedAt?: string };

/** One evaluated upstream execution, as seen by `nextState`. */
export type WindowEvent = {
  /** names of the sub-conditions this execution satisfies (may be empty) */
  satisfied: string[];
  /** names of all the sub-conditions of the precondition */
  conditions: string[];
  resetOnSuccess: boolean;
  now: Date;
  /** SLIDING_WINDOW: the look-back start; results satisfied before it no longer count and are dropped */
  since?: Date;
};

/**
 * The reducer of a window's state for one event (a restart just feeds the stored state back in):
 * 1. results satisfied before `since` (sliding look-back) are dropped;
 * 2. each name in `satisfied` is recorded as `true` (stamped `now`); results are never turned back to false;
 * 3. the trigger fires when this event satisfied at least one condition and all `conditions` are now true — so an
 *    execution satisfying none of them never fires it, even when the window is already complete;
 * 4. after firing, `resetOnSuccess: true` clears the window (`state: undefined`: delete the stored record);
 *    `false` keeps the results and stamps `firedAt`, so it fires again each time a condition is satisfied again
 *    within the same window.
 * `state` is undefined also when nothing is left to store (no result).
 *
 * @example nextState(undefined, { satisfied: ["a"], conditions: ["a"], resetOnSuccess: true, now }) // { fire: true, state: undefined }
 */
export function nextState(
  stored: WindowState | undefined,
  event: WindowEvent,
): { fire: boolean; state: WindowState | undefined } {
  const results: Record<string, boolean> = {};
  const satisfiedAt: Record<string, string> = {};
  for (const [name, ok] of Object.entries(stored?.results ?? {})) {
    if (!ok) continue;
    const at = stored?.satisfiedAt?.[name];
    if (event.since && at !== undefined && new Date(at).getTime() < event.since.getTime()) continue;
    results[name] = true;
    if (at !== undefined) satisfiedAt[name] = at;
  }
  const iso = event.now.toISOString();
  for (const name of event.satisfied) {
    results[name] = true;
    satisfiedAt[name] = iso;
  }
  const fire = event.satisfied.length > 0 && event.conditions.every((c) => results[c] === true);
  if (fire && event.resetOnSuccess) return { fire, state: undefined };
  if (Object.keys(results).length === 0) return { fire, state: undefined };
  const state: WindowState = { results, satisfiedAt };
  const firedAt = fire ? iso : stored?.firedAt;
  if (firedAt !== undefined) state.firedAt = firedAt;
  return { fire, state };
}
