/**
 * Parsers of configuration values. Each returns the value or throws a ConfigValueError whose message says what
 * was expected and what was given; the loader prefixes it with the source (`--port`, `PERCH_PORT`, `perch.yaml: server.port`).
 */
import { parseIsoDuration } from "../lib/duration.ts";

export class ConfigValueError extends Error {}

const show = (v: unknown) => (typeof v === "string" ? `'${v}'` : JSON.stringify(v));

function fail(expected: string, got: unknown): never {
  throw new ConfigValueError(`expected ${expected}, got ${show(got)}`);
}

export function text(v: unknown): string {
  if (typeof v !== "string" || v.trim() === "") fail("a non-empty string", v);
  return v;
}

export function integer(min: number, max: number) {
  return (v: unknown): number => {
    const s = typeof v === "number" ? String(v) : typeof v === "string" ? v.trim() : "";
    if (!/^\d+$/.test(s) || Number(s) < min || Number(s) > max) fail(`an integer ${min}-${max}`, v);
    return Number(s);
  };
}

export const port = integer(0, 65535);

export function httpUrl(v: unknown): string {
  const s = text(v).trim();
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return fail("an http(s) URL like http://perch.example.com", v);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") fail("an http(s) URL like http://perch.example.com", v);
  return s.replace(/\/+$/, "");
}

export function oneOf<T extends string>(values: readonly T[]) {
  return (v: unknown): T => {
    if (typeof v !== "string" || !values.includes(v as T)) fail(values.map((x) => `'${x}'`).join(" or "), v);
    return v as T;
  };
}

export function timeZone(v: unknown): string {
  const s = text(v);
  try {
    new Intl.DateTimeFormat("en", { timeZone: s });
  } catch {
    fail("an IANA time zone like Europe/Paris or UTC", v);
  }
  return s;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** ISO-8601 (`PT10M`) or a number with a unit (`500ms`, `30s`, `10m`, `1h`) → milliseconds */
export function duration(v: unknown): number {
  const s = typeof v === "string" ? v.trim() : "";
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(s);
  const ms = m ? Number(m[1]) * UNITS[m[2]!]! : parseIsoDuration(s);
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) fail("a duration like PT10M, 30s or 500ms", v);
  return Math.round(ms);
}

/** `true`/`false` (also yes/no, on/off, 1/0); a flag given without value is `true` */
export function boolean(v: unknown): boolean {
  if (typeof v === "boolean") return v;
  const s = typeof v === "string" ? v.trim().toLowerCase() : "";
  if (["true", "yes", "on", "1"].includes(s)) return true;
  if (["false", "no", "off", "0"].includes(s)) return false;
  return fail("true or false", v);
}

/** a retention age: a duration (`P30D`, `PT12H`, `90m`) in ms, or `0`/`off` (0: never purge) */
export function retention(v: unknown): number {
  const s = typeof v === "number" ? String(v) : typeof v === "string" ? v.trim().toLowerCase() : "";
  if (s === "0" || s === "off" || s === "false") return 0;
  try {
    return duration(typeof v === "string" ? v.trim() : v);
  } catch {
    return fail("a duration like P30D or PT12H, or 0/off to keep everything", v);
  }
}

const SIZES: Record<string, number> = {
  "": 1,
  b: 1,
  k: 1024,
  kb: 1000,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1000 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1000 ** 3,
  gib: 1024 ** 3,
};

/** bytes: `1048576`, `512KiB`, `10MiB`, `10MB`, `1g` */
export function byteSize(v: unknown): number {
  const s = typeof v === "number" ? String(v) : typeof v === "string" ? v.trim().toLowerCase() : "";
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/.exec(s);
  const unit = m ? SIZES[m[2]!] : undefined;
  const n = m && unit !== undefined ? Math.floor(Number(m[1]) * unit) : 0;
  if (n < 1) fail("a size in bytes like 10485760 or 10MiB", v);
  return n;
}
