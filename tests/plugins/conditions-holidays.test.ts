import { describe, expect, test } from "bun:test";
import { publicHoliday } from "../../src/plugins/conditions/public-holiday.ts";
import { lookupPlugin } from "../../src/plugins/registry.ts";
import { conditionContext, type Recorded } from "./context.ts";

const at = (date: string, timeZone = "UTC", lines: Recorded[] = []) =>
  conditionContext({ trigger: { date }, vars: { country: "FR" } }, { timeZone, lines });
type Where = { country?: string; subDivision?: string };

/** the condition's answer as a promise, so that a throw and a rejection read the same */
const run = async (...args: Parameters<typeof publicHoliday.test>) => publicHoliday.test(...args);

describe("PublicHoliday (§3.5), date-holidays, type `public` only", () => {
  const table: [string, Where, boolean][] = [
    ["2026-01-01", { country: "FR" }, true],
    ["2026-01-02", { country: "FR" }, false],
    ["2026-05-01", { country: "FR" }, true],
    ["2026-07-14", { country: "FR" }, true],
    ["2026-05-25", { country: "FR" }, true], // Lundi de Pentecôte
    ["2026-05-24", { country: "FR" }, false], // Pentecôte: an observance
    ["2026-04-03", { country: "FR" }, false], // Good Friday: only in Alsace-Moselle
    ["2026-04-03", { country: "FR", subDivision: "FR-57" }, true],
    ["2026-12-26", { country: "FR", subDivision: "FR-67" }, true],
    ["2026-12-26", { country: "FR" }, false],
    ["2026-07-14", { country: "fr" }, true],
    ["2026-07-14", { country: "{{ vars.country }}" }, true],
    ["2026-04-03", { country: "GB" }, true],
    ["2026-12-28", { country: "GB" }, true], // Boxing Day substitute
    ["2026-01-06", { country: "DE" }, false],
    ["2026-01-06", { country: "DE", subDivision: "DE-BY" }, true],
    ["2026-01-06", { country: "DE", subDivision: "BY" }, true],
    ["2026-06-04", { country: "DE", subDivision: "DE-BY" }, true], // Fronleichnam
    ["2026-12-24", { country: "DE" }, false], // Heiliger Abend: a bank day
    ["2026-10-03", { country: "DE" }, true],
    ["2026-03-31", { country: "US" }, false],
    ["2026-03-31", { country: "US", subDivision: "US-CA" }, true], // César Chávez Day
    ["2026-07-03", { country: "US" }, true], // Independence Day substitute
    ["2026-11-26", { country: "US" }, true],
    ["2026-12-24", { country: "US" }, false], // optional
    ["2028-02-29", { country: "FR" }, false],
    ["2028-02-29", { country: "US" }, false],
    ["2026-07-14", { country: "FR", subDivision: "FR-IDF" }, true], // unknown subdivision: country calendar
  ];
  for (const [date, where, expected] of table) {
    test(`${date} ${JSON.stringify(where)} -> ${expected}`, async () => {
      expect(await publicHoliday.test(where, at(date))).toBe(expected);
    });
  }
  const zoned: [string, string, Where, boolean][] = [
    ["2026-07-13T22:30:00Z", "Europe/Paris", { country: "FR" }, true],
    ["2026-07-13T22:30:00Z", "UTC", { country: "FR" }, false],
    ["2026-07-14T22:30:00Z", "Europe/Paris", { country: "FR" }, false],
    ["2026-12-31T23:30:00Z", "Europe/Paris", { country: "FR" }, true], // next year's calendar
    ["2026-12-31T23:30:00Z", "UTC", { country: "FR" }, false],
    ["2026-11-26T04:30:00Z", "America/New_York", { country: "US" }, false], // 23:30 the day before Thanksgiving
    ["2026-11-26T04:30:00Z", "UTC", { country: "US" }, true],
    ["2026-07-14T00:30:00+02:00[Europe/Paris]", "UTC", { country: "FR" }, true],
  ];
  for (const [date, zone, where, expected] of zoned) {
    test(`${date} in ${zone} ${JSON.stringify(where)} -> ${expected}`, async () => {
      expect(await publicHoliday.test(where, at(date, zone))).toBe(expected);
    });
  }
  test("without country, the country of the server zone", async () => {
    expect(await publicHoliday.test({}, at("2026-07-14", "Europe/Paris"))).toBe(true);
    expect(await publicHoliday.test({}, at("2026-07-04", "America/Los_Angeles"))).toBe(true);
    expect(await publicHoliday.test({}, at("2026-07-14", "America/Los_Angeles"))).toBe(false);
  });
  test("without country in an unmapped zone it throws a clear message", async () => {
    await expect(run({}, at("2026-07-14", "UTC"))).rejects.toThrow(
      "PublicHoliday needs a country (none configured for time zone UTC)",
    );
    await expect(run({}, at("2026-07-14", "Asia/Kathmandu"))).rejects.toThrow("time zone Asia/Kathmandu");
  });
  test("an unknown subdivision warns and uses the country calendar", async () => {
    const lines: Recorded[] = [];
    expect(await publicHoliday.test({ country: "FR", subDivision: "FR-IDF" }, at("2026-01-02", "UTC", lines))).toBe(
      false,
    );
    expect(lines.some((l) => l.level === "WARN" && l.message.includes("FR-IDF"))).toBe(true);
  });
  test("errors: unknown country, subdivision of another country, missing date", async () => {
    await expect(run({ country: "XX" }, at("2026-01-01"))).rejects.toThrow("unknown country");
    await expect(run({ country: "FR", subDivision: "US-CA" }, at("2026-01-01"))).rejects.toThrow();
    await expect(run({ country: "FR" }, conditionContext({}))).rejects.toThrow();
  });
  for (const name of [publicHoliday.type, ...publicHoliday.aliases]) {
    test(`alias ${name}`, () => expect(lookupPlugin(name, "condition").plugin).toBe(publicHoliday as never));
  }
});
