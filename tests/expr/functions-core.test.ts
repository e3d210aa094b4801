import { describe, expect, test } from "bun:test";
import { EvalFailure } from "../../src/expr/types.ts";
import { filters } from "../../src/expr/filters/index.ts";
import { functions } from "../../src/expr/functions/index.ts";
import { callFunction, testEnv } from "./helpers-env.ts";

const FILTER_NAMES =
  "abbreviate abs base64decode base64encode capitalize chunk className date dateAdd default distinct endsWith escapeChar first flatten indent join jq json keys last length lower md5 merge nindent number numberFormat replace reverse rsort sha1 sha256 sha512 slice slugify sort split startsWith string substringAfter substringAfterLast substringBefore substringBeforeLast timestamp timestampMicro timestampMilli timestampNano title toJson trim upper urldecode urlencode values yaml";
const FUNCTION_NAMES =
  "fromJson id ksuid max min nanoId now printContext randomInt range render renderOnce secret uuid yaml";

describe("registries", () => {
  test("every filter is registered once", () => {
    expect(filters.map((f) => f.name).sort()).toEqual(FILTER_NAMES.split(" ").sort());
  });
  test("every function is registered once", () => {
    expect(functions.map((f) => f.name).sort()).toEqual(FUNCTION_NAMES.split(" ").sort());
  });
  test("params are declared names", () => {
    for (const d of [...filters, ...functions]) expect(d.params.every((p) => /^[A-Za-z_]+$/.test(p))).toBe(true);
  });
});

type Case = [fn: string, args: unknown[] | Record<string, unknown>, expected: unknown];

const cases: Case[] = [
  ["now", [], "2024-05-01T12:15:30.123000+02:00"],
  ["now", { timeZone: "UTC" }, "2024-05-01T10:15:30.123000Z"],
  ["now", ["sql_milli", "UTC"], "2024-05-01 10:15:30.123"],
  ["now", ["yyyy-MM-dd HH:mm"], "2024-05-01 12:15"],
  ["now", { format: "iso_sec", timeZone: "America/New_York" }, "2024-05-01T06:15:30-04:00"],
  ["now", { format: "EEEE", locale: "fr_FR" }, "mercredi"],
  ["now", ["iso_instant"], "2024-05-01T10:15:30.123Z"],
  ["secret", ["github_token"], "s3cr3t"],
  ["secret", ["GITHUB_TOKEN"], "s3cr3t"],
  ["secret", { key: "json", subkey: "user" }, "bob"],
  ["secret", ["json", "some.namespace", "pass"], "pw"],
  ["fromJson", ['{"a":[1,2],"b":null}'], { a: [1, 2], b: null }],
  ["fromJson", ["42"], 42],
  ["fromJson", ['"x"'], "x"],
  ["fromJson", [null], null],
  ["yaml", ["a: [1, 2]\nb: x\n"], { a: [1, 2], b: "x" }],
  ["yaml", ["- 1\n- two\n"], [1, "two"]],
  ["yaml", [""], null],
  ["render", ["{{ greeting }}"], "Hello World"],
  ["render", ["{{ deep }}"], "Hello World!"],
  ["render", ["{{ deep }}", false], "{{ greeting }}!"],
  ["render", { toRender: "{{ deep }}", recursive: false }, "{{ greeting }}!"],
  ["render", ["plain"], "plain"],
  ["render", [42], 42],
  ["render", [null], null],
  ["renderOnce", ["{{ deep }}"], "{{ greeting }}!"],
  ["renderOnce", ["{{ greeting }}"], "Hello {{ name }}"],
  ["renderOnce", ["{{ name }}"], "World"],
  ["render", { template: "{{ greeting }}" }, "Hello World"],
  ["renderOnce", [[1]], [1]],
  ["range", [1, 5], [1, 2, 3, 4, 5]],
  ["range", [0, 10, 3], [0, 3, 6, 9]],
  ["range", [5, 1, -2], [5, 3, 1]],
  ["range", [3, 1], []],
  ["range", [2, 2], [2]],
  ["range", [0, 1, 0.5], [0, 0.5, 1]],
  ["min", [3, 1, 2], 1],
  ["min", [[4, -1, 9]], -1],
  ["min", ["b", "a"], "a"],
  ["max", [3, 1, 2], 3],
  ["max", [[4, -1, 9]], 9],
  ["max", [1.5, 1.25], 1.5],
  ["printContext", [], { name: "World", greeting: "Hello {{ name }}", deep: "{{ greeting }}!" }],
];

describe("functions", () => {
  test.each(cases)("%s(%p)", (name, args, expected) => {
    expect(callFunction(name, args)).toEqual(expected);
  });

  test("uuid() is a v4 UUID, different each call", () => {
    const a = callFunction("uuid") as string;
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(callFunction("uuid")).not.toBe(a);
  });

  test("id() is 22 base62 characters", () => {
    const a = callFunction("id") as string;
    expect(a).toMatch(/^[0-9A-Za-z]{22}$/);
    expect(callFunction("id")).not.toBe(a);
  });

  test("ksuid() is 27 base62 characters whose first 4 bytes are the clock", () => {
    const a = callFunction("ksuid") as string;
    expect(a).toMatch(/^[0-9A-Za-z]{27}$/);
    let n = 0n;
    for (const c of a)
      n = n * 62n + BigInt("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".indexOf(c));
    const seconds = Number(n >> 128n) + 1_400_000_000;
    expect(seconds).toBe(Math.floor(Date.parse("2024-05-01T10:15:30Z") / 1000));
  });

  test("nanoId() default length and alphabet, custom ones", () => {
    expect(callFunction("nanoId")).toMatch(/^[A-Za-z0-9_-]{21}$/);
    expect(callFunction("nanoId", [8])).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(callFunction("nanoId", [30, "ab"])).toMatch(/^[ab]{30}$/);
    expect(callFunction("nanoId", { alphabet: "x" })).toBe("x".repeat(21));
  });

  test("randomInt(lower, upper) stays in [lower, upper)", () => {
    const seen = new Set<unknown>();
    for (let i = 0; i < 300; i++) seen.add(callFunction("randomInt", [1, 4]));
    expect([...seen].sort()).toEqual([1, 2, 3]);
    expect(callFunction("randomInt", [-5, -4])).toBe(-5);
    expect(callFunction("randomInt", [7, 7])).toBe(7);
  });

  test("range counts iterations against the limit", () => {
    const env = testEnv({ maxTicks: 100 });
    expect(() => callFunction("range", [1, 1_000_000], env)).toThrow("too many iterations");
  });

  test("render stops after 100 passes", () => {
    let n = 0;
    const env = testEnv({ renderTemplate: (s) => `${s}${n++}` });
    expect(() => callFunction("render", ["x"], env)).toThrow("Too many rendering attempts");
    expect(n).toBe(100);
  });
});

const errors: [string, unknown[] | Record<string, unknown>, RegExp][] = [
  ["secret", ["missing"], /Cannot find secret for key 'missing'/],
  ["secret", [], /secret: the argument 'key' is required/],
  ["secret", { key: "github_token", subkey: "x" }, /secret: the secret 'github_token' is not JSON/],
  ["secret", { key: "json", subkey: "nope" }, /Cannot find secret sub-key 'nope'/],
  ["fromJson", ["{bad"], /fromJson: invalid JSON/],
  ["fromJson", [12], /fromJson: the argument 'json' must be text/],
  ["yaml", ["a: [1"], /yaml: invalid YAML/],
  ["now", { timeZone: "Nowhere/Zone" }, /now: unknown time zone/],
  ["now", ["qqqqqqq bbb"], /now: unknown pattern letter 'b'/],
  ["range", [1, 5, 0], /range: the argument 'step' must not be 0/],
  ["range", ["a", 5], /range: the argument 'start' must be a number/],
  ["min", [], /min: expects at least one value/],
  ["max", [1, "a"], /max: cannot compare/],
  ["randomInt", [5, 4], /randomInt: 'upper' \(4\) is less than 'lower' \(5\)/],
  ["nanoId", [1001], /nanoId: the argument 'length' must not exceed 1000/],
  ["randomInt", [1], /randomInt: the argument 'upper' is required/],
  ["randomInt", [1.5, 3], /randomInt: the argument 'lower' must be an integer/],
  ["nanoId", [0], /nanoId: the argument 'length' must be greater than 0/],
  ["nanoId", [5, ""], /nanoId: the argument 'alphabet' must have between 1 and 255 characters/],
];

describe("function errors", () => {
  test.each(errors)("%s(%p) fails", (name, args, message) => {
    expect(() => callFunction(name, args)).toThrow(EvalFailure);
    expect(() => callFunction(name, args)).toThrow(message);
  });
});
