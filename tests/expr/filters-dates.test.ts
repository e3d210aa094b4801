import { describe, expect, test } from "bun:test";
import { EvalFailure } from "../../src/expr/types.ts";
import { applyFilter } from "./helpers-env.ts";

type Case = [filter: string, input: unknown, args: unknown[] | Record<string, unknown>, expected: unknown];

const D = "2024-05-01T10:15:30.123456Z";

const cases: Case[] = [
  ["date", D, [], "2024-05-01T12:15:30.123456+02:00"],
  ["date", D, ["iso", "UTC"], "2024-05-01T10:15:30.123456Z"],
  ["date", D, ["iso_milli"], "2024-05-01T12:15:30.123+02:00"],
  ["date", D, ["iso_sec"], "2024-05-01T12:15:30+02:00"],
  ["date", D, ["sql"], "2024-05-01 12:15:30.123456"],
  ["date", D, ["sql_milli"], "2024-05-01 12:15:30.123"],
  ["date", D, ["sql_sec"], "2024-05-01 12:15:30"],
  ["date", D, ["iso_date_time"], "2024-05-01T12:15:30.123456+02:00[Europe/Paris]"],
  ["date", D, ["iso_zoned_date_time"], "2024-05-01T12:15:30.123456+02:00[Europe/Paris]"],
  ["date", D, ["iso_date"], "2024-05-01+02:00"],
  ["date", D, ["iso_time"], "12:15:30.123456+02:00"],
  ["date", D, ["iso_local_date"], "2024-05-01"],
  ["date", D, ["iso_instant"], "2024-05-01T10:15:30.123456Z"],
  ["date", "2024-05-01T10:15:30.120Z", ["iso_instant"], "2024-05-01T10:15:30.120Z"],
  ["date", "2024-05-01T10:15:30Z", ["iso_instant"], "2024-05-01T10:15:30Z"],
  ["date", D, ["iso_local_date_time"], "2024-05-01T12:15:30.123456"],
  ["date", D, ["iso_local_time"], "12:15:30.123456"],
  ["date", D, ["iso_offset_time"], "12:15:30.123456+02:00"],
  ["date", D, ["iso_ordinal_date"], "2024-122+02:00"],
  ["date", D, ["iso_week_date"], "2024-W18-3+02:00"],
  ["date", D, ["rfc_1123_date_time"], "Wed, 1 May 2024 12:15:30 +0200"],
  ["date", D, ["rfc_1123_date_time", "UTC"], "Wed, 1 May 2024 10:15:30 GMT"],
  ["date", D, ["yyyy-MM-dd"], "2024-05-01"],
  ["date", D, ["dd/MM/yy HH:mm"], "01/05/24 12:15"],
  ["date", D, ["EEE, EEEE d MMM MMMM"], "Wed, Wednesday 1 May May"],
  ["date", D, ["h:mm a"], "12:15 PM"],
  ["date", D, ["K k H"], "0 12 12"],
  ["date", D, ["XXX XX X Z"], "+02:00 +0200 +02 +0200"],
  ["date", D, ["XXX", "UTC"], "Z"],
  ["date", D, ["xxx", "UTC"], "+00:00"],
  ["date", D, ["HH:mm", "Z"], "10:15"],
  ["date", D, ["VV"], "Europe/Paris"],
  ["date", D, ["SSS SSSSSS SSSSSSSSS"], "123 123456 123456000"],
  ["date", D, ["'Day' D', week' w"], "Day 122, week 18"],
  ["date", D, ["HH'h''' mm"], "12h' 15"],
  ["date", D, ["yyyy-MM-dd", "America/New_York"], "2024-05-01"],
  ["date", D, ["HH:mm", "Asia/Tokyo"], "19:15"],
  ["date", D, { format: "HH:mm", timeZone: "+05:30" }, "15:45"],
  ["date", D, { format: "EEEE d MMMM", locale: "fr" }, "mercredi 1 mai"],
  ["date", D, { format: "MMMM", locale: "de_DE" }, "Mai"],
  ["date", D, ["medium", "UTC"], "May 1, 2024, 10:15:30 AM"],
  ["date", 1714558530, ["iso_sec", "UTC"], "2024-05-01T10:15:30Z"],
  ["date", 1714558530123, ["iso_milli", "UTC"], "2024-05-01T10:15:30.123Z"],
  ["date", 1714558530123456, ["iso", "UTC"], "2024-05-01T10:15:30.123456Z"],
  ["date", 1714558530.5, ["iso_milli", "UTC"], "2024-05-01T10:15:30.500Z"],
  ["date", "1714558530", ["iso_sec", "UTC"], "2024-05-01T10:15:30Z"],
  ["date", 0, ["iso_sec", "UTC"], "1970-01-01T00:00:00Z"],
  ["date", "2024-05-01", ["iso_sec"], "2024-05-01T00:00:00+02:00"],
  ["date", "2024-05-01T10:15:30", ["iso_sec"], "2024-05-01T10:15:30+02:00"],
  ["date", "2024-05-01T10:15:30", ["iso_sec", "UTC"], "2024-05-01T10:15:30Z"],
  ["date", "2024-05-01T12:15:30+02:00[Europe/Paris]", ["iso_sec", "UTC"], "2024-05-01T10:15:30Z"],
  ["date", "2024-05-01 10:15:30", ["iso_sec", "UTC"], "2024-05-01T10:15:30Z"],
  ["date", "01/05/2024 10:15", { existingFormat: "dd/MM/yyyy HH:mm", format: "iso_sec" }, "2024-05-01T10:15:00+02:00"],
  [
    "date",
    "2024-05-01 10:15:30.250",
    { existingFormat: "sql_milli", format: "iso_milli", timeZone: "UTC" },
    "2024-05-01T10:15:30.250Z",
  ],
  ["date", "20240501", { existingFormat: "yyyyMMdd", format: "yyyy-MM-dd" }, "2024-05-01"],
  ["date", new Date("2024-05-01T10:15:30.123Z"), ["iso_milli", "UTC"], "2024-05-01T10:15:30.123Z"],
  ["date", "2024-01-15T10:00:00Z", ["HH:mm XXX"], "11:00 +01:00"],
  ["date", null, [], null],
  ["dateAdd", D, [1, "DAYS", "yyyy-MM-dd"], "2024-05-02"],
  ["dateAdd", D, [-1, "DAYS", "yyyy-MM-dd"], "2024-04-30"],
  ["dateAdd", D, [2, "HOURS", "iso_sec", "UTC"], "2024-05-01T12:15:30Z"],
  ["dateAdd", D, [90, "MINUTES", "HH:mm", "UTC"], "11:45"],
  ["dateAdd", D, [30, "SECONDS", "HH:mm:ss", "UTC"], "10:16:00"],
  ["dateAdd", D, [1, "WEEKS", "yyyy-MM-dd"], "2024-05-08"],
  ["dateAdd", D, [1, "MONTHS", "yyyy-MM-dd"], "2024-06-01"],
  ["dateAdd", "2024-01-31T12:00:00Z", [1, "MONTHS", "yyyy-MM-dd", "UTC"], "2024-02-29"],
  ["dateAdd", D, [1, "YEARS", "yyyy"], "2025"],
  ["dateAdd", D, [1, "DECADES", "yyyy"], "2034"],
  ["dateAdd", D, [1, "HALF_DAYS", "HH:mm", "UTC"], "22:15"],
  ["dateAdd", D, [500, "MILLIS", "ss.SSS", "UTC"], "30.623"],
  ["dateAdd", D, [1, "MICROS", "SSSSSS", "UTC"], "123457"],
  ["dateAdd", D, [1000, "NANOS", "SSSSSSSSS", "UTC"], "123457000"],
  ["dateAdd", D, [1, "days", "yyyy-MM-dd"], "2024-05-02"],
  ["dateAdd", "2024-03-30T12:00:00+01:00", [1, "DAYS", "iso_sec"], "2024-03-31T12:00:00+02:00"],
  ["dateAdd", "2024-03-30T12:00:00+01:00", [24, "HOURS", "iso_sec"], "2024-03-31T13:00:00+02:00"],
  ["dateAdd", D, [1, "DAYS"], "2024-05-02T12:15:30.123456+02:00"],
  ["timestamp", "2024-05-01T10:15:30Z", [], 1714558530],
  ["timestamp", "2024-05-01T12:15:30", [], 1714558530],
  ["timestamp", "2024-05-01T12:15:30", ["UTC"], 1714565730],
  ["timestamp", "1969-12-31T23:59:59.5Z", [], -1],
  ["timestampMilli", "2024-05-01T10:15:30.123Z", [], 1714558530123],
  ["timestampMilli", 1714558530, [], 1714558530000],
  ["timestampMicro", D, [], 1714558530123456],
  ["timestampNano", D, [], "1714558530123456000"],
  ["timestampNano", "2024-05-01T10:15:30.123456789Z", [], "1714558530123456789"],
  ["timestampNano", "1970-01-01T00:00:01Z", [], "1000000000"],
  ["date", D, ["sql_seq"], "2024-05-01 12:15:30"],
  ["timestamp", "01/05/2024", { existingFormat: "dd/MM/yyyy", timeZone: "UTC" }, 1714521600],
  ["timestamp", null, [], null],
];

describe("date filters", () => {
  test.each(cases)("%s(%p, %p)", (name, input, args, expected) => {
    expect(applyFilter(name, input, args)).toEqual(expected);
  });

  test("full, long and short styles (ICU text, spaces normalised)", () => {
    const norm = (s: unknown) => String(s).replace(/[\u202f\u00a0]/g, " ");
    expect(norm(applyFilter("date", D, ["full"]))).toBe(
      "Wednesday, May 1, 2024 at 12:15:30 PM Central European Summer Time",
    );
    expect(norm(applyFilter("date", D, ["long", "UTC"]))).toBe("May 1, 2024 at 10:15:30 AM UTC");
    expect(norm(applyFilter("date", D, ["short", "UTC"]))).toBe("5/1/24, 10:15 AM");
  });
});

const errors: [string, unknown, unknown[] | Record<string, unknown>, RegExp][] = [
  ["date", "not a date", [], /date: cannot read a date from 'not a date'/],
  ["date", D, ["yyyy", "Mars/Olympus"], /date: unknown time zone 'Mars\/Olympus'/],
  ["date", D, ["bbb"], /date: unknown pattern letter 'b'/],
  ["date", D, ["'open"], /date: unterminated quote/],
  [
    "date",
    "2024/05/01",
    { existingFormat: "dd-MM-yyyy" },
    /date: cannot parse '2024\/05\/01' with the format 'dd-MM-yyyy'/,
  ],
  ["date", true, [], /date: expects a date/],
  ["date", [1], [], /date: expects a date .*got object/],
  ["dateAdd", D, [1], /dateAdd: the argument 'unit' is required/],
  ["dateAdd", D, [1, "FORTNIGHTS"], /dateAdd: unknown unit 'FORTNIGHTS'/],
  ["dateAdd", D, ["x", "DAYS"], /dateAdd: the argument 'amount' must be an integer/],
  ["dateAdd", D, [], /dateAdd: the argument 'amount' is required/],
  ["dateAdd", "nope", [1, "DAYS"], /dateAdd: cannot read a date/],
  ["timestamp", "nope", [], /timestamp: cannot read a date/],
  ["timestampMilli", {}, [], /timestampMilli: expects a date/],
  ["timestampNano", D, ["Nowhere/Zone"], /timestampNano: unknown time zone/],
];

describe("date filter errors", () => {
  test.each(errors)("%s(%p, %p) fails", (name, input, args, message) => {
    expect(() => applyFilter(name, input, args)).toThrow(EvalFailure);
    expect(() => applyFilter(name, input, args)).toThrow(message);
  });
});
