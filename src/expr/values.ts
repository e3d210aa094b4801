/** Value helpers of the dialect: printing, truthiness, equality, ordering, type names. */

/** a plain data map: a plain object (prototype Object.prototype or null) or a Map */
export function isMap(v: unknown): v is Record<string, unknown> | Map<unknown, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  if (v instanceof Map) return true;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function typeName(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v)) return "list";
  if (isMap(v)) return "map";
  return typeof v;
}

/**
 * Java's Double.toString for a finite double: `1.0`, `0.1`, `1.0E7`, `1.5E-4`.
 * Integers that are not marked decimal are printed without a fraction by `formatNumber`.
 */
export function formatDouble(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? "NaN" : n > 0 ? "Infinity" : "-Infinity";
  if (n === 0) return Object.is(n, -0) ? "-0.0" : "0.0";
  const abs = Math.abs(n);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(n);
    return s.includes(".") ? s : `${s}.0`;
  }
  const [mant, exp] = n.toExponential().split("e") as [string, string];
  return `${mant.includes(".") ? mant : `${mant}.0`}E${Number(exp)}`;
}

/** texts of 0..1023, made once (loop indexes, counts, small values: printed all the time) */
const SMALL_INTS: string[] = Array.from({ length: 1024 }, (_, i) => String(i));

/** integers print as digits, other numbers like Java doubles */
export function formatNumber(n: number, decimal = false): string {
  if (!decimal && n >= 0 && n < 1024 && (n | 0) === n) return SMALL_INTS[n]!; // -0 too: prints "0" either way
  if (Number.isInteger(n) && !decimal) {
    return Math.abs(n) < 1e21 ? String(n) : BigInt(n).toString();
  }
  return formatDouble(n);
}

/** JSON text of a value, for printing maps and lists (Map instances as objects) */
export function toJson(v: unknown): string {
  return (
    JSON.stringify(v, (_k, x) => {
      if (x instanceof Map) return Object.fromEntries(x);
      if (typeof x === "bigint") return x.toString();
      if (typeof x === "function" || typeof x === "symbol") return undefined;
      return x;
    }) ?? "null"
  );
}

/** what `{{ v }}` prints: strings as is, null as '', maps and lists as compact JSON */
export function toText(v: unknown, decimal = false): string {
  switch (typeof v) {
    case "string":
      return v;
    case "number":
      return formatNumber(v, decimal);
    case "boolean":
      return v ? "true" : "false";
    case "undefined":
      return "";
    case "bigint":
      return v.toString();
    case "object":
      if (v === null) return "";
      if (v instanceof Date) return Number.isNaN(v.getTime()) ? "" : v.toISOString();
      return toJson(v);
    default:
      return "";
  }
}

/**
 * Kestra truthiness of a rendered text: false iff the trimmed text is `false`, `0`, `-0` or empty, or the
 * value is null/undefined. Non-strings are printed first.
 *
 * @example
 * isTruthy(" false ") // false
 * isTruthy("yes")     // true
 */
export function isTruthy(text: unknown): boolean {
  if (text === null || text === undefined) return false;
  const t = (typeof text === "string" ? text : toText(text)).trim();
  return !(t === "" || t === "false" || t === "0" || t === "-0");
}

/** truthiness inside templates (`if`, `and`, `or`, `not`, `?:`): booleans, non-zero numbers, Kestra-truthy texts, non-empty collections */
export function truthy(v: unknown): boolean {
  if (v === true) return true;
  if (v === false || v === null || v === undefined) return false;
  if (typeof v === "number") return v !== 0 && !Number.isNaN(v);
  if (typeof v === "string") return isTruthy(v);
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map) return v.size > 0;
  if (typeof v === "object") return Object.keys(v).length > 0;
  return true;
}

/** `==`: numbers numerically, strings by value, lists and maps deeply; no coercion between types (1 != '1') */
export function equals(a: unknown, b: unknown, depth = 0): boolean {
  if (a === b) return true;
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === null || b === null) return a === b;
  if (typeof a !== "object" || typeof b !== "object") return false;
  if (depth > 200) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equals(a[i], b[i], depth + 1)) return false;
    return true;
  }
  if (Array.isArray(b) || !isMap(a) || !isMap(b)) return false;
  const ea = entries(a);
  const eb = new Map(entries(b));
  if (ea.length !== eb.size) return false;
  for (const [k, v] of ea) if (!eb.has(k) || !equals(v, eb.get(k), depth + 1)) return false;
  return true;
}

/** own entries of a map (keys as strings) */
export function entries(m: Record<string, unknown> | Map<unknown, unknown>): [string, unknown][] {
  if (m instanceof Map) return [...m].map(([k, v]) => [String(k), v]);
  return Object.entries(m);
}

/** ordering for `< <= > >=`: numbers numerically, strings lexicographically (as Kestra); otherwise undefined */
export function compare(a: unknown, b: unknown): number | undefined {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : a === b ? 0 : undefined;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
}
