/**
 * Parsing and validation of one input (or output) value by its declared type (§7.2 table). Pure.
 *
 * @example parseTyped({ id: "n", type: "INT", min: 1 }, "42") // { value: 42 }
 */
import { parse as parseYamlText } from "yaml";
import { parseIsoDuration } from "../lib/duration.ts";
import type { InputDef, InputType } from "../model/flow.ts";

export type Typed = { value: unknown; error?: undefined } | { error: string; value?: undefined };

type Def = Pick<InputDef, "id" | "type"> & Partial<InputDef>;

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)(:([0-5]\d)(\.\d+)?)?$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const URI_SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/;

const ok = (value: unknown): Typed => ({ value });
const bad = (error: string): Typed => ({ error });

function text(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  return typeof v === "object" && v !== null ? JSON.stringify(v) : String(v);
}

/** Instant text as Java prints it: no fraction when it is zero. */
function instant(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

function list(v: unknown): unknown[] | undefined {
  if (Array.isArray(v)) return v;
  if (typeof v === "string" && v.trim().startsWith("[")) {
    try {
      const parsed = JSON.parse(v);
      return Array.isArray(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function range<T>(
  value: T,
  min: T | undefined,
  max: T | undefined,
  show: (t: T) => string,
  lo = "less than",
  hi = "greater than",
): string | undefined {
  if (min !== undefined && min !== null && value < min) return `must not be ${lo} \`${show(min)}\``;
  if (max !== undefined && max !== null && value > max) return `must not be ${hi} \`${show(max)}\``;
  return undefined;
}

export function parseTyped(def: Def, raw: unknown): Typed {
  if (raw === null || raw === undefined) return bad("a value is required");
  switch (def.type as InputType) {
    case "STRING": {
      const s = text(raw);
      if (def.validator && !new RegExp(`^(?:${def.validator})$`).test(s)) {
        return bad(`it must match the pattern \`${def.validator}\``);
      }
      return ok(s);
    }
    case "INT": {
      const s = text(raw).trim();
      if (!/^[-+]?\d+$/.test(s)) return bad(`\`${s}\` is not an integer`);
      const n = Number(s);
      if (n > 2147483647 || n < -2147483648) return bad(`\`${s}\` is out of the 32-bit integer range`);
      const e = range(n, num(def.min), num(def.max), String);
      return e ? bad(e) : ok(n);
    }
    case "FLOAT": {
      const s = text(raw).trim();
      const n = typeof raw === "number" ? raw : s === "" ? Number.NaN : Number(s);
      if (!Number.isFinite(n)) return bad(`\`${s}\` is not a number`);
      const e = range(n, num(def.min), num(def.max), String);
      return e ? bad(e) : ok(n);
    }
    case "BOOL":
    case "BOOLEAN":
      return ok(typeof raw === "boolean" ? raw : text(raw).trim().toLowerCase() === "true");
    case "DATETIME": {
      const s = text(raw).trim();
      const ms = DATETIME.test(s) ? Date.parse(s) : Number.NaN;
      if (Number.isNaN(ms)) return bad(`\`${s}\` is not a date-time with a zone (e.g. 2024-05-01T10:00:00Z)`);
      const e = range(ms, bound(def.after, Date.parse), bound(def.before, Date.parse), instant, "before", "after");
      return e ? bad(e) : ok(instant(ms));
    }
    case "DATE": {
      const s = text(raw).trim();
      const m = DATE.exec(s);
      const d = m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)) : undefined;
      if (!d || d.getUTCDate() !== +m![3]! || d.getUTCMonth() !== +m![2]! - 1)
        return bad(`\`${s}\` is not a date (YYYY-MM-DD)`);
      const e = range(s, def.after, def.before, String, "before", "after");
      return e ? bad(e) : ok(s);
    }
    case "TIME": {
      const s = text(raw).trim();
      if (!TIME.test(s)) return bad(`\`${s}\` is not a time (HH:mm or HH:mm:ss)`);
      const norm = (t: string) => (t.length === 5 ? `${t}:00` : t);
      const e = range(norm(s), bound(def.after, norm), bound(def.before, norm), String, "before", "after");
      return e ? bad(e) : ok(s);
    }
    case "DURATION": {
      const s = text(raw).trim();
      const ms = parseIsoDuration(s);
      if (ms === undefined) return bad(`\`${s}\` is not an ISO-8601 duration (e.g. PT5M)`);
      const toMs = (d: unknown) => (d === undefined || d === null ? undefined : parseIsoDuration(String(d)));
      const e = range(ms, toMs(def.min), toMs(def.max), (x) => `${x} ms`, "shorter than", "longer than");
      return e ? bad(e) : ok(s.toUpperCase());
    }
    case "SELECT": {
      const s = text(raw);
      const values = (def.values ?? []).map(text);
      if (def.required !== false && !def.allowCustomValue && !values.includes(s)) {
        return bad(`it must match the values \`[${values.join(", ")}]\``);
      }
      return ok(s);
    }
    case "MULTISELECT": {
      const items = list(raw) ?? (typeof raw === "string" ? [raw] : undefined);
      if (!items) return bad("must be a list of values");
      const values = (def.values ?? []).map(text);
      const strs = items.map(text);
      const wrong = strs.find((v) => !values.includes(v));
      if (wrong !== undefined && !def.allowCustomValue)
        return bad(`value \`${wrong}\` is not part of the available values \`[${values.join(", ")}]\``);
      return ok(strs);
    }
    case "ARRAY": {
      const items = list(raw);
      if (!items) return bad("must be a list (or a JSON array text)");
      const out: unknown[] = [];
      for (const [i, item] of items.entries()) {
        const r = parseTyped({ id: `${def.id}[${i}]`, type: def.itemType ?? "STRING" }, item);
        if (r.error !== undefined) return bad(`item ${i}: ${r.error}`);
        out.push(r.value);
      }
      return ok(out);
    }
    case "JSON":
      if (typeof raw !== "string") return ok(raw);
      try {
        return ok(JSON.parse(raw));
      } catch (e) {
        return bad(`invalid JSON: ${(e as Error).message}`);
      }
    case "YAML":
      if (typeof raw !== "string") return ok(raw);
      try {
        return ok(parseYamlText(raw));
      } catch (e) {
        return bad(`invalid YAML: ${(e as Error).message.split("\n")[0]}`);
      }
    case "URI": {
      const s = text(raw).trim();
      return URI_SCHEME.test(s) ? ok(s) : bad("Invalid URI format.");
    }
    case "EMAIL": {
      const s = text(raw).trim();
      return s === "" || EMAIL.test(s) ? ok(s) : bad(`\`${s}\` is not a valid email address`);
    }
    case "FILE":
    case "SECRET":
      return bad(`${def.type} inputs and outputs are not supported by perch`);
    default:
      return bad(`unknown type \`${String(def.type)}\``);
  }
}

function num(v: unknown): number | undefined {
  if (v === undefined || v === null || v === "") return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

function bound<T>(v: unknown, f: (s: string) => T): T | undefined {
  return v === undefined || v === null ? undefined : f(String(v));
}
