/** Small formatting helpers of the web pages: durations, dates, pretty JSON, shell quoting, the `curl` line. */

/** `850 ms`, `1.2 s`, `3 min 4 s`, `2 h 5 min` */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** `2026-11-27 09:41:01.123` (UTC, as stored) */
export function formatDate(iso: string | undefined): string {
  if (!iso) return "";
  return iso.replace("T", " ").replace(/Z$/, "");
}

/** indented JSON of a value (the template escapes it) */
export function prettyJson(value: unknown): string {
  if (value === undefined) return "";
  if (typeof value === "string") return value;
  // lists of one scalar (header and parameter values) stay on one line
  const text = JSON.stringify(value, null, 2) ?? "";
  return text.replace(/\[\n\s+("(?:[^"\\]|\\.)*"|-?[\d.eE+]+|true|false|null)\n\s*\]/g, "[$1]");
}

/** a POSIX shell word: single-quoted unless made of safe characters only */
export function shellQuote(s: string): string {
  if (/^[\w@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/** the `curl` command line sending this request */
export function curlLine(method: string, url: string, contentType: string, body: string): string {
  const parts = ["curl", "-X", method, shellQuote(url)];
  if (body !== "" && contentType !== "") parts.push("-H", shellQuote(`Content-Type: ${contentType}`));
  if (body !== "") parts.push("--data-binary", shellQuote(body));
  return parts.join(" ");
}

const LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR"];

/** rank of a log level (TRACE 0 … ERROR 4); unknown levels count as INFO */
export function levelRank(level: string): number {
  const i = LEVELS.indexOf(level.toUpperCase());
  return i < 0 ? 2 : i;
}

export const LOG_LEVELS: readonly string[] = LEVELS;
