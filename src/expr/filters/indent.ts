import { type FilterDef, EvalFailure } from "../types.ts";
import { intArg, requireText, stringArg } from "./shared.ts";

/** Indents every line but the first by `amount` times `prefix` (default a space). Shared by nindent. */
export function indentText(input: unknown, args: Record<string, unknown>, who: string): string | null {
  if (input === null || input === undefined) return null;
  const text = requireText(input, who);
  const amount = intArg(args.amount, who, "amount");
  const prefix = stringArg(args.prefix, who, "prefix", " ");
  if (amount < 0) throw new EvalFailure(`${who}: the argument 'amount' must not be negative`);
  const newLine = text.includes("\r\n") ? "\r\n" : "\n";
  return text.replaceAll(newLine, newLine + prefix.repeat(amount));
}

/** Indents all lines except the first. @example {{ "a\nb" | indent(2) }} → "a\n  b" */
export const indent: FilterDef = {
  name: "indent",
  params: ["amount", "prefix"],
  apply(input, args) {
    return indentText(input, args, "indent");
  },
};
