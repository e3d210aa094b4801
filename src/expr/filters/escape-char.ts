import { type FilterDef, EvalFailure } from "../types.ts";
import { isMap, toText } from "./shared.ts";

const STYLES: Record<string, [string, string]> = {
  single: ["'", "\\'"],
  double: ['"', '\\"'],
  shell: ["'", "'\\''"],
};

function escapeDeep(v: unknown, [from, to]: [string, string]): unknown {
  if (Array.isArray(v)) return v.map((x) => escapeDeep(x, [from, to]));
  if (isMap(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, escapeDeep(x, [from, to])]));
  if (v === null || v === undefined) return v ?? null;
  return (toText(v) ?? "").replaceAll(from, to);
}

/**
 * Escapes quotes for embedding in a quoted string: `single` (' → \'), `double` (" → \"), `shell` (' → '\''); texts
 * inside lists and maps too. @example {{ "it's" | escapeChar("shell") }} → "it'\''s"
 */
export const escapeChar: FilterDef = {
  name: "escapeChar",
  params: ["type"],
  apply(input, args) {
    if (input === null || input === undefined) return null;
    if (args.type === undefined || args.type === null) {
      throw new EvalFailure("escapeChar: the argument 'type' is required (single, double or shell)");
    }
    const style = STYLES[String(args.type).toLowerCase()];
    if (!style) throw new EvalFailure(`escapeChar: unknown type '${String(args.type)}' (use single, double or shell)`);
    return escapeDeep(input, style);
  },
};
