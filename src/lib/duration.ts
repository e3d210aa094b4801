/**
 * ISO-8601 durations as Kestra writes them (`PT5M`, `PT0.5S`, `P1D`, `P1DT2H`, `-PT1S`), to milliseconds.
 * Years and months are not fixed lengths and are rejected (Java's Duration rejects them too).
 *
 * @example parseIsoDuration("PT1M30S") // 90000
 */
const RE =
  /^([-+])?P(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/i;

/** milliseconds, or undefined when `text` is not an ISO-8601 duration */
export function parseIsoDuration(text: string): number | undefined {
  const m = RE.exec(text.trim());
  if (!m || text.trim().toUpperCase().endsWith("T")) return undefined;
  if (m.slice(2).every((g) => g === undefined)) return undefined;
  const n = (g: string | undefined) => (g === undefined ? 0 : Number(g.replace(",", ".")));
  const ms = n(m[2]) * 604_800_000 + n(m[3]) * 86_400_000 + n(m[4]) * 3_600_000 + n(m[5]) * 60_000 + n(m[6]) * 1000;
  return m[1] === "-" ? -Math.round(ms) : Math.round(ms);
}

export function isIsoDuration(text: string): boolean {
  return parseIsoDuration(text) !== undefined;
}
