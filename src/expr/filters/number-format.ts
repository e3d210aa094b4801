import { type FilterDef, EvalFailure } from "../types.ts";
import { kindOf, stringArg } from "./shared.ts";

/** Rounds |x| to `digits` decimals, half-even on the exact binary value (like Java's DecimalFormat). */
function roundHalfEven(x: number, digits: number): string {
  const fixed = x.toFixed(digits);
  const exact = x.toFixed(Math.min(100, digits + 60));
  const rest = exact.slice(exact.length - 60);
  if (!/^50*$/.test(rest)) return fixed;
  const down = exact.slice(0, exact.length - 60);
  const lastDigit = Number(down.replace(".", "").at(-1));
  return lastDigit % 2 === 0 ? (digits === 0 ? down.replace(/\.$/, "") : down) : fixed;
}

function groupDigits(int: string, size: number): string {
  if (size <= 0) return int;
  let out = "";
  for (let i = int.length; i > 0; i -= size) out = int.slice(Math.max(0, i - size), i) + (out ? `,${out}` : "");
  return out;
}

/**
 * Formats a number with a Java DecimalFormat pattern (subset: `0`, `#`, `,` grouping, `.`, `%`, literal prefix and
 * suffix; half-even rounding). @example {{ 1234.5 | numberFormat("#,##0.00") }} → "1,234.50"
 */
export const numberFormat: FilterDef = {
  name: "numberFormat",
  params: ["format"],
  apply(input, args) {
    if (input === null || input === undefined) return null;
    const pattern = stringArg(args.format, "numberFormat", "format").split(";")[0];
    const n = typeof input === "string" && input.trim() !== "" ? Number(input) : input;
    if (typeof n !== "number" || Number.isNaN(n))
      throw new EvalFailure(`numberFormat: expects a number, got ${kindOf(input)}`);
    const m = /^([^#0,.]*)([#0,]*)(?:\.([#0]*))?([^#0,.]*)$/.exec(pattern);
    if (!m || m[2] === "") throw new EvalFailure(`numberFormat: unsupported pattern '${pattern}'`);
    const [, prefix, intPart, fracPart = "", suffix] = m;
    const percent = (prefix + suffix).includes("%") ? 100 : (prefix + suffix).includes("‰") ? 1000 : 1;
    const value = n * percent;
    if (!Number.isFinite(value)) return value > 0 ? "∞" : value < 0 ? "-∞" : "NaN";
    const minFrac = (fracPart.match(/0/g) ?? []).length;
    const maxFrac = fracPart.length;
    const minInt = (intPart.match(/0/g) ?? []).length;
    const lastComma = intPart.lastIndexOf(",");
    const groupSize = lastComma < 0 ? 0 : intPart.length - lastComma - 1;
    let [int, frac = ""] = roundHalfEven(Math.abs(value), maxFrac).split(".");
    while (frac.length > minFrac && frac.endsWith("0")) frac = frac.slice(0, -1);
    int = int.replace(/^0+/, "").padStart(minInt, "0");
    const negative = value < 0 && /[1-9]/.test(int + frac);
    const text = groupDigits(int, groupSize) + (frac ? `.${frac}` : "");
    const literal = (s: string) => s.replace(/'([^']*)'/g, "$1");
    return `${negative ? "-" : ""}${literal(prefix)}${text || "0"}${literal(suffix)}`;
  },
};
