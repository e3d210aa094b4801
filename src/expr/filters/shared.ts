/** Small helpers shared by the filters and functions (value kinds, text conversion, argument checks). */
import { EvalFailure } from "../types.ts";

export function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** A short name of the value's kind, for error messages. */
export function kindOf(v: unknown): string {
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  if (Array.isArray(v)) return "list";
  if (isMap(v)) return "map";
  return typeof v;
}

/** Text of a scalar (numbers, booleans as written), JSON for lists and maps; null/undefined stay null. */
export function toText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return v;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/** Text of the input or an EvalFailure naming the filter when the input is null. */
export function requireText(v: unknown, who: string): string {
  const t = toText(v);
  if (t === null) throw new EvalFailure(`${who}: expects a text input, got ${kindOf(v)}`);
  return t;
}

export function requireList(v: unknown, who: string): unknown[] {
  if (!Array.isArray(v)) throw new EvalFailure(`${who}: expects a list, got ${kindOf(v)}`);
  return v;
}

export function requireMap(v: unknown, who: string): Record<string, unknown> {
  if (!isMap(v)) throw new EvalFailure(`${who}: expects a map, got ${kindOf(v)}`);
  return v;
}

/** An integer argument; `fallback` when missing (undefined fallback = required). */
export function intArg(v: unknown, who: string, name: string, fallback?: number): number {
  if (v === undefined || v === null) {
    if (fallback === undefined) throw new EvalFailure(`${who}: the argument '${name}' is required`);
    return fallback;
  }
  const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
  if (typeof n !== "number" || !Number.isInteger(n)) {
    throw new EvalFailure(`${who}: the argument '${name}' must be an integer, got ${JSON.stringify(v) ?? kindOf(v)}`);
  }
  return n;
}

export function stringArg(v: unknown, who: string, name: string, fallback?: string): string {
  if (v === undefined || v === null) {
    if (fallback === undefined) throw new EvalFailure(`${who}: the argument '${name}' is required`);
    return fallback;
  }
  if (typeof v !== "string") throw new EvalFailure(`${who}: the argument '${name}' must be text, got ${kindOf(v)}`);
  return v;
}

/** A stable key for deep equality (maps compared by content, key order ignored). */
export function equalityKey(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(equalityKey).join(",")}]`;
  if (isMap(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${equalityKey(v[k])}`)
      .join(",")}}`;
  }
  return v === undefined ? "null" : JSON.stringify(v);
}

/** Java-like comparison for sort: numbers numerically, texts by UTF-16 code units; other mixes fail. */
export function compareValues(a: unknown, b: unknown, who: string): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  throw new EvalFailure(`${who}: cannot compare ${kindOf(a)} with ${kindOf(b)}`);
}
