import { describe, expect, test } from "bun:test";
import { Value } from "@sinclair/typebox/value";
import { dayWeek } from "../../src/plugins/conditions/day-week.ts";
import { dayWeekInMonth } from "../../src/plugins/conditions/day-week-in-month.ts";
import { weekend } from "../../src/plugins/conditions/weekend.ts";
import { lookupPlugin } from "../../src/plugins/registry.ts";
import { conditionContext } from "./context.ts";

type Day = "MONDAY" | "TUESDAY" | "WEDNESDAY" | "THURSDAY" | "FRIDAY" | "SATURDAY" | "SUNDAY";
const PARIS = "Europe/Paris";
const at = (date: string, timeZone = "UTC") => conditionContext({ trigger: { date } }, { timeZone });

describe("DayWeek (§3.2): the local day, instants taken in the server zone", () => {
  const table: [string, string, Day][] = [
    ["2026-01-01", "UTC", "THURSDAY"],
    ["2026-01-01", "Pacific/Kiritimati", "THURSDAY"], // a bare date is never converted
    ["2026-01-01T00:00:00Z", "UTC", "THURSDAY"],
    ["2026-01-01T00:00:00Z", "America/New_York", "WEDNESDAY"],
    ["2026-01-01T00:30:00+02:00", "UTC", "WEDNESDAY"], // an offset is an instant: converted
    ["2026-01-01T00:30:00+02:00[Europe/Athens]", "UTC", "THURSDAY"], // a named zone wins
    ["2026-03-29T01:30:00[Europe/Paris]", "UTC", "SUNDAY"],
    // midnight
    ["2026-05-31T23:59:59Z", "UTC", "SUNDAY"],
    ["2026-06-01T00:00:00Z", "UTC", "MONDAY"],
    ["2026-05-31T22:00:00Z", PARIS, "MONDAY"],
    ["2026-05-31T21:59:59.999Z", PARIS, "SUNDAY"],
    // DST start in Paris, 2026-03-29 (CET +1 before, CEST +2 after)
    ["2026-03-28T22:59:59Z", PARIS, "SATURDAY"],
    ["2026-03-28T23:00:00Z", PARIS, "SUNDAY"],
    ["2026-03-29T01:30:00Z", PARIS, "SUNDAY"],
    ["2026-03-29T21:59:59Z", PARIS, "SUNDAY"],
    ["2026-03-29T22:00:00Z", PARIS, "MONDAY"],
    // DST end in Paris, 2026-10-25
    ["2026-10-24T21:59:59Z", PARIS, "SATURDAY"],
    ["2026-10-24T22:00:00Z", PARIS, "SUNDAY"],
    ["2026-10-25T00:30:00Z", PARIS, "SUNDAY"],
    ["2026-10-25T01:30:00Z", PARIS, "SUNDAY"],
    ["2026-10-25T22:59:59Z", PARIS, "SUNDAY"],
    ["2026-10-25T23:00:00Z", PARIS, "MONDAY"],
    // leap day and month ends
    ["2028-02-29", "UTC", "TUESDAY"],
    ["2028-02-29T23:59:59.999Z", "UTC", "TUESDAY"],
    ["2028-03-01T00:00:00Z", "UTC", "WEDNESDAY"],
    ["2028-02-29T23:30:00Z", PARIS, "WEDNESDAY"],
    ["2026-12-31T23:00:00Z", PARIS, "FRIDAY"],
    ["2026-12-31T22:59:59Z", PARIS, "THURSDAY"],
  ];
  const all: Day[] = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"];
  for (const [date, zone, day] of table) {
    test(`${date} in ${zone} is a ${day}, and no other day`, () => {
      const ctx = at(date, zone);
      for (const d of all) expect(dayWeek.test({ dayOfWeek: d }, ctx)).toBe(d === day);
    });
  }
  test("an explicit date template is rendered", () => {
    const ctx = conditionContext({ trigger: {} }, { now: new Date("2026-11-27T09:00:00Z") });
    expect(dayWeek.test({ date: "{{ now() }}", dayOfWeek: "FRIDAY" }, ctx)).toBe(true);
    expect(dayWeek.test({ date: "2026-11-28", dayOfWeek: "SATURDAY" }, ctx)).toBe(true);
  });
  const errors: [string, Record<string, unknown>][] = [
    ["no trigger.date (webhook without a date)", { trigger: {} }],
    ["no trigger at all", {}],
    ["a local date-time without zone", { trigger: { date: "2026-01-01T10:00:00" } }],
    ["not a date", { trigger: { date: "tomorrow" } }],
    ["an impossible date", { trigger: { date: "2026-02-30" } }],
    ["an unknown named zone", { trigger: { date: "2026-01-01T10:00:00Z[Mars/Olympus]" } }],
  ];
  for (const [name, vars] of errors) {
    test(`throws on ${name}`, () => {
      expect(() => dayWeek.test({ dayOfWeek: "MONDAY" }, conditionContext(vars))).toThrow();
    });
  }
  test("an unknown server time zone throws", () => {
    expect(() => dayWeek.test({ dayOfWeek: "MONDAY" }, at("2026-01-01T00:00:00Z", "Nowhere/Else"))).toThrow();
  });
  for (const bad of ["Monday", "monday", "MON", "", 1]) {
    test(`schema rejects dayOfWeek ${JSON.stringify(bad)}`, () => {
      expect(Value.Check(dayWeek.schema, { dayOfWeek: bad })).toBe(false);
    });
  }
  test("schema accepts every day and requires dayOfWeek", () => {
    for (const d of all) expect(Value.Check(dayWeek.schema, { dayOfWeek: d, date: "{{ trigger.date }}" })).toBe(true);
    expect(Value.Check(dayWeek.schema, {})).toBe(false);
  });
});

describe("Weekend (§3.4)", () => {
  const table: [string, string, boolean][] = [
    ["2026-11-27", "UTC", false],
    ["2026-11-28", "UTC", true],
    ["2026-11-29", "UTC", true],
    ["2026-11-30", "UTC", false],
    ["2026-11-27T22:59:59Z", PARIS, false],
    ["2026-11-27T23:00:00Z", PARIS, true],
    ["2026-11-29T22:59:59Z", PARIS, true],
    ["2026-11-29T23:00:00Z", PARIS, false],
    ["2026-11-29T23:00:00Z", "UTC", true],
    ["2026-03-29T00:30:00Z", PARIS, true],
    ["2026-10-25T22:30:00Z", PARIS, true],
    ["2028-02-29T12:00:00Z", "UTC", false],
    ["2026-11-28T01:00:00+05:00", "UTC", false], // Friday 20:00 UTC
    ["2026-11-28T01:00:00+05:00[Asia/Karachi]", "UTC", true],
  ];
  for (const [date, zone, expected] of table) {
    test(`${date} in ${zone} -> ${expected}`, () => expect(weekend.test({}, at(date, zone))).toBe(expected));
  }
  test("missing date throws", () => expect(() => weekend.test({}, conditionContext({}))).toThrow());
});

describe("DayWeekInMonth (§3.3)", () => {
  type In = "FIRST" | "SECOND" | "THIRD" | "FOURTH" | "LAST";
  const table: [string, Day, In, boolean][] = [
    // March 2026 has five Mondays (2, 9, 16, 23, 30) and five Sundays (1 … 29)
    ["2026-03-02", "MONDAY", "FIRST", true],
    ["2026-03-09", "MONDAY", "SECOND", true],
    ["2026-03-16", "MONDAY", "THIRD", true],
    ["2026-03-23", "MONDAY", "FOURTH", true],
    ["2026-03-23", "MONDAY", "LAST", false],
    ["2026-03-30", "MONDAY", "LAST", true],
    ["2026-03-30", "MONDAY", "FOURTH", false],
    ["2026-03-30", "SUNDAY", "LAST", false],
    ["2026-03-01", "SUNDAY", "FIRST", true],
    ["2026-03-29", "SUNDAY", "LAST", true],
    ["2026-03-22", "SUNDAY", "FOURTH", true],
    // February 2026: four Saturdays, the fourth is the last
    ["2026-02-28", "SATURDAY", "FOURTH", true],
    ["2026-02-28", "SATURDAY", "LAST", true],
    ["2026-02-07", "SATURDAY", "FIRST", true],
    ["2026-02-07", "SATURDAY", "SECOND", false],
    // leap February 2028: five Tuesdays, the last on the 29th
    ["2028-02-29", "TUESDAY", "LAST", true],
    ["2028-02-29", "TUESDAY", "FOURTH", false],
    ["2028-02-22", "TUESDAY", "FOURTH", true],
    ["2028-02-01", "TUESDAY", "FIRST", true],
    // the wrong day of the week never matches
    ["2028-02-29", "MONDAY", "LAST", false],
    ["2026-03-02", "TUESDAY", "FIRST", false],
    // month ends
    ["2026-12-31", "THURSDAY", "LAST", true],
    ["2026-12-31", "THURSDAY", "FOURTH", false],
    ["2026-10-25", "SUNDAY", "LAST", true],
    ["2026-10-25", "SUNDAY", "FOURTH", true],
    ["2026-10-31", "SATURDAY", "LAST", true],
    ["2026-11-01", "SUNDAY", "FIRST", true],
  ];
  for (const [date, day, which, expected] of table) {
    test(`${date} ${which} ${day} -> ${expected}`, () => {
      expect(dayWeekInMonth.test({ dayOfWeek: day, dayInMonth: which }, at(date))).toBe(expected);
    });
  }
  const zoned: [string, string, Day, In, boolean][] = [
    ["2026-03-01T23:30:00Z", PARIS, "MONDAY", "FIRST", true],
    ["2026-03-01T23:30:00Z", "UTC", "SUNDAY", "FIRST", true],
    ["2026-03-29T22:30:00Z", PARIS, "MONDAY", "LAST", true],
    ["2026-03-29T21:30:00Z", PARIS, "SUNDAY", "LAST", true],
    ["2026-10-31T23:30:00Z", PARIS, "SUNDAY", "FIRST", true],
    ["2026-10-31T23:30:00Z", "UTC", "SATURDAY", "LAST", true],
  ];
  for (const [date, zone, day, which, expected] of zoned) {
    test(`${date} in ${zone}: ${which} ${day} -> ${expected}`, () => {
      expect(dayWeekInMonth.test({ dayOfWeek: day, dayInMonth: which }, at(date, zone))).toBe(expected);
    });
  }
  test("schema rejects FIFTH and requires both", () => {
    expect(Value.Check(dayWeekInMonth.schema, { dayOfWeek: "MONDAY", dayInMonth: "FIFTH" })).toBe(false);
    expect(Value.Check(dayWeekInMonth.schema, { dayOfWeek: "MONDAY" })).toBe(false);
    expect(Value.Check(dayWeekInMonth.schema, { dayOfWeek: "MONDAY", dayInMonth: "LAST" })).toBe(true);
  });
  test("missing date throws", () => {
    expect(() => dayWeekInMonth.test({ dayOfWeek: "MONDAY", dayInMonth: "LAST" }, conditionContext({}))).toThrow();
  });
});

describe("aliases resolve through the registry", () => {
  for (const plugin of [dayWeek, weekend, dayWeekInMonth]) {
    for (const name of [plugin.type, ...plugin.aliases]) {
      test(name, () => expect(lookupPlugin(name, "condition").plugin).toBe(plugin as never));
    }
  }
});
