/**
 * Marks a map whose keys are looked up case-insensitively by the expression engine (HTTP header maps:
 * `trigger.headers['Content-Type']` and `trigger.headers['content-type']` both work). Keys are stored lower-case;
 * the mark is a symbol, so JSON serialisation is unchanged.
 */
export const CASE_INSENSITIVE = Symbol.for("perch.caseInsensitiveKeys");

export function caseInsensitive<T extends object>(map: T): T {
  Object.defineProperty(map, CASE_INSENSITIVE, { value: true, enumerable: false });
  return map;
}

export function isCaseInsensitive(value: unknown): boolean {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[CASE_INSENSITIVE] === true;
}
