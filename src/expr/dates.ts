/**
 * Date helpers shared by the date filters and now(): reading date-like values, Java DateTimeFormatter patterns
 * (converted token by token; formatting is done here, parsing through luxon), and Kestra's named formats.
 *
 * Numbers are epoch values chosen by magnitude (like Kestra's digit-count rule): below 1e11 seconds, below 1e14
 * milliseconds, below 1e17 microseconds, else nanoseconds. All-digit strings count as numbers.
 *
 * @example formatDate(readDate("2024-05-01T10:15:30Z", "date", "UTC"), "yyyy-MM-dd", "UTC") // "2024-05-01"
 */
import { DateTime, Info } from "luxon";
import { EvalFailure } from "./types.ts";

/** A point in time in a zone, with the sub-second part in nanoseconds (luxon keeps only milliseconds). */
export interface Moment {
  dt: DateTime;
  nanos: number;
}

const NAMED: Record<string, string> = {
  iso: "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX",
  iso_milli: "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
  iso_sec: "yyyy-MM-dd'T'HH:mm:ssXXX",
  sql: "yyyy-MM-dd HH:mm:ss.SSSSSS",
  sql_milli: "yyyy-MM-dd HH:mm:ss.SSS",
  sql_sec: "yyyy-MM-dd HH:mm:ss",
  sql_seq: "yyyy-MM-dd HH:mm:ss",
  iso_local_date: "yyyy-MM-dd",
};

/** Checks an IANA zone or offset name; `undefined`/null gives `fallback`. */
export function zoneOf(timeZone: unknown, fallback: string, who: string): string {
  if (timeZone === undefined || timeZone === null) return fallback;
  if (timeZone === "Z") return "UTC";
  if (typeof timeZone !== "string" || (!Info.isValidIANAZone(timeZone) && !DateTime.now().setZone(timeZone).isValid)) {
    throw new EvalFailure(`${who}: unknown time zone '${String(timeZone)}'`);
  }
  return timeZone;
}

function localeOf(locale: unknown): string {
  return typeof locale === "string" && locale !== "" ? locale.replace(/_/g, "-") : "en-US";
}

function fromEpoch(n: number, zone: string): Moment {
  const abs = Math.abs(n);
  let ms: number;
  let nanos: number;
  if (!Number.isInteger(n)) {
    ms = Math.floor(n * 1000);
    nanos = Math.round((n - Math.floor(n)) * 1e9);
  } else if (abs < 1e11) {
    ms = n * 1000;
    nanos = 0;
  } else if (abs < 1e14) {
    ms = n;
    nanos = (((n % 1000) + 1000) % 1000) * 1e6;
  } else if (abs < 1e17) {
    ms = Math.floor(n / 1000);
    nanos = (((n % 1e6) + 1e6) % 1e6) * 1000;
  } else {
    ms = Math.floor(n / 1e6);
    nanos = Math.round(((n / 1e9) % 1) * 1e9);
    if (nanos < 0) nanos += 1e9;
  }
  return { dt: DateTime.fromMillis(ms, { zone }), nanos };
}

function fractionNanos(text: string, dt: DateTime): number {
  const m = /T?\d{1,2}:\d{2}:\d{2}[.,](\d{1,9})/.exec(text);
  return m ? Number(m[1].padEnd(9, "0")) : dt.millisecond * 1e6;
}

/** Reads a date-like value (ISO text, epoch number, Date, or text in `existingFormat`) in `zone`. */
export function readDate(
  input: unknown,
  who: string,
  zone: string,
  existingFormat?: unknown,
  locale?: unknown,
): Moment {
  if (input instanceof Date)
    return { dt: DateTime.fromJSDate(input, { zone }), nanos: input.getUTCMilliseconds() * 1e6 };
  if (typeof input === "number") {
    if (!Number.isFinite(input)) throw new EvalFailure(`${who}: cannot read a date from ${input}`);
    return fromEpoch(input, zone);
  }
  if (typeof input !== "string") {
    throw new EvalFailure(
      `${who}: expects a date (text or epoch number), got ${input === null ? "null" : typeof input}`,
    );
  }
  const text = input.trim();
  if (existingFormat !== undefined && existingFormat !== null) {
    const fmt = String(existingFormat);
    const named = NAMED[fmt.toLowerCase()];
    const dt = DateTime.fromFormat(text, toLuxonPattern(named ?? fmt, who), {
      zone,
      setZone: true,
      locale: localeOf(locale),
    });
    if (!dt.isValid) {
      throw new EvalFailure(`${who}: cannot parse '${text}' with the format '${fmt}' (${dt.invalidExplanation ?? ""})`);
    }
    return { dt, nanos: fractionNanos(text, dt) };
  }
  if (/^-?\d+$/.test(text)) return fromEpoch(Number(text), zone);
  let iso = text;
  let bracketZone: string | undefined;
  const bz = /\[([^\]]+)\]$/.exec(iso);
  if (bz) {
    bracketZone = bz[1];
    iso = iso.slice(0, bz.index);
  }
  let dt = DateTime.fromISO(iso, { zone: bracketZone ?? zone, setZone: true });
  if (!dt.isValid) dt = DateTime.fromSQL(iso, { zone, setZone: true });
  if (!dt.isValid) dt = DateTime.fromRFC2822(iso, { zone, setZone: true });
  if (!dt.isValid) dt = DateTime.fromHTTP(iso, { zone, setZone: true });
  if (!dt.isValid) throw new EvalFailure(`${who}: cannot read a date from '${text}'`);
  if (bracketZone) dt = dt.setZone(bracketZone);
  return { dt, nanos: fractionNanos(iso, dt) };
}

interface Token {
  letter?: string;
  count: number;
  text?: string;
}

const LETTERS = "GuyYDMLdQqwWEecFaBhKkHmsSAnNVvzOXxZ";

/** Splits a Java DateTimeFormatter pattern into letter runs and literal text. */
export function tokenize(pattern: string, who: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end === i + 1) {
        out.push({ count: 0, text: "'" });
        i += 2;
        continue;
      }
      if (end < 0) throw new EvalFailure(`${who}: unterminated quote in the pattern '${pattern}'`);
      out.push({ count: 0, text: pattern.slice(i + 1, end).replace(/''/g, "'") });
      i = end + 1;
    } else if (/[A-Za-z]/.test(c)) {
      if (!LETTERS.includes(c)) throw new EvalFailure(`${who}: unknown pattern letter '${c}' in '${pattern}'`);
      let j = i;
      while (pattern[j] === c) j++;
      out.push({ letter: c, count: j - i });
      i = j;
    } else if (c === "[" || c === "]") {
      i++;
    } else {
      out.push({ count: 0, text: c });
      i++;
    }
  }
  return out;
}

function pad(n: number, width: number): string {
  const s = String(Math.abs(n)).padStart(width, "0");
  return n < 0 ? `-${s}` : s;
}

function offsetText(minutes: number, withColon: boolean, zForZero: boolean, hoursOnly = false): string {
  if (minutes === 0 && zForZero) return "Z";
  const sign = minutes < 0 ? "-" : "+";
  const h = pad(Math.floor(Math.abs(minutes) / 60), 2);
  const m = pad(Math.abs(minutes) % 60, 2);
  if (hoursOnly && m === "00") return `${sign}${h}`;
  return withColon ? `${sign}${h}:${m}` : `${sign}${h}${m}`;
}

function gmtText(minutes: number, full: boolean): string {
  if (minutes === 0) return "GMT";
  const sign = minutes < 0 ? "-" : "+";
  const h = Math.floor(Math.abs(minutes) / 60);
  const m = Math.abs(minutes) % 60;
  if (full) return `GMT${sign}${pad(h, 2)}:${pad(m, 2)}`;
  return `GMT${sign}${h}${m ? `:${pad(m, 2)}` : ""}`;
}

function formatToken(t: Token, m: Moment): string {
  const { dt } = m;
  const n = t.count;
  switch (t.letter) {
    case "G":
      return dt.toFormat(n >= 4 ? "GG" : "G");
    case "u":
    case "y":
      return n === 2 ? pad(dt.year % 100, 2) : pad(dt.year, n);
    case "Y":
      return n === 2 ? pad(dt.weekYear % 100, 2) : pad(dt.weekYear, n);
    case "D":
      return pad(dt.ordinal, n);
    case "M":
    case "L":
      if (n <= 2) return pad(dt.month, n);
      return dt.toFormat((t.letter === "L" ? "L" : "M").repeat(Math.min(n, 5)));
    case "d":
      return pad(dt.day, n);
    case "Q":
    case "q":
      return n <= 2
        ? pad(dt.quarter, n)
        : n === 3
          ? `Q${dt.quarter}`
          : `${["1st", "2nd", "3rd", "4th"][dt.quarter - 1]} quarter`;
    case "w":
      return pad(dt.weekNumber, n);
    case "W":
      return String(Math.ceil((dt.day + ((dt.startOf("month").weekday % 7) + 0)) / 7));
    case "E":
    case "e":
    case "c":
      if (t.letter !== "E" && n <= 2) return pad((dt.weekday % 7) + 1, n);
      return dt.toFormat(n >= 5 ? "EEEEE" : n === 4 ? "EEEE" : "EEE");
    case "F":
      return String(Math.ceil(dt.day / 7));
    case "a":
    case "B":
      return dt.toFormat("a");
    case "h":
      return pad(dt.hour % 12 === 0 ? 12 : dt.hour % 12, n);
    case "K":
      return pad(dt.hour % 12, n);
    case "k":
      return pad(dt.hour === 0 ? 24 : dt.hour, n);
    case "H":
      return pad(dt.hour, n);
    case "m":
      return pad(dt.minute, n);
    case "s":
      return pad(dt.second, n);
    case "S":
      return String(m.nanos).padStart(9, "0").padEnd(n, "0").slice(0, n);
    case "A":
      return pad(dt.hour * 3600000 + dt.minute * 60000 + dt.second * 1000 + dt.millisecond, n);
    case "n":
      return pad(m.nanos, n);
    case "N":
      return pad((dt.hour * 3600 + dt.minute * 60 + dt.second) * 1e9 + m.nanos, n);
    case "V":
      return dt.zoneName ?? "";
    case "v":
    case "z":
      return dt.toFormat(n >= 4 ? "ZZZZZ" : "ZZZZ");
    case "O":
      return gmtText(dt.offset, n >= 4);
    case "X":
    case "x": {
      const z = t.letter === "X";
      if (n === 1) return offsetText(dt.offset, false, z, true);
      return offsetText(dt.offset, n === 3 || n === 5, z);
    }
    case "Z":
      if (n <= 3) return offsetText(dt.offset, false, false);
      if (n === 4) return gmtText(dt.offset, true);
      return offsetText(dt.offset, true, true);
    default:
      return "";
  }
}

/** Formats a moment with a Java pattern (in the moment's zone and locale). */
export function formatPattern(m: Moment, pattern: string, who: string): string {
  return tokenize(pattern, who)
    .map((t) => (t.text !== undefined ? t.text : formatToken(t, m)))
    .join("");
}

const LUXON_PARSE: Record<string, (n: number) => string> = {
  G: () => "G",
  u: (n) => (n === 2 ? "yy" : "yyyy"),
  y: (n) => (n === 2 ? "yy" : n === 1 ? "y" : "yyyy"),
  Y: (n) => (n === 2 ? "kk" : "kkkk"),
  D: (n) => (n >= 3 ? "ooo" : "o"),
  M: (n) => "M".repeat(Math.min(n, 4)),
  L: (n) => "L".repeat(Math.min(n, 4)),
  d: (n) => (n >= 2 ? "dd" : "d"),
  q: (n) => (n >= 2 ? "qq" : "q"),
  Q: (n) => (n >= 2 ? "qq" : "q"),
  w: (n) => (n >= 2 ? "WW" : "W"),
  E: (n) => (n >= 4 ? "EEEE" : "EEE"),
  e: (n) => (n >= 4 ? "EEEE" : n === 3 ? "EEE" : "E"),
  c: (n) => (n >= 4 ? "EEEE" : n === 3 ? "EEE" : "E"),
  a: () => "a",
  h: (n) => (n >= 2 ? "hh" : "h"),
  K: (n) => (n >= 2 ? "hh" : "h"),
  k: (n) => (n >= 2 ? "HH" : "H"),
  H: (n) => (n >= 2 ? "HH" : "H"),
  m: (n) => (n >= 2 ? "mm" : "m"),
  s: (n) => (n >= 2 ? "ss" : "s"),
  S: () => "u",
  V: () => "z",
  z: () => "z",
  X: (n) => (n === 1 || n === 2 || n === 4 ? "ZZZ" : "ZZ"),
  x: (n) => (n === 1 || n === 2 || n === 4 ? "ZZZ" : "ZZ"),
  Z: (n) => (n <= 3 ? "ZZZ" : "ZZ"),
};

/** Converts a Java pattern to a luxon format string, for parsing. */
export function toLuxonPattern(pattern: string, who: string): string {
  return tokenize(pattern, who)
    .map((t) => {
      if (t.text !== undefined) return /[A-Za-z']/.test(t.text) ? `'${t.text.replace(/'/g, "")}'` : t.text;
      const f = LUXON_PARSE[t.letter!];
      if (!f) throw new EvalFailure(`${who}: the pattern letter '${t.letter}' cannot be used to read dates`);
      return f(t.count);
    })
    .join("");
}

function fraction(nanos: number, groupsOfThree: boolean): string {
  if (nanos === 0) return "";
  let s = String(nanos).padStart(9, "0");
  if (groupsOfThree) {
    while (s.endsWith("000")) s = s.slice(0, -3);
  } else {
    s = s.replace(/0+$/, "");
  }
  return `.${s}`;
}

function zoneSuffix(dt: DateTime): string {
  return dt.zone.type === "iana" ? `[${dt.zoneName}]` : "";
}

/** Formats a moment with a named format (iso, sql, rfc_1123_date_time, short…) or a Java pattern. */
export function formatDate(m: Moment, format: unknown, who: string, locale?: unknown): string {
  const fmt = format === undefined || format === null ? "iso" : String(format);
  const dt = m.dt.setLocale(localeOf(locale));
  const mo: Moment = { dt, nanos: m.nanos };
  const named = NAMED[fmt.toLowerCase()];
  if (named) return formatPattern(mo, named, who);
  const p = (pattern: string) => formatPattern(mo, pattern, who);
  const localTime = () => `${p("HH:mm:ss")}${fraction(m.nanos, false)}`;
  const offset = () => offsetText(dt.offset, true, true);
  switch (fmt.toLowerCase()) {
    case "iso_date_time":
    case "iso_zoned_date_time":
      return `${p("yyyy-MM-dd")}T${localTime()}${offset()}${zoneSuffix(dt)}`;
    case "iso_offset_date_time":
      return `${p("yyyy-MM-dd")}T${localTime()}${offset()}`;
    case "iso_date":
      return `${p("yyyy-MM-dd")}${offset()}`;
    case "iso_time":
    case "iso_offset_time":
      return `${localTime()}${offset()}`;
    case "iso_local_date_time":
      return `${p("yyyy-MM-dd")}T${localTime()}`;
    case "iso_local_time":
      return localTime();
    case "iso_instant": {
      const u = dt.setZone("UTC");
      return `${u.toFormat("yyyy-MM-dd'T'HH:mm:ss")}${fraction(m.nanos, true)}Z`;
    }
    case "iso_ordinal_date":
      return `${p("yyyy-DDD")}${offset()}`;
    case "iso_week_date":
      return `${p("YYYY-'W'ww-")}${dt.weekday}${offset()}`;
    case "rfc_1123_date_time": {
      const en = dt.setLocale("en-US");
      const off = dt.offset === 0 ? "GMT" : offsetText(dt.offset, false, false);
      return `${en.toFormat("EEE, d MMM yyyy HH:mm:ss")} ${off}`;
    }
    case "full":
      return dt.toLocaleString(DateTime.DATETIME_HUGE_WITH_SECONDS);
    case "long":
      return dt.toLocaleString(DateTime.DATETIME_FULL_WITH_SECONDS);
    case "medium":
      return dt.toLocaleString(DateTime.DATETIME_MED_WITH_SECONDS);
    case "short":
      return dt.toLocaleString({
        year: "2-digit",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "2-digit",
      });
    default:
      return p(fmt);
  }
}

/** Reads args {format, timeZone, existingFormat, locale} of a date filter and formats `input`. */
export function formatDateArgs(
  input: unknown,
  args: Record<string, unknown>,
  who: string,
  defaultZone: string,
): string {
  const zone = zoneOf(args.timeZone, defaultZone, who);
  const m = readDate(input, who, zone, args.existingFormat, args.locale);
  return formatDate({ dt: m.dt.setZone(zone), nanos: m.nanos }, args.format, who, args.locale);
}
