/**
 * Binary and unary operators on values. Numbers stay JS numbers: when both operands are integers and neither
 * side is a decimal literal, `/` divides as Java longs do (truncated toward zero) and `/ 0`, `% 0` are errors.
 * Each function throws an OpError (message only); the compiler adds the position.
 */
import { compare, equals, isMap, toText, typeName } from "./values.ts";

export class OpError extends Error {}

function num(op: string, a: unknown, b: unknown): [number, number] {
  if (typeof a !== "number" || typeof b !== "number") {
    throw new OpError(`Cannot apply \`${op}\` to ${typeName(a)} and ${typeName(b)}`);
  }
  return [a, b];
}

/** Java's String.valueOf for `+` with a string side: null prints as "null" */
function javaText(v: unknown): string {
  return v === null || v === undefined ? "null" : toText(v);
}

export function add(a: unknown, b: unknown): unknown {
  if (typeof a === "string" || typeof b === "string") return javaText(a) + javaText(b);
  if (Array.isArray(a)) return Array.isArray(b) ? [...a, ...b] : [...a, b];
  const [x, y] = num("+", a, b);
  return x + y;
}

export function subtract(a: unknown, b: unknown): unknown {
  if (Array.isArray(a)) {
    if (Array.isArray(b)) return a.filter((x) => !b.some((y) => equals(x, y)));
    const i = a.findIndex((x) => equals(x, b));
    return i < 0 ? [...a] : [...a.slice(0, i), ...a.slice(i + 1)];
  }
  const [x, y] = num("-", a, b);
  return x - y;
}

export function multiply(a: unknown, b: unknown): number {
  const [x, y] = num("*", a, b);
  return x * y;
}

export function divide(a: unknown, b: unknown, decimal: boolean): number {
  const [x, y] = num("/", a, b);
  if (!decimal && Number.isInteger(x) && Number.isInteger(y)) {
    if (y === 0) throw new OpError("Division by zero");
    return Math.trunc(x / y);
  }
  return x / y;
}

export function modulo(a: unknown, b: unknown, decimal: boolean): number {
  const [x, y] = num("%", a, b);
  if (!decimal && Number.isInteger(x) && Number.isInteger(y) && y === 0) throw new OpError("Division by zero");
  return x % y;
}

export function negate(a: unknown): number {
  if (typeof a !== "number") throw new OpError(`Cannot apply unary \`-\` to ${typeName(a)}`);
  return -a;
}

export function plus(a: unknown): number {
  if (typeof a !== "number") throw new OpError(`Cannot apply unary \`+\` to ${typeName(a)}`);
  return a;
}

/** `~`: both sides printed, null as empty */
export function concat(a: unknown, b: unknown): string {
  return toText(a) + toText(b);
}

export function lessThan(op: string, a: unknown, b: unknown): boolean {
  const c = compare(a, b);
  if (c === undefined) {
    if (typeof a === "number" && typeof b === "number") return false; // NaN
    throw new OpError(`Cannot compare ${typeName(a)} with ${typeName(b)} using \`${op}\``);
  }
  switch (op) {
    case "<":
      return c < 0;
    case "<=":
      return c <= 0;
    case ">":
      return c > 0;
    default:
      return c >= 0;
  }
}

/** `contains`: substring of a text, element(s) of a list, key of a map; false on null */
export function contains(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined) return false;
  if (typeof a === "string") return a.includes(javaText(b));
  if (Array.isArray(a)) {
    if (Array.isArray(b)) return b.every((y) => a.some((x) => equals(x, y)));
    return a.some((x) => equals(x, b));
  }
  if (isMap(a)) {
    if (Array.isArray(b)) return b.every((k) => hasKey(a, k));
    return hasKey(a, b);
  }
  throw new OpError(`Cannot use \`contains\` on ${typeName(a)}`);
}

function hasKey(m: Record<string, unknown> | Map<unknown, unknown>, k: unknown): boolean {
  if (m instanceof Map) return m.has(k) || m.has(String(k));
  return (typeof k === "string" || typeof k === "number") && Object.hasOwn(m, String(k));
}

/** Kestra's `isIn`: the left value's text equals the text of an element of a list, or a key or value of a map */
export function isIn(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return false;
  const t = toText(a);
  if (Array.isArray(b)) return b.some((x) => toText(x) === t);
  if (isMap(b)) {
    const list = b instanceof Map ? [...b] : Object.entries(b);
    return list.some(([k, v]) => toText(k) === t || toText(v) === t);
  }
  return false;
}

/** `a..b`: inclusive list of integers, or of characters for two one-character texts; `count` guards the size */
export function range(a: unknown, b: unknown, count: (n: number) => void): unknown[] {
  if (typeof a === "string" && typeof b === "string" && a.length === 1 && b.length === 1) {
    const from = a.charCodeAt(0);
    const to = b.charCodeAt(0);
    count(Math.max(0, to - from + 1));
    const out: string[] = [];
    for (let c = from; c <= to; c++) out.push(String.fromCharCode(c));
    return out;
  }
  const [x, y] = num("..", a, b);
  if (!Number.isInteger(x) || !Number.isInteger(y)) throw new OpError("A range needs integer bounds");
  count(Math.max(0, y - x + 1));
  const out: number[] = [];
  for (let i = x; i <= y; i++) out.push(i);
  return out;
}
