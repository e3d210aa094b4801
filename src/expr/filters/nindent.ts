import type { FilterDef } from "../types.ts";
import { indentText, lineSeparator } from "./indent.ts";
import { stringArg } from "./shared.ts";

/** A new line, then every line indented. @example {{ "a\nb" | nindent(2) }} → "\n  a\n  b" */
export const nindent: FilterDef = {
  name: "nindent",
  params: ["amount", "prefix"],
  apply(input, args) {
    const text = indentText(input, args, "nindent");
    if (text === null || text === "") return text;
    const prefix = stringArg(args.prefix, "nindent", "prefix", " ");
    return lineSeparator(String(input)) + prefix.repeat(Number(args.amount)) + text;
  },
};
