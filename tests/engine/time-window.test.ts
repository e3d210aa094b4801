/** Table tests of the pure precondition time windows (src/engine/time-window.ts): fixed clocks, UTC and Europe/Paris. */
import { describe, expect, test } from "bun:test";
import {
  currentWindow,
  isExpired,
  nextState,
  parseTimeOfDay,
  type TimeWindow,
  validateTimeWindow,
  type WindowEvent,
  type WindowState,
} from "../../src/engine/time-window.ts";

const PARIS = "Europe/Paris";
const at = (iso: string) => new Date(iso);
const show = (w: { start: Date; end: Date } | undefined) => w && [w.start.toISOString(), w.end.toISOString()];

/**
 * One row: `name | timeWindow fields (k=v, type DURATION_WINDOW unless given) | zone | now | start end` where every
 * instant is UTC without its `Z`, and `none` means no window.
 */
function table(title: string, rows: string[]) {
  describe(title, () => {
    for (const row of rows) {
      const [name, fields, zone, now, expected] = row.split("|").map((c) => c.trim()) as [
        string,
        string,
        string,
        string,
        string,
      ];
      const tw = Object.fromEntries(
        fields
          .split(/\s+/)
          .filter(Boolean)
          .map((kv) => kv.split("=")),
      );
      test(`${name} (${zone})`, () => {
        const w = currentWindow({ type: "DURATION_WINDOW", ...tw } as TimeWindow, at(`${now}Z`), zone);
        expect(show(w)).toEqual(
          expected === "none" ? undefined : expected.split(" ").map((t) => new Date(`${t}Z`).toISOString()),
        );
      });
    }
  });
}

table("DURATION_WINDOW, UTC", [
  "default is the day |                                | UTC | 2026-05-04T10:42:13 | 2026-05-04T00:00 2026-05-05T00:00",
  "PT1H               | window=PT1H                    | UTC | 2026-05-04T10:42:13 | 2026-05-04T10:00 2026-05-04T11:00",
  "PT15M              | window=PT15M                   | UTC | 2026-05-04T10:42:13 | 2026-05-04T10:30 2026-05-04T10:45",
  "PT15M at a boundary| window=PT15M                   | UTC | 2026-05-04T10:45:00 | 2026-05-04T10:45 2026-05-04T11:00",
  "PT30S              | window=PT30S                   | UTC | 2026-05-04T10:42:13 | 2026-05-04T10:42 2026-05-04T10:42:30",
  "PT6H, multiples    | window=PT6H                    | UTC | 2026-05-04T14:37:00 | 2026-05-04T12:00 2026-05-04T18:00",
  "PT7H cut at 24:00  | window=PT7H                    | UTC | 2026-05-04T22:30:00 | 2026-05-04T21:00 2026-05-05T00:00",
  "PT1H before 24:00  | window=PT1H                    | UTC | 2026-05-04T23:59:59.999 | 2026-05-04T23:00 2026-05-05T00:00",
  "PT1H at midnight   | window=PT1H                    | UTC | 2026-05-05T00:00:00 | 2026-05-05T00:00 2026-05-05T01:00",
  "PT1H +PT30M        | window=PT1H windowAdvance=PT30M | UTC | 2026-05-04T10:10:00 | 2026-05-04T09:30 2026-05-04T10:30",
  "PT1H -PT30M        | window=PT1H windowAdvance=-PT30M | UTC | 2026-05-04T10:40:00 | 2026-05-04T10:30 2026-05-04T11:30",
  "P1D -PT4H morning  | windowAdvance=-PT4H            | UTC | 2026-05-04T10:00:00 | 2026-05-03T20:00 2026-05-04T20:00",
  "P1D -PT4H evening  | windowAdvance=-PT4H            | UTC | 2026-05-04T21:00:00 | 2026-05-04T20:00 2026-05-05T20:00",
  "P1D +PT6H early    | window=P1D windowAdvance=PT6H  | UTC | 2026-05-04T03:00:00 | 2026-05-03T06:00 2026-05-04T06:00",
  "PT15M -PT5M (:40)  | window=PT15M windowAdvance=-PT5M | UTC | 2026-05-04T10:42:00 | 2026-05-04T10:40 2026-05-04T10:55",
  "PT15M -PT5M (:55)  | window=PT15M windowAdvance=-PT5M | UTC | 2026-05-04T10:56:00 | 2026-05-04T10:55 2026-05-04T11:10",
  "PT15M -PT5M 24:00  | window=PT15M windowAdvance=-PT5M | UTC | 2026-05-04T23:58:00 | 2026-05-04T23:55 2026-05-05T00:10",
  "PT7H +PT1H 24:00   | window=PT7H windowAdvance=PT1H | UTC | 2026-05-05T00:30:00 | 2026-05-04T22:00 2026-05-05T01:00",
  "P2D, from 1970     | window=P2D                     | UTC | 2026-05-04T10:42:13 | 2026-05-03T00:00 2026-05-05T00:00",
  "PT36H, from 1970   | window=PT36H                   | UTC | 2026-05-04T10:42:13 | 2026-05-04T00:00 2026-05-05T12:00",
]);

// Europe/Paris: 2026-03-29 has 23 hours (02:00+01 -> 03:00+02), 2026-10-25 has 25 (03:00+02 -> 02:00+01)
table("DURATION_WINDOW, Europe/Paris and DST", [
  "default: local day | | Europe/Paris | 2026-05-04T23:30:00 | 2026-05-04T22:00 2026-05-05T22:00",
  "PT1H | window=PT1H | Europe/Paris | 2026-05-04T10:42:00 | 2026-05-04T10:00 2026-05-04T11:00",
  "P1D -PT4H: 20:00 to 20:00 | windowAdvance=-PT4H | Europe/Paris | 2026-05-04T10:00:00 | 2026-05-03T18:00 2026-05-04T18:00",
  "spring: P1D lasts 23 h | window=P1D | Europe/Paris | 2026-03-29T12:00:00 | 2026-03-28T23:00 2026-03-29T22:00",
  "spring: PT1H 01:00+01 | window=PT1H | Europe/Paris | 2026-03-29T00:30:00 | 2026-03-29T00:00 2026-03-29T01:00",
  "spring: PT1H 03:00+02 follows | window=PT1H | Europe/Paris | 2026-03-29T01:30:00 | 2026-03-29T01:00 2026-03-29T02:00",
  "spring: PT15M before the gap | window=PT15M | Europe/Paris | 2026-03-29T00:50:00 | 2026-03-29T00:45 2026-03-29T01:00",
  "spring: PT6H real hours, 07:00 | window=PT6H | Europe/Paris | 2026-03-29T10:00:00 | 2026-03-29T05:00 2026-03-29T11:00",
  "spring: PT6H last window 5 h | window=PT6H | Europe/Paris | 2026-03-29T21:00:00 | 2026-03-29T17:00 2026-03-29T22:00",
  "spring: P1D -PT4H over the change: 23 h | windowAdvance=-PT4H | Europe/Paris | 2026-03-29T12:00:00 | 2026-03-28T19:00 2026-03-29T18:00",
  "spring: P1D -PT4H evening: 24 h | windowAdvance=-PT4H | Europe/Paris | 2026-03-29T19:30:00 | 2026-03-29T18:00 2026-03-30T18:00",
  "autumn: P1D lasts 25 h | window=P1D | Europe/Paris | 2026-10-25T12:00:00 | 2026-10-24T22:00 2026-10-25T23:00",
  "autumn: PT1H 02:00+02 | window=PT1H | Europe/Paris | 2026-10-25T00:30:00 | 2026-10-25T00:00 2026-10-25T01:00",
  "autumn: PT1H 02:00+01 is another | window=PT1H | Europe/Paris | 2026-10-25T01:30:00 | 2026-10-25T01:00 2026-10-25T02:00",
  "autumn: PT15M repeated hour | window=PT15M | Europe/Paris | 2026-10-25T01:20:00 | 2026-10-25T01:15 2026-10-25T01:30",
  "autumn: PT6H 05:00-11:00 local | window=PT6H | Europe/Paris | 2026-10-25T04:30:00 | 2026-10-25T04:00 2026-10-25T10:00",
  "autumn: PT6H extra 1-hour window | window=PT6H | Europe/Paris | 2026-10-25T22:30:00 | 2026-10-25T22:00 2026-10-25T23:00",
]);

test("the 23-hour day has 23 PT1H windows and the 25-hour day 25, gap-free", () => {
  for (const [day, next, count] of [
    ["2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z", 23],
    ["2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z", 25],
  ] as const) {
    let n = 0;
    for (let t = at(day); t < at(next); n++) {
      const w = currentWindow({ type: "DURATION_WINDOW", window: "PT1H" }, t, PARIS)!;
      expect([w.start, w.end.getTime() - w.start.getTime()]).toEqual([t, 3_600_000]);
      t = w.end;
    }
    expect(n).toBe(count);
  }
});

table("SLIDING_WINDOW looks back from now", [
  "PT1H | type=SLIDING_WINDOW window=PT1H | Europe/Paris | 2026-05-04T10:00:00 | 2026-05-04T09:00 2026-05-04T10:00:00.001",
  "default 1 day | type=SLIDING_WINDOW | Europe/Paris | 2026-05-04T10:00:00 | 2026-05-03T10:00 2026-05-04T10:00:00.001",
  "PT90M unaligned | type=SLIDING_WINDOW window=PT90M | UTC | 2026-05-04T10:17:23 | 2026-05-04T08:47:23 2026-05-04T10:17:23.001",
]);

table("DAILY_TIME_DEADLINE", [
  "before | type=DAILY_TIME_DEADLINE deadline=09:00:00Z | UTC | 2026-05-04T08:59:00 | 2026-05-04T00:00 2026-05-04T09:00",
  "exactly | type=DAILY_TIME_DEADLINE deadline=09:00:00Z | UTC | 2026-05-04T09:00:00 | none",
  "after | type=DAILY_TIME_DEADLINE deadline=09:00 | UTC | 2026-05-04T23:00:00 | none",
  "local wall time | type=DAILY_TIME_DEADLINE deadline=18:00 | Europe/Paris | 2026-05-04T15:00:00 | 2026-05-03T22:00 2026-05-04T16:00",
  "+02:00 in winter, before | type=DAILY_TIME_DEADLINE deadline=18:00:00+02:00 | Europe/Paris | 2026-01-10T15:30:00 | 2026-01-09T23:00 2026-01-10T16:00",
  "+02:00 in winter, after | type=DAILY_TIME_DEADLINE deadline=18:00:00+02:00 | Europe/Paris | 2026-01-10T16:30:00 | none",
  "before the server's midnight | type=DAILY_TIME_DEADLINE deadline=01:00+02:00 | UTC | 2026-05-04T00:10:00 | none",
]);

table("DAILY_TIME_WINDOW", [
  "inside | type=DAILY_TIME_WINDOW startTime=09:00 endTime=17:00 | UTC | 2026-05-04T12:00:00 | 2026-05-04T09:00 2026-05-04T17:00",
  "before | type=DAILY_TIME_WINDOW startTime=09:00 endTime=17:00 | UTC | 2026-05-04T08:59:59.999 | none",
  "at start | type=DAILY_TIME_WINDOW startTime=09:00 endTime=17:00 | UTC | 2026-05-04T09:00:00 | 2026-05-04T09:00 2026-05-04T17:00",
  "at end | type=DAILY_TIME_WINDOW startTime=09:00 endTime=17:00 | UTC | 2026-05-04T17:00:00 | none",
  "local | type=DAILY_TIME_WINDOW startTime=09:00:00 endTime=18:00:00 | Europe/Paris | 2026-05-04T07:30:00 | 2026-05-04T07:00 2026-05-04T16:00",
  "offsets | type=DAILY_TIME_WINDOW startTime=09:00:00Z endTime=18:00:00+02:00 | Europe/Paris | 2026-05-04T10:00:00 | 2026-05-04T09:00 2026-05-04T16:00",
  "server-zone date | type=DAILY_TIME_WINDOW startTime=00:00 endTime=01:00 | Europe/Paris | 2026-05-04T22:30:00 | 2026-05-04T22:00 2026-05-04T23:00",
  "crossing midnight never matches | type=DAILY_TIME_WINDOW startTime=22:00 endTime=02:00 | UTC | 2026-05-04T23:00:00 | none",
  "on the 23-hour day | type=DAILY_TIME_WINDOW startTime=01:00 endTime=04:00 | Europe/Paris | 2026-03-29T01:30:00 | 2026-03-29T00:00 2026-03-29T02:00",
]);

describe("expiry", () => {
  const w = { start: at("2026-05-04T10:00:00Z"), end: at("2026-05-04T11:00:00Z") };
  for (const [now, expired] of [
    ["2026-05-04T10:59:59.999Z", false],
    ["2026-05-04T11:00:00Z", true],
    ["2026-05-05T00:00:00Z", true],
  ] as const)
    test(`window ending 11:00 at ${now}: ${expired}`, () => expect(isExpired(w, at(now))).toBe(expired));
  test("a stored ISO end works too", () =>
    expect(isExpired({ end: "2026-05-04T11:00:00Z" }, at("2026-05-04T12:00:00Z"))).toBe(true));

  test("§10.3: a 2-second window is replaced by a fresh one after 2 s and the old one is expired", () => {
    const tw: TimeWindow = { type: "DURATION_WINDOW", window: "PT2S" };
    const first = currentWindow(tw, at("2026-05-04T10:00:00.500Z"), "UTC")!;
    const later = currentWindow(tw, at("2026-05-04T10:00:02.500Z"), "UTC")!;
    expect(later.start.getTime()).toBeGreaterThan(first.start.getTime());
    expect(isExpired(first, at("2026-05-04T10:00:02.500Z"))).toBe(true);
  });
  test("§10.3: daily time window and sliding window are not expired right away", () => {
    const now = at("2026-05-04T12:00:00Z");
    const daily = currentWindow({ type: "DAILY_TIME_WINDOW", startTime: "09:00", endTime: "17:00" }, now, "UTC")!;
    const sliding = currentWindow({ type: "SLIDING_WINDOW", window: "PT1H" }, now, "UTC")!;
    expect([isExpired(daily, now), isExpired(sliding, now)]).toEqual([false, false]);
  });
});

describe("validateTimeWindow", () => {
  const cases: [string, Record<string, string>, string[]][] = [
    ["empty: default type", {}, []],
    ["duration ok", { type: "DURATION_WINDOW", window: "PT1H", windowAdvance: "-PT5M" }, []],
    [
      "unknown type",
      { type: "WEEKLY" },
      [
        "unknown timeWindow type `WEEKLY`, expected one of DURATION_WINDOW, SLIDING_WINDOW, DAILY_TIME_DEADLINE, DAILY_TIME_WINDOW",
      ],
    ],
    [
      "duration forbids deadline",
      { type: "DURATION_WINDOW", deadline: "09:00" },
      ["DURATION_WINDOW does not accept `deadline`"],
    ],
    [
      "duration forbids start/end",
      { type: "DURATION_WINDOW", startTime: "09:00", endTime: "10:00" },
      ["DURATION_WINDOW does not accept `startTime`", "DURATION_WINDOW does not accept `endTime`"],
    ],
    [
      "sliding forbids windowAdvance",
      { type: "SLIDING_WINDOW", window: "PT1H", windowAdvance: "PT1M" },
      ["SLIDING_WINDOW does not accept `windowAdvance`"],
    ],
    [
      "sliding forbids deadline",
      { type: "SLIDING_WINDOW", deadline: "09:00" },
      ["SLIDING_WINDOW does not accept `deadline`"],
    ],
    ["deadline requires deadline", { type: "DAILY_TIME_DEADLINE" }, ["DAILY_TIME_DEADLINE requires `deadline`"]],
    [
      "deadline forbids window",
      { type: "DAILY_TIME_DEADLINE", deadline: "09:00", window: "PT1H" },
      ["DAILY_TIME_DEADLINE does not accept `window`"],
    ],
    [
      "deadline forbids advance and times",
      { type: "DAILY_TIME_DEADLINE", deadline: "09:00", windowAdvance: "PT1H", startTime: "08:00" },
      ["DAILY_TIME_DEADLINE does not accept `windowAdvance`", "DAILY_TIME_DEADLINE does not accept `startTime`"],
    ],
    [
      "daily window requires endTime",
      { type: "DAILY_TIME_WINDOW", startTime: "09:00" },
      ["DAILY_TIME_WINDOW requires `endTime`"],
    ],
    [
      "daily window requires both",
      { type: "DAILY_TIME_WINDOW" },
      ["DAILY_TIME_WINDOW requires `startTime`", "DAILY_TIME_WINDOW requires `endTime`"],
    ],
    [
      "daily window forbids window and deadline",
      { type: "DAILY_TIME_WINDOW", startTime: "09:00", endTime: "10:00", window: "PT1H", deadline: "11:00" },
      ["DAILY_TIME_WINDOW does not accept `window`", "DAILY_TIME_WINDOW does not accept `deadline`"],
    ],
    ["window not a duration", { window: "1 hour" }, ["`window` is not an ISO-8601 duration: `1 hour`"]],
    ["window zero", { window: "PT0S" }, ["`window` must be a positive duration: `PT0S`"]],
    ["window negative", { type: "SLIDING_WINDOW", window: "-PT1H" }, ["`window` must be a positive duration: `-PT1H`"]],
    ["window in months", { window: "P1M" }, ["`window` is not an ISO-8601 duration: `P1M`"]],
    ["advance not a duration", { windowAdvance: "soon" }, ["`windowAdvance` is not an ISO-8601 duration: `soon`"]],
    [
      "deadline 25:00",
      { type: "DAILY_TIME_DEADLINE", deadline: "25:00" },
      ["`deadline` is not a time of day (HH:MM[:SS][Z|±HH:MM]): `25:00`"],
    ],
    [
      "deadline 9am",
      { type: "DAILY_TIME_DEADLINE", deadline: "9am" },
      ["`deadline` is not a time of day (HH:MM[:SS][Z|±HH:MM]): `9am`"],
    ],
    [
      "offset out of range",
      { type: "DAILY_TIME_WINDOW", startTime: "09:00+19:00", endTime: "10:00+19:00" },
      [
        "`startTime` is not a time of day (HH:MM[:SS][Z|±HH:MM]): `09:00+19:00`",
        "`endTime` is not a time of day (HH:MM[:SS][Z|±HH:MM]): `10:00+19:00`",
      ],
    ],
    [
      "end before start",
      { type: "DAILY_TIME_WINDOW", startTime: "22:00", endTime: "02:00" },
      ["`endTime` must be after `startTime` (a daily window cannot cross midnight)"],
    ],
    [
      "end equal to start",
      { type: "DAILY_TIME_WINDOW", startTime: "10:00Z", endTime: "12:00+02:00" },
      ["`endTime` must be after `startTime` (a daily window cannot cross midnight)"],
    ],
    ["offsets compared as instants", { type: "DAILY_TIME_WINDOW", startTime: "10:00+02:00", endTime: "09:00Z" }, []],
    ["with and without offset: not compared", { type: "DAILY_TIME_WINDOW", startTime: "10:00", endTime: "09:00Z" }, []],
    ["deadline with offset ok", { type: "DAILY_TIME_DEADLINE", deadline: "18:00:00+02:00" }, []],
  ];
  for (const [name, tw, expected] of cases) test(name, () => expect(validateTimeWindow(tw)).toEqual(expected));

  test("parseTimeOfDay", () => {
    expect(parseTimeOfDay("18:00:00+02:00")).toEqual({ ms: 64_800_000, offsetMinutes: 120 });
    expect(parseTimeOfDay("09:00:00Z")).toEqual({ ms: 32_400_000, offsetMinutes: 0 });
    expect(parseTimeOfDay("09:30:15.250")).toEqual({ ms: 34_215_250 });
    expect(parseTimeOfDay("-03:30")).toBeUndefined();
  });
});

describe("nextState (the window reducer)", () => {
  const now = at("2026-05-04T10:00:00Z");
  const ev = (satisfied: string[], resetOnSuccess = true, extra: Partial<WindowEvent> = {}): WindowEvent => ({
    satisfied,
    conditions: ["a", "b"],
    resetOnSuccess,
    now,
    ...extra,
  });
  const ab = { a: true, b: true };

  test("a first condition is recorded, no fire", () =>
    expect(nextState(undefined, ev(["a"]))).toEqual({
      fire: false,
      state: { results: { a: true }, satisfiedAt: { a: now.toISOString() } },
    }));
  test("all conditions met fires and resets (delete the window)", () =>
    expect(nextState({ results: { a: true } }, ev(["b"]))).toEqual({ fire: true, state: undefined }));
  test("one execution satisfying all fires", () => expect(nextState(undefined, ev(["a", "b"])).fire).toBe(true));
  test("nothing satisfied, nothing stored", () =>
    expect(nextState(undefined, ev([]))).toEqual({ fire: false, state: undefined }));
  test("the same condition twice does not fire", () =>
    expect(nextState({ results: { a: true } }, ev(["a"])).fire).toBe(false));
  test("a result is never turned back to false", () =>
    expect(nextState({ results: { a: true } }, { ...ev(["b"]), conditions: ["a", "b", "c"] }).state?.results).toEqual(
      ab,
    ));
  test("a stored false is ignored", () => expect(nextState({ results: { a: false } }, ev(["b"])).fire).toBe(false));
  test("after a reset one condition is not enough", () => {
    const first = nextState(undefined, ev(["a", "b"]));
    expect(nextState(first.state, ev(["a"])).fire).toBe(false);
  });
  test("resetOnSuccess false: fires, keeps the results, stamps firedAt", () =>
    expect(nextState({ results: { a: true } }, ev(["b"], false)).state).toEqual({
      results: ab,
      satisfiedAt: { b: now.toISOString() },
      firedAt: now.toISOString(),
    }));
  test("resetOnSuccess false: an unrelated execution does not fire again", () => {
    const fired: WindowState = { results: ab, firedAt: "2026-05-04T09:00:00.000Z" };
    expect(nextState(fired, ev([], false))).toEqual({
      fire: false,
      state: { results: ab, satisfiedAt: {}, firedAt: fired.firedAt },
    });
  });
  test("resetOnSuccess false: a condition satisfied again fires again", () => {
    const fired: WindowState = { results: ab, firedAt: "2026-05-04T09:00:00.000Z" };
    const r = nextState(fired, ev(["a"], false));
    expect([r.fire, r.state?.firedAt]).toEqual([true, now.toISOString()]);
  });
  test("complete but not fired (crash before firing): only a satisfying execution fires", () => {
    expect(nextState({ results: ab }, ev([])).fire).toBe(false);
    expect(nextState({ results: ab }, ev(["b"])).fire).toBe(true);
  });
  test("sliding: a result older than the look-back is dropped", () => {
    const stored: WindowState = { results: { a: true }, satisfiedAt: { a: "2026-05-04T08:00:00.000Z" } };
    const r = nextState(stored, ev(["b"], true, { since: at("2026-05-04T09:00:00Z") }));
    expect(r).toEqual({ fire: false, state: { results: { b: true }, satisfiedAt: { b: now.toISOString() } } });
  });
  test("sliding: a result inside the look-back counts", () => {
    const stored: WindowState = { results: { a: true }, satisfiedAt: { a: "2026-05-04T09:30:00.000Z" } };
    expect(nextState(stored, ev(["b"], true, { since: at("2026-05-04T09:00:00Z") })).fire).toBe(true);
  });
  test("sliding: everything aged out and nothing new leaves nothing to store", () => {
    const stored: WindowState = { results: { a: true }, satisfiedAt: { a: "2026-05-04T08:00:00.000Z" } };
    expect(nextState(stored, ev([], true, { since: at("2026-05-04T09:00:00Z") }))).toEqual({
      fire: false,
      state: undefined,
    });
  });

  for (const reset of [true, false])
    test(`a restart is reloading the stored state (resetOnSuccess ${reset})`, () => {
      const events = [["a"], [], ["a"], ["b"], [], ["a"], ["b"], []];
      const fires = (reload: boolean) => {
        let state: WindowState | undefined;
        return events.map((satisfied, i) => {
          const r = nextState(state, ev(satisfied, reset, { now: new Date(now.getTime() + i * 1000) }));
          state = reload && r.state ? JSON.parse(JSON.stringify(r.state)) : r.state;
          return r.fire;
        });
      };
      expect(fires(true)).toEqual(fires(false));
      expect(fires(true)).toEqual(
        reset
          ? [false, false, false, true, false, false, true, false]
          : [false, false, false, true, false, true, true, false],
      );
    });
});
