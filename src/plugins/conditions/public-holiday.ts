/**
 * True when the `date` is a public holiday of `country` (ISO 3166-1 alpha-2), including those of `subDivision`
 * (ISO 3166-2, e.g. `DE-BY`, `US-CA`, `FR-57`) when given. Dataset: `date-holidays`.
 *
 * Decisions (perch):
 * - only holidays of type `public` count (substitute days included); `bank` days (e.g. DE Heiliger Abend from
 *   14:00, banks closed), `optional`, `school` and `observance` days do not, closest to Jollyday's official holidays;
 * - without `country`, the country of the server time zone from a short list of common zones (Europe/Paris -> FR…);
 *   another zone throws "PublicHoliday needs a country (none configured for time zone X)";
 * - a subdivision the dataset does not know (e.g. `FR-IDF`, which has no holidays of its own) falls back to the
 *   country's calendar with a warning, as Jollyday adds nothing for it.
 * An instant is taken in the server time zone (see lib/condition-dates.ts).
 *
 * @example
 * - type: io.kestra.plugin.core.condition.PublicHoliday
 *   country: FR
 */
import { Type } from "@sinclair/typebox";
import type Holidays from "date-holidays";
import { DEFAULT_DATE, localDate } from "../../lib/condition-dates.ts";
import type { ConditionPlugin, Logger } from "../sdk.ts";

const schema = Type.Object({
  date: Type.Optional(
    Type.String({ default: DEFAULT_DATE, description: "template of the date to test (ISO date or zoned date-time)" }),
  ),
  country: Type.Optional(
    Type.String({ description: "ISO 3166-1 alpha-2 country code, e.g. `FR`; default: the server time zone's country" }),
  ),
  subDivision: Type.Optional(
    Type.String({ description: "ISO 3166-2 subdivision code, e.g. `DE-BY` or `US-CA`, adding its own holidays" }),
  ),
});

/** Countries of common IANA zones, for a PublicHoliday without `country`. */
const ZONE_COUNTRIES: Record<string, string> = {
  "Europe/Paris": "FR",
  "Europe/Berlin": "DE",
  "Europe/London": "GB",
  "Europe/Dublin": "IE",
  "Europe/Madrid": "ES",
  "Europe/Lisbon": "PT",
  "Europe/Rome": "IT",
  "Europe/Amsterdam": "NL",
  "Europe/Brussels": "BE",
  "Europe/Luxembourg": "LU",
  "Europe/Zurich": "CH",
  "Europe/Vienna": "AT",
  "Europe/Copenhagen": "DK",
  "Europe/Stockholm": "SE",
  "Europe/Oslo": "NO",
  "Europe/Helsinki": "FI",
  "Europe/Warsaw": "PL",
  "Europe/Prague": "CZ",
  "Europe/Budapest": "HU",
  "Europe/Athens": "GR",
  "America/New_York": "US",
  "America/Chicago": "US",
  "America/Denver": "US",
  "America/Phoenix": "US",
  "America/Los_Angeles": "US",
  "America/Anchorage": "US",
  "Pacific/Honolulu": "US",
  "America/Toronto": "CA",
  "America/Vancouver": "CA",
  "America/Mexico_City": "MX",
  "America/Sao_Paulo": "BR",
  "America/Argentina/Buenos_Aires": "AR",
  "Asia/Tokyo": "JP",
  "Asia/Seoul": "KR",
  "Asia/Shanghai": "CN",
  "Asia/Hong_Kong": "HK",
  "Asia/Singapore": "SG",
  "Asia/Kolkata": "IN",
  "Australia/Sydney": "AU",
  "Australia/Melbourne": "AU",
  "Pacific/Auckland": "NZ",
  "Africa/Johannesburg": "ZA",
};

const calendars = new Map<string, Set<string>>();

// date-holidays and its data weigh ~27 MiB once loaded: loaded on the first PublicHoliday test, not at start-up
let HolidaysClass: typeof Holidays | undefined;
let known: Holidays | undefined;

async function loadHolidays(): Promise<{ Holidays: typeof Holidays; known: Holidays }> {
  HolidaysClass ??= (await import("date-holidays")).default;
  known ??= new HolidaysClass();
  return { Holidays: HolidaysClass, known };
}

/** The public holidays (`YYYY-MM-DD`) of a year, cached per country, state and year. */
function publicHolidays(
  Holidays: typeof import("date-holidays").default,
  country: string,
  state: string | undefined,
  year: number,
): Set<string> {
  const key = `${country}/${state ?? ""}/${year}`;
  let days = calendars.get(key);
  if (!days) {
    const hd = state ? new Holidays(country, state) : new Holidays(country);
    days = new Set(
      hd
        .getHolidays(year)
        .filter((h) => h.type === "public")
        .map((h) => h.date.slice(0, 10)),
    );
    calendars.set(key, days);
  }
  return days;
}

function resolveCountry(known: Holidays, rendered: string | undefined, timeZone: string): string {
  const country = rendered?.trim().toUpperCase() || ZONE_COUNTRIES[timeZone];
  if (!country) throw new Error(`PublicHoliday needs a country (none configured for time zone ${timeZone})`);
  if (!known.getCountries()[country]) throw new Error(`PublicHoliday: unknown country \`${country}\``);
  return country;
}

function resolveState(
  known: Holidays,
  country: string,
  rendered: string | undefined,
  logger: Logger,
): string | undefined {
  const sub = rendered?.trim().toUpperCase();
  if (!sub) return undefined;
  const [prefix, code] = sub.includes("-")
    ? [sub.slice(0, sub.indexOf("-")), sub.slice(sub.indexOf("-") + 1)]
    : [country, sub];
  if (prefix !== country) throw new Error(`PublicHoliday: subDivision \`${sub}\` is not in country \`${country}\``);
  if (known.getStates(country)?.[code]) return code;
  logger.warn(`PublicHoliday: no holidays known for subDivision ${sub}; using the calendar of ${country}`);
  return undefined;
}

export const publicHoliday: ConditionPlugin<typeof schema> = {
  kind: "condition",
  type: "io.kestra.plugin.core.condition.PublicHoliday",
  aliases: [
    "io.kestra.core.models.conditions.types.PublicHolidayCondition",
    "io.kestra.plugin.core.condition.PublicHolidayCondition",
  ],
  title: "Public holiday",
  description: "Passes when the date is a public holiday of a country (and optionally one of its subdivisions).",
  appliesTo: ["webhook", "flow", "schedule"],
  schema,
  examples: [
    {
      title: "Only on French public holidays",
      code: 'type: io.kestra.plugin.core.condition.PublicHoliday\ndate: "{{ trigger.date }}"\ncountry: FR',
    },
    {
      title: "Skip Bavarian holidays",
      code: 'type: io.kestra.plugin.core.condition.Not\nconditions:\n  - type: io.kestra.plugin.core.condition.PublicHoliday\n    date: "{{ trigger.date }}"\n    country: DE\n    subDivision: DE-BY',
    },
  ],
  async test(config, ctx) {
    const day = localDate(ctx.renderString(config.date ?? DEFAULT_DATE), ctx.timeZone);
    const lib = await loadHolidays();
    const country = resolveCountry(lib.known, config.country && ctx.renderString(config.country), ctx.timeZone);
    const state = resolveState(
      lib.known,
      country,
      config.subDivision && ctx.renderString(config.subDivision),
      ctx.logger,
    );
    return publicHolidays(lib.Holidays, country, state, day.year).has(day.toISODate() ?? "");
  },
};
