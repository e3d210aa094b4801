/** ISO-8601 duration of a number of milliseconds, as Java prints it: `PT0.512S`, `PT1M2.5S`, `PT2H`, `PT0S`. */
export function formatIsoDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms === 0) return "PT0S";
  const neg = ms < 0;
  let rest = Math.abs(Math.round(ms));
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  let out = "PT";
  if (h) out += `${h}H`;
  if (m) out += `${m}M`;
  if (rest) {
    const s = Math.floor(rest / 1000);
    const frac = rest % 1000;
    out += frac ? `${s}.${String(frac).padStart(3, "0").replace(/0+$/, "")}S` : `${s}S`;
  }
  return neg ? `-${out}` : out;
}
