import { type FilterDef, EvalFailure } from "../types.ts";
import { intArg, requireText, stringArg } from "./shared.ts";

/** The line separator the text uses (CRLF, LFCR, LF, CR; LF when none), as Kestra detects it. */
export function lineSeparator(text: string): string {
  return ["\r\n", "\n\r", "\n", "\r"].find((s) => text.includes(s)) ?? "\n";
}

/** Indents every line but the first by `amount` times `prefix` (default a space). Shared by nindent. */
export function indentText(input: unknown, args: Record<string, unknown>, who: string): string | null {
  if (input === null || input === undefined) return null;
  const text = requireText(input, who);
  if (text === "") return text;
  const amount = intArg(args.amount, who, "amount");
  const prefix = stringArg(args.prefix, who, "prefix", " ");
  if (amount < 0) throw new EvalFailure(`${who}: the argument 'amount' must not be negative`);
  const newLine = lineSeparator(text);
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
