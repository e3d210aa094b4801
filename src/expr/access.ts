/**
 * The sandbox: the only way the evaluator reads data. Own properties of plain objects, Map entries and list
 * items; `__proto__`, `constructor`, `prototype`, inherited members, functions and class instances are
 * unreachable (they read as undefined, which strict variables turn into an error).
 */
import { isCaseInsensitive } from "../lib/case-insensitive.ts";

export const FORBIDDEN: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

function readable(v: unknown): unknown {
  return typeof v === "function" || typeof v === "symbol" ? undefined : v;
}

/**
 * `obj[key]` for a key known at compile time not to be forbidden (attribute names of `a.b`): the fast path of
 * plain objects, else the general getAttr.
 */
export function getNamed(obj: unknown, key: string): unknown {
  if (typeof obj === "object" && obj !== null && !Array.isArray(obj)) {
    const proto = Object.getPrototypeOf(obj);
    if ((proto === Object.prototype || proto === null) && Object.hasOwn(obj, key)) {
      const v = (obj as Record<string, unknown>)[key];
      return typeof v === "function" || typeof v === "symbol" ? undefined : v;
    }
  }
  return getAttr(obj, key);
}

/** `obj[key]` under the sandbox rules; undefined when missing or unreachable */
export function getAttr(obj: unknown, key: unknown): unknown {
  if (typeof obj !== "object" || obj === null) return undefined;
  if (Array.isArray(obj)) {
    const i = typeof key === "number" ? key : typeof key === "string" && /^\d{1,15}$/.test(key) ? Number(key) : -1;
    return Number.isInteger(i) && i >= 0 && i < obj.length ? readable(obj[i]) : undefined;
  }
  if (typeof key !== "string") {
    if (typeof key !== "number" && typeof key !== "boolean") return undefined;
    if (obj instanceof Map && obj.has(key)) return readable(obj.get(key));
    key = String(key);
  }
  const k = key as string;
  if (FORBIDDEN.has(k)) return undefined;
  if (obj instanceof Map) {
    if (obj.has(k)) return readable(obj.get(k));
    return isCaseInsensitive(obj) ? readable(obj.get(k.toLowerCase())) : undefined;
  }
  const proto = Object.getPrototypeOf(obj);
  if (proto !== Object.prototype && proto !== null) return undefined;
  if (Object.hasOwn(obj, k)) return readable((obj as Record<string, unknown>)[k]);
  if (isCaseInsensitive(obj)) {
    const lower = k.toLowerCase();
    if (Object.hasOwn(obj, lower)) return readable((obj as Record<string, unknown>)[lower]);
  }
  return undefined;
}

/** sets `obj[key] = value` as an own property, even for `__proto__` (no prototype pollution) */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__")
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}
