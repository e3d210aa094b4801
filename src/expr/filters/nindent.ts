import type { FilterDef } from "../types.ts";
import { indentText } from "./indent.ts";
import { stringArg } from "./shared.ts";

/** A new line, then every line indented. @example {{ "a\nb" | nindent(2) }} → "\n  a\n  b" */
export const nindent: FilterDef = {
  name: "nindent",
  params: ["amount", "prefix"],
  apply(input, args) {
    const text = indentText(input, args, "nindent");
    if (text === null) return null;
    const prefix = stringArg(args.prefix, "nindent", "prefix", " ");
    const newLine = text.includes("\r\n") ? "\r\n" : "\n";
    return newLine + prefix.repeat(Number(args.amount)) + text;
  },
};
