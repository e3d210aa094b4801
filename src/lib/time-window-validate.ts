/**
 * Validation of a Flow trigger precondition's `timeWindow` (spec §3.18, `TimeWindowValidator`), and the parsing of
 * its time-of-day fields (`09:00`, `09:00:00`, `09:00:00.500`, `09:00:00Z`, `18:00:00+02:00`).
 *
 * @example validateTimeWindow({ type: "DAILY_TIME_WINDOW", startTime: "09:00" }) // ["DAILY_TIME_WINDOW requires `endTime`"]
 */
import { parseIsoDuration } from "./duration.ts";

/** The `timeWindow` object of a precondition; every field is a string as written in the flow. */
export type TimeWindow = {
  type: "DURATION_WINDOW" | "SLIDING_WINDOW" | "DAILY_TIME_DEADLINE" | "DAILY_TIME_WINDOW";
  /** DURATION_WINDOW, SLIDING_WINDOW: ISO duration, default `P1D` */
  window?: string;
  /** DURATION_WINDOW: ISO duration (may be negative), default none */
  windowAdvance?: string;
  /** DAILY_TIME_DEADLINE: time of day */
  deadline?: string;
  /** DAILY_TIME_WINDOW: time of day */
  startTime?: string;
  /** DAILY_TIME_WINDOW: time of day, after `startTime` (the range cannot cross midnight) */
  endTime?: string;
};

/** A parsed time of day: milliseconds since midnight, and the offset in minutes when one was written. */
export type TimeOfDay = { ms: number; offsetMinutes?: number };

export const TYPES = ["DURATION_WINDOW", "SLIDING_WINDOW", "DAILY_TIME_DEADLINE", "DAILY_TIME_WINDOW"] as const;

/** The default window length when `window` is absent: one day. */
export const DEFAULT_WINDOW = "P1D";

const TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * A time of day as Kestra's `OffsetTime`/`LocalTime` accept it, or undefined when unparsable.
 * @example parseTimeOfDay("18:00:00+02:00") // { ms: 64800000, offsetMinutes: 120 }
 */
export function parseTimeOfDay(text: string): TimeOfDay | undefined {
  const m = TIME.exec(text.trim());
  if (!m) return undefined;
  const [h, min, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  if (h > 23 || min > 59 || s > 59) return undefined;
  const ms = h * 3_600_000 + min * 60_000 + s * 1000 + Math.floor(Number(`0.${m[4] ?? "0"}`) * 1000);
  if (m[5] === undefined) return { ms };
  if (m[5].toUpperCase() === "Z") return { ms, offsetMinutes: 0 };
  const digits = m[5].slice(1).replace(":", "");
  const oh = Number(digits.slice(0, 2));
  const om = Number(digits.slice(2));
  if (oh > 18 || om > 59) return undefined;
  return { ms, offsetMinutes: (m[5][0] === "-" ? -1 : 1) * (oh * 60 + om) };
}

const FORBIDDEN: Record<TimeWindow["type"], (keyof TimeWindow)[]> = {
  DURATION_WINDOW: ["deadline", "startTime", "endTime"],
  SLIDING_WINDOW: ["deadline", "startTime", "endTime", "windowAdvance"],
  DAILY_TIME_DEADLINE: ["window", "windowAdvance", "startTime", "endTime"],
  DAILY_TIME_WINDOW: ["window", "windowAdvance", "deadline"],
};

const REQUIRED: Record<TimeWindow["type"], (keyof TimeWindow)[]> = {
  DURATION_WINDOW: [],
  SLIDING_WINDOW: [],
  DAILY_TIME_DEADLINE: ["deadline"],
  DAILY_TIME_WINDOW: ["startTime", "endTime"],
};

/**
 * The problems of a `timeWindow`, one message each; empty when valid. Rules (spec §3.18): an unknown `type` is
 * rejected; each type forbids the fields of the others and requires its own; `window` must be a positive ISO
 * duration; `windowAdvance` an ISO duration; times must parse (with an optional `Z`/`±HH:MM` offset); and (perch)
 * a DAILY_TIME_WINDOW's `endTime` must be after its `startTime`, compared as instants when both carry offsets.
 */
export function validateTimeWindow(tw: Partial<TimeWindow> & { type?: string }): string[] {
  const type = (tw.type ?? "DURATION_WINDOW") as TimeWindow["type"];
  if (!TYPES.includes(type)) return [`unknown timeWindow type \`${tw.type}\`, expected one of ${TYPES.join(", ")}`];
  const errors: string[] = [];
  for (const f of FORBIDDEN[type]) if (tw[f] !== undefined) errors.push(`${type} does not accept \`${f}\``);
  for (const f of REQUIRED[type]) if (tw[f] === undefined) errors.push(`${type} requires \`${f}\``);
  if (tw.window !== undefined && !FORBIDDEN[type].includes("window")) {
    const w = parseIsoDuration(String(tw.window));
    if (w === undefined) errors.push(`\`window\` is not an ISO-8601 duration: \`${tw.window}\``);
    else if (w <= 0) errors.push(`\`window\` must be a positive duration: \`${tw.window}\``);
  }
  if (tw.windowAdvance !== undefined && !FORBIDDEN[type].includes("windowAdvance")) {
    if (parseIsoDuration(String(tw.windowAdvance)) === undefined)
      errors.push(`\`windowAdvance\` is not an ISO-8601 duration: \`${tw.windowAdvance}\``);
  }
  const times: (keyof TimeWindow)[] = ["deadline", "startTime", "endTime"];
  for (const f of times) {
    if (tw[f] === undefined || FORBIDDEN[type].includes(f)) continue;
    if (!parseTimeOfDay(String(tw[f])))
      errors.push(`\`${f}\` is not a time of day (HH:MM[:SS][Z|±HH:MM]): \`${tw[f]}\``);
  }
  if (type === "DAILY_TIME_WINDOW" && tw.startTime !== undefined && tw.endTime !== undefined) {
    const s = parseTimeOfDay(String(tw.startTime));
    const e = parseTimeOfDay(String(tw.endTime));
    if (s && e && (s.offsetMinutes === undefined) === (e.offsetMinutes === undefined)) {
      const utc = (t: TimeOfDay) => t.ms - (t.offsetMinutes ?? 0) * 60_000;
      if (utc(e) <= utc(s)) errors.push("`endTime` must be after `startTime` (a daily window cannot cross midnight)");
    }
  }
  return errors;
}
