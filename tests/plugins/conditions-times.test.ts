import { describe, expect, test } from "bun:test";
import { dateTimeBetween } from "../../src/plugins/conditions/date-time-between.ts";
import { timeBetween } from "../../src/plugins/conditions/time-between.ts";
import { lookupPlugin } from "../../src/plugins/registry.ts";
import { conditionContext } from "./context.ts";

const at = (date: string, timeZone = "UTC") => conditionContext({ trigger: { date } }, { timeZone });
type Bounds = { after?: string; before?: string };

describe("TimeBetween (§3.6): strict, offset times normalised to UTC", () => {
  const table: [string, Bounds, boolean][] = [
    ["2026-01-01T12:00:00Z", { after: "09:00:00Z", before: "18:00:00Z" }, true],
    ["2026-01-01T09:00:00Z", { after: "09:00:00Z", before: "18:00:00Z" }, false],
    ["2026-01-01T09:00:00.001Z", { after: "09:00:00Z", before: "18:00:00Z" }, true],
    ["2026-01-01T18:00:00Z", { after: "09:00:00Z", before: "18:00:00Z" }, false],
    ["2026-01-01T17:59:59.999Z", { after: "09:00:00Z", before: "18:00:00Z" }, true],
    ["2026-01-01T08:59:59Z", { after: "09:00:00Z", before: "18:00:00Z" }, false],
    // offsets on the date and on the bounds
    ["2026-07-01T10:00:00+02:00", { after: "09:00:00Z" }, false],
    ["2026-07-01T10:00:00+02:00", { after: "09:00:00+02:00" }, true],
    ["2026-07-01T16:29:59Z", { before: "18:30:00+02:00" }, true],
    ["2026-07-01T16:30:00Z", { before: "18:30:00+02:00" }, false],
    ["2026-07-01T18:29:00+02:00", { before: "18:30:00+02:00" }, true],
    ["2026-07-01T13:00:00-05:00", { after: "17:59:00Z", before: "18:01:00Z" }, true],
    // across midnight (after ≥ before)
    ["2026-01-01T23:00:00Z", { after: "22:00:00Z", before: "06:00:00Z" }, true],
    ["2026-01-01T03:00:00Z", { after: "22:00:00Z", before: "06:00:00Z" }, true],
    ["2026-01-01T00:00:00Z", { after: "22:00:00Z", before: "06:00:00Z" }, true],
    ["2026-01-01T12:00:00Z", { after: "22:00:00Z", before: "06:00:00Z" }, false],
    ["2026-01-01T22:00:00Z", { after: "22:00:00Z", before: "06:00:00Z" }, false],
    ["2026-01-01T06:00:00Z", { after: "22:00:00Z", before: "06:00:00Z" }, false],
    ["2026-01-01T12:00:00Z", { after: "12:00:00Z", before: "12:00:00Z" }, false],
    ["2026-01-01T13:00:00Z", { after: "12:00:00Z", before: "12:00:00Z" }, true],
    // bounds whose UTC time wraps: 01:00+02:00 is 23:00 UTC, 05:00+02:00 is 03:00 UTC
    ["2026-01-01T23:30:00Z", { after: "01:00:00+02:00", before: "05:00:00+02:00" }, true],
    ["2026-01-01T02:00:00Z", { after: "01:00:00+02:00", before: "05:00:00+02:00" }, true],
    ["2026-01-01T04:00:00Z", { after: "01:00:00+02:00", before: "05:00:00+02:00" }, false],
    // one bound only
    ["2026-01-01T05:59:59Z", { before: "06:00:00Z" }, true],
    ["2026-01-01T06:00:00Z", { before: "06:00:00Z" }, false],
    ["2026-01-01T00:00:00Z", { before: "06:00:00Z" }, true],
    ["2026-01-01T22:00:00Z", { after: "22:00:00Z" }, false],
    ["2026-01-01T22:00:01Z", { after: "22:00:00Z" }, true],
    ["2026-01-01T23:59:59.999Z", { after: "22:00:00Z" }, true],
    ["2026-01-01T09:30Z", { after: "09:00Z", before: "10:00Z" }, true],
    // named zones and the Paris DST changes (the instant counts, not the wall clock)
    ["2026-03-29T03:30:00[Europe/Paris]", { after: "01:00:00Z", before: "02:00:00Z" }, true],
    ["2026-03-28T03:30:00[Europe/Paris]", { after: "01:00:00Z", before: "02:00:00Z" }, false],
    ["2026-10-25T02:30:00+01:00", { after: "01:00:00Z", before: "02:00:00Z" }, true],
    ["2026-10-25T02:30:00+02:00", { after: "01:00:00Z", before: "02:00:00Z" }, false],
    ["2026-10-25T02:30:00+02:00", { after: "09:00:00+01:00", before: "03:00:00+01:00" }, true],
  ];
  for (const [date, bounds, expected] of table) {
    test(`${date} ${JSON.stringify(bounds)} -> ${expected}`, () => {
      expect(timeBetween.test(bounds, at(date))).toBe(expected);
    });
  }
  test("the server zone does not change the comparison", () => {
    expect(
      timeBetween.test({ after: "09:00:00Z", before: "10:00:00Z" }, at("2026-01-01T09:30:00Z", "Asia/Tokyo")),
    ).toBe(true);
  });
  test("bounds are rendered", () => {
    const ctx = conditionContext({ trigger: { date: "2026-01-01T12:00:00Z" }, vars: { start: "11:00:00Z" } });
    expect(timeBetween.test({ after: "{{ vars.start }}" }, ctx)).toBe(true);
  });
  test("neither bound throws the documented message", () => {
    expect(() => timeBetween.test({}, at("2026-01-01T12:00:00Z"))).toThrow(
      "Invalid condition: no 'before' or 'after' value defined",
    );
  });
  const errors: [string, string, Bounds][] = [
    ["a date without zone", "2026-01-01T12:00:00", { after: "09:00:00Z" }],
    ["a bare date", "2026-01-01", { after: "09:00:00Z" }],
    ["a bound without offset", "2026-01-01T12:00:00Z", { after: "09:00:00" }],
    ["an impossible bound", "2026-01-01T12:00:00Z", { before: "25:00:00Z" }],
    ["an empty date", "", { before: "10:00:00Z" }],
  ];
  for (const [name, date, bounds] of errors) {
    test(`throws on ${name}`, () => expect(() => timeBetween.test(bounds, at(date))).toThrow());
  }
  test("throws without trigger.date", () => {
    expect(() => timeBetween.test({ after: "09:00:00Z" }, conditionContext({}))).toThrow();
  });
});

describe("DateTimeBetween (§3.7)", () => {
  const Y26 = "2026-01-01T00:00:00Z";
  const Y27 = "2027-01-01T00:00:00Z";
  const table: [string, Bounds, boolean][] = [
    ["2026-06-01T00:00:00Z", { after: Y26, before: Y27 }, true],
    [Y26, { after: Y26, before: Y27 }, false],
    ["2026-01-01T00:00:00.001Z", { after: Y26, before: Y27 }, true],
    [Y27, { after: Y26, before: Y27 }, false],
    ["2026-12-31T23:59:59.999Z", { after: Y26, before: Y27 }, true],
    [Y27, { before: Y27 }, false],
    ["2026-12-31T23:59:59.999Z", { before: Y27 }, true],
    [Y26, { after: Y26 }, true], // alone, after is inclusive
    ["2025-12-31T23:59:59.999Z", { after: Y26 }, false],
    ["2026-01-01T00:30:00+01:00", { after: Y26 }, false],
    ["2026-01-01T01:00:00+01:00", { after: Y26 }, true],
    ["2025-12-31T19:00:00-05:00", { after: Y26 }, true],
    ["2026-01-01T01:00:00+01:00", { after: Y26, before: Y27 }, false],
    ["2028-02-29T12:00:00Z", { after: "2028-02-29T00:00:00+01:00", before: "2028-03-01T00:00:00+01:00" }, true],
    ["2028-02-29T23:30:00Z", { after: "2028-02-29T00:00:00+01:00", before: "2028-03-01T00:00:00+01:00" }, false],
    // the hour repeated when Paris leaves summer time: the offset tells them apart
    ["2026-10-25T01:30:00Z", { after: "2026-10-25T02:30:00+01:00" }, true],
    ["2026-10-25T01:29:59Z", { after: "2026-10-25T02:30:00+01:00" }, false],
    ["2026-10-25T00:30:00Z", { before: "2026-10-25T02:30:00+01:00" }, true],
    ["2026-10-25T02:30:00[Europe/Paris]", { before: "2026-10-25T01:00:00Z" }, true],
    ["2026-03-29T03:30:00[Europe/Paris]", { after: "2026-03-29T01:30:00Z" }, true],
    ["2026-03-29T03:29:00[Europe/Paris]", { after: "2026-03-29T01:30:00Z" }, false],
    // a wall time in the gap moves forward (02:30 -> 03:30+02:00), as java.time does
    ["2026-03-29T02:30:00[Europe/Paris]", { after: "2026-03-29T01:30:00Z" }, true],
    ["2026-03-29T02:30:00[Europe/Paris]", { before: "2026-03-29T01:30:00Z" }, false],
  ];
  for (const [date, bounds, expected] of table) {
    test(`${date} ${JSON.stringify(bounds)} -> ${expected}`, () => {
      expect(dateTimeBetween.test(bounds, at(date))).toBe(expected);
    });
  }
  test("a rendered date with an injected clock", () => {
    const ctx = conditionContext({}, { now: new Date("2026-11-27T09:00:00Z") });
    expect(dateTimeBetween.test({ date: "{{ now() }}", after: "2026-11-27T08:59:59Z" }, ctx)).toBe(true);
    expect(dateTimeBetween.test({ date: "{{ now() }}", before: "2026-11-27T09:00:00Z" }, ctx)).toBe(false);
  });
  test("neither bound throws the documented message", () => {
    expect(() => dateTimeBetween.test({}, at(Y26))).toThrow("Invalid condition: no 'before' or 'after' value defined");
  });
  const errors: [string, string, Bounds][] = [
    ["a date without zone", "2026-01-01T12:00:00", { after: Y26 }],
    ["a bare date", "2026-01-01", { after: Y26 }],
    ["a bound without zone", Y26, { after: "2026-01-01T00:00:00" }],
    ["a bad bound", Y26, { before: "soon" }],
  ];
  for (const [name, date, bounds] of errors) {
    test(`throws on ${name}`, () => expect(() => dateTimeBetween.test(bounds, at(date))).toThrow());
  }
  test("throws without trigger.date", () => {
    expect(() => dateTimeBetween.test({ after: Y26 }, conditionContext({ trigger: {} }))).toThrow();
  });
});

describe("aliases resolve through the registry", () => {
  for (const plugin of [timeBetween, dateTimeBetween]) {
    for (const name of [plugin.type, ...plugin.aliases]) {
      test(name, () => expect(lookupPlugin(name, "condition").plugin).toBe(plugin as never));
    }
  }
});
