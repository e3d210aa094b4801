/**
 * Kestra truthiness of rendered text (If, Fail, runIf): false iff the trimmed text is `false`, `0`, `-0` or empty,
 * or the value is null/undefined. Case-sensitive, like Kestra's TruthUtils.
 *
 * @example isTruthyText(" 0 ") // false
 */
export function isTruthyText(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  const t = String(value).trim();
  return !(t === "false" || t === "0" || t === "-0" || t === "");
}
